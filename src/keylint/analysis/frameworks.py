"""Knowledge tables shared by the front ends and rules (research/llm-rules.md §1.3-§1.9).

Plain data, no logic beyond tiny helpers. Sections are owned by different engineers: edit your
section with small, local changes.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------
# Shared (both languages)
# --------------------------------------------------------------------------------------------
#: env vars that hold an Anthropic credential (KL006, KL010)
SECRET_ENV_VARS = frozenset({
    "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_FOUNDRY_API_KEY", "ANTHROPIC_AWS_API_KEY",
    "AWS_BEARER_TOKEN_BEDROCK", "ANTHROPIC_WEBHOOK_SIGNING_KEY", "ANTHROPIC_IDENTITY_TOKEN",
    "ANTHROPIC_ENVIRONMENT_KEY", "ANTHROPIC_WORK_SECRET", "CLAUDE_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN",
})

#: env-name prefixes that frameworks inline into browser bundles (llm-rules.md §1.6)
PUBLIC_ENV_PREFIXES: tuple[tuple[str, str, str], ...] = (
    # (prefix, framework, confidence)
    ("NEXT_PUBLIC_", "Next.js", "high"),
    ("VITE_", "Vite", "high"),
    ("REACT_APP_", "Create React App", "high"),
    ("NUXT_PUBLIC_", "Nuxt", "high"),
    ("NUXT_ENV_", "Nuxt 2", "medium"),
    ("PUBLIC_", "SvelteKit/Astro", "high"),
    ("EXPO_PUBLIC_", "Expo", "high"),
    ("GATSBY_", "Gatsby", "high"),
    ("VUE_APP_", "Vue CLI", "high"),
    ("PLASMO_PUBLIC_", "Plasmo", "high"),
    ("WXT_", "WXT", "high"),
    ("STORYBOOK_", "Storybook", "high"),
    ("REDWOOD_ENV_", "RedwoodJS", "high"),
    ("SANITY_STUDIO_", "Sanity Studio", "medium"),
    ("UMI_APP_", "Umi", "medium"),
)

_KEYISH = r"(?:KEY|TOKEN|SECRET)"
_VENDOR = r"(?:ANTHROPIC|CLAUDE)"


def public_env_prefix(name: str) -> tuple[str, str, str] | None:
    """The (prefix, framework, confidence) that publishes env var ``name``, if any."""
    for entry in PUBLIC_ENV_PREFIXES:
        if name.startswith(entry[0]):
            return entry
    return None


_PUBLIC_KEY_NAME = re.compile(
    rf"^(?:{'|'.join(p for p, _, _ in PUBLIC_ENV_PREFIXES)})[A-Z0-9_]*"
    rf"(?:{_VENDOR}[A-Z0-9_]*{_KEYISH}|{_KEYISH}[A-Z0-9_]*{_VENDOR})[A-Z0-9_]*$"
)


def is_public_key_env_name(name: str) -> bool:
    """``NEXT_PUBLIC_ANTHROPIC_API_KEY`` yes; ``NEXT_PUBLIC_ANTHROPIC_MODEL`` no."""
    return bool(_PUBLIC_KEY_NAME.match(name))


# --------------------------------------------------------------------------------------------
# Python (owned by the Python front end)
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# JavaScript / TypeScript (owned by the JS/TS front end)
# --------------------------------------------------------------------------------------------
