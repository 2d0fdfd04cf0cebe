"""Inline suppressions: ``keylint: ignore[KL001]`` and ``keylint: ignore-file[KL005]``.

A directive lives in a comment of any style (``#``, ``//``, ``/* */``, ``<!-- -->``, ``--``,
``;``). ``ignore[...]`` applies to its own line; when the comment stands alone on its line it
applies to the next line too. ``ignore-file[...]`` applies to the whole file. Several ids or
names are separated by commas; a reason may follow ``--``. A bare ``keylint: ignore`` suppresses
every rule on the line (reported by ``--show-unused-ignores`` as too broad).

Optionally (config ``other-pragmas = true``) other scanners' allow comments are honoured for
credential findings: ``pragma: allowlist secret`` / ``pragma: allowlist nextline secret``
(detect-secrets) and ``gitleaks:allow``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(
    r"(?P<lead>#|//|/\*|<!--|--|;|%|\{/\*)\s*keylint:\s*(?P<kind>ignore-file|ignore)\b"
    r"(?:\[(?P<ids>[^\]]*)\])?(?:\s*--\s*(?P<reason>.*?))?\s*(?:\*/|-->|\*/\})?\s*$"
)
_DETECT_SECRETS = re.compile(r"pragma:\s*allowlist\s+(?P<next>nextline\s+)?secret")
_GITLEAKS = re.compile(r"gitleaks:allow")


@dataclass
class Directive:
    line: int  # where the comment is
    ids: tuple[str, ...]  # empty = all rules
    applies_to: tuple[int, ...]  # lines it covers
    is_file: bool = False
    reason: str = ""
    used: bool = False


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)
    other_lines: set[int] = field(default_factory=set)  # lines covered by other tools' pragmas

    def match(self, rule_id: str, rule_name: str, line: int, *, is_credential: bool = False,
              honour_other: bool = False) -> bool:
        hit = False
        for d in self.directives:
            if (d.is_file or line in d.applies_to) and (not d.ids or rule_id in d.ids or rule_name in d.ids):
                d.used = True
                hit = True
        if not hit and honour_other and is_credential and line in self.other_lines:
            hit = True
        return hit

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if not d.used]

    def __bool__(self) -> bool:
        return bool(self.directives or self.other_lines)


def parse_suppressions(text: str) -> Suppressions:
    """Find every directive in a file's text (cheap: only lines mentioning ``keylint:``)."""
    result = Suppressions()
    if "keylint:" not in text and "allowlist" not in text and "gitleaks:allow" not in text:
        return result
    lines = text.split("\n")
    for index, raw in enumerate(lines):
        line_no = index + 1
        if "keylint:" in raw:
            m = _DIRECTIVE.search(raw)
            if m is not None:
                ids = tuple(x.strip().upper() if x.strip().upper().startswith("KL") else x.strip()
                            for x in (m["ids"] or "").split(",") if x.strip())
                alone = raw[: m.start()].strip() == ""
                applies = (line_no, line_no + 1) if alone else (line_no,)
                result.directives.append(Directive(
                    line=line_no, ids=ids, applies_to=applies, is_file=m["kind"] == "ignore-file",
                    reason=(m["reason"] or "").strip()))
        if "allowlist" in raw:
            m2 = _DETECT_SECRETS.search(raw)
            if m2 is not None:
                result.other_lines.add(line_no + 1 if m2["next"] else line_no)
        if "gitleaks:allow" in raw and _GITLEAKS.search(raw):
            result.other_lines.add(line_no)
    return result
