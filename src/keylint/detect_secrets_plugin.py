"""keylint's Anthropic credential detector as a detect-secrets plugin.

    detect-secrets scan --plugin "$(python -c 'import keylint.detect_secrets_plugin as m; print(m.__file__)')"

The detector reuses keylint's own patterns and placeholder filter (keylint.analysis.secrets),
so both tools agree on what a key is. detect-secrets itself ships no Anthropic detector, and its
keyword heuristics drop the canonical ``Anthropic(api_key="...")`` line. This module is the only
place that imports detect_secrets; keylint's own scan never loads it (its import alone costs
more than a whole pre-commit run of keylint).
"""

from __future__ import annotations

import re
from collections.abc import Generator

from detect_secrets.plugins.base import RegexBasedDetector

from keylint.analysis import secrets as _secrets


class AnthropicDetector(RegexBasedDetector):
    """Scans for Anthropic credentials (API, Admin, OAuth and session keys)."""

    secret_type = "Anthropic API Key"

    denylist = [re.compile(_secrets._KEY.pattern)]

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        for match in _secrets.find_keys(string):
            if match.is_placeholder:
                continue
            yield string[match.start:match.end]
