"""Anthropic credential shapes, the placeholder filter, and redaction.

Tiers (research/llm-rules.md §KL001, research/secret-scanners.md §1):

- **high**: ``sk-ant-api03-`` / ``sk-ant-admin01-`` + 93 ``[A-Za-z0-9_-]`` + ``AA``, the consensus
  shape of gitleaks, trufflehog and GitHub.
- **medium**: any documented kind with a version, ``sk-ant-(api|admin|oat|ort|sid)NN-`` + at least
  32 body characters (Enterprise ``api01``, OAuth ``oat01``/``ort01``, session ``sid01``), and
  high-tier prefixes with an off-length body.
- **low**: a future kind ``sk-ant-<letters>NN-`` + at least 32 body characters.

The boundaries are character-class lookarounds, not ``\\b`` or a quote list, so a key inside a
JSON-escaped string (``\\"sk-ant-...\\"`` in a notebook) or followed by any punctuation is found.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from keylint.findings import Confidence

KEY_CHARS = "A-Za-z0-9_-"
#: the literal prefix every Anthropic credential starts with (the prefilter keyword)
PREFIX = "sk-ant-"
PREFIX_BYTES = PREFIX.encode()

_KEY = re.compile(
    rf"(?<![{KEY_CHARS}])sk-ant-(?P<kind>[a-z]+)(?P<ver>\d{{2}})-(?P<body>[{KEY_CHARS}]{{32,}})(?![{KEY_CHARS}])"
)
_KEY_BYTES = re.compile(_KEY.pattern.encode())

KNOWN_KINDS = {
    "api": "API key",
    "admin": "Admin API key",
    "oat": "OAuth access token",
    "ort": "OAuth refresh token",
    "sid": "session key",
}

# Placeholder words, delimited by - or _ (or the body's ends): random bodies contain "test" or
# "demo" by chance, delimited they almost never do (llm-rules.md §KL001 item 4).
_PLACEHOLDER_WORD = re.compile(
    r"(?i)(?:^|[-_])(your|example|sample|placeholder|dummy|fake|test|mock|demo|redacted|replace|"
    r"changeme|insert|here|todo|invalid|xxx+|key|secret|token)(?:[-_]|$)"
)
_PLACEHOLDER_MARKS = re.compile(r"x{6,}|X{6,}|\.{3}|…|\*{3,}|<[^>]*>|\{[^}]*\}|\$\{|%s")
_REPEAT = re.compile(r"(.)\1{5,}")
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789")


@dataclass(frozen=True)
class KeyMatch:
    """A credential-shaped match. ``start``/``end`` are offsets in the scanned text."""

    start: int
    end: int
    kind: str  # "api03", "admin01", "oat01", ...
    confidence: Confidence
    is_placeholder: bool
    label: str  # "API key", "Admin API key", ...

    @property
    def is_reportable(self) -> bool:
        """High-tier placeholders are still reported (as probable test vectors); the rest not."""
        return not self.is_placeholder or self.confidence is Confidence.HIGH


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _has_sequence(body: str, run: int = 6) -> bool:
    for seq in _SEQUENCES:
        for i in range(len(seq) - run + 1):
            if seq[i:i + run] in body:
                return True
    return False


def is_placeholder_body(body: str) -> bool:
    """True for bodies that are obviously not random: placeholder words, masks, repeats,
    ascending runs, low entropy. 0 of 20,000 random bodies trip it (tests/test_secrets.py)."""
    if _PLACEHOLDER_WORD.search(body) or _PLACEHOLDER_MARKS.search(body):
        return True
    if _REPEAT.search(body) or _has_sequence(body):
        return True
    return shannon_entropy(body) < 3.5


def _classify(kind: str, ver: str, body: str) -> tuple[Confidence, str] | None:
    full_kind = f"{kind}{ver}"
    label = KNOWN_KINDS.get(kind)
    if full_kind in ("api03", "admin01") and len(body) == 95 and body.endswith("AA"):
        return Confidence.HIGH, label or "key"
    if label is not None:
        return Confidence.MEDIUM, label
    return Confidence.LOW, "credential of an unknown kind"


def find_keys(text: str, *, min_confidence: Confidence = Confidence.LOW) -> list[KeyMatch]:
    """Every credential-shaped match in ``text``, placeholders flagged, in order."""
    if PREFIX not in text:
        return []
    out: list[KeyMatch] = []
    for m in _KEY.finditer(text):
        cls = _classify(m["kind"], m["ver"], m["body"])
        if cls is None or cls[0] < min_confidence:
            continue
        confidence, label = cls
        out.append(KeyMatch(m.start(), m.end(), f"{m['kind']}{m['ver']}", confidence,
                            is_placeholder_body(m["body"]), label))
    return out


def find_keys_bytes(data: bytes) -> list[tuple[int, int, str]]:
    """Byte-level search for binary and oversized files: (start, end, key text)."""
    out = []
    for m in _KEY_BYTES.finditer(data):
        out.append((m.start(), m.end(), m.group().decode("ascii")))
    return out


def classify_key_literal(value: str) -> str:
    """What a string literal passed as a client's ``api_key``/``apiKey``/``auth_token`` is:

    - ``"credential"``: holds an Anthropic-shaped key (KL001's text pass reports it),
    - ``"placeholder"``: empty, a placeholder (``sk-ant-...``, ``your-api-key``, ``proxy``,
      ``dummy``, a ``${VAR}`` template), or too short/low-entropy to be a secret,
    - ``"secret"``: another non-placeholder value (reported by KL001 at medium confidence).
    """
    stripped = value.strip()
    if find_keys(stripped):
        return "credential"
    if len(stripped) < 16 or " " in stripped:
        return "placeholder"
    lowered = stripped.lower()
    if _PLACEHOLDER_MARKS.search(stripped) or re.search(
        r"your|example|sample|placeholder|dummy|fake|test|mock|demo|redacted|replace|changeme|"
        r"insert|todo|invalid|proxy|unused|not[-_ ]?needed|none|null|xxx|\.\.\.|api[-_]?key", lowered
    ):
        return "placeholder"
    if _REPEAT.search(stripped) or _has_sequence(stripped) or shannon_entropy(stripped) < 3.0:
        return "placeholder"
    return "secret"


def redact(secret: str) -> str:
    """The only printable form of a secret: its kind prefix, two characters, an ellipsis and the
    last two characters (``sk-ant-api03-Ab…AA``). Short values are fully masked."""
    m = re.match(r"(sk-ant-[a-z]+\d{2}-)(.*)", secret)
    if m:
        prefix, body = m.groups()
        if len(body) > 8:
            return f"{prefix}{body[:2]}…{body[-2:]}"
        return f"{prefix}…"
    if len(secret) > 12:
        return f"{secret[:2]}…{secret[-2:]}"
    return "…"


_ANY_KEY_TEXT = re.compile(rf"sk-ant-[a-z]+\d{{2}}-[{KEY_CHARS}]{{8,}}")


def redact_text(text: str) -> str:
    """Redact every credential-like run in free text (code frames, messages, errors)."""
    if PREFIX not in text:
        return text
    return _ANY_KEY_TEXT.sub(lambda m: redact(m.group()), text)
