"""Plain values that flow from rules to suppressions, the baseline and the reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered: INFO < WARNING < ERROR."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


class Confidence(enum.IntEnum):
    """How likely a finding is real. Ordered: LOW < MEDIUM < HIGH."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Confidence:
        return cls[text.strip().upper()]

    @classmethod
    def of(cls, label: str, default: Confidence | None = None) -> Confidence:
        """A model's confidence label (``"high"``...) as a Confidence; ``default`` (MEDIUM) when
        the label is missing or unknown."""
        return cls.__members__.get(label.strip().upper(), default or cls.MEDIUM)


@dataclass(frozen=True, order=True)
class Span:
    """A range in a file: 1-based lines, 1-based columns counted in characters.

    ``end_column`` is exclusive (the column just past the last character), as in SARIF.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        return cls(line, column, line, column)


@dataclass(frozen=True)
class Edit:
    """Replace the characters between two offsets of a file's text with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    is_safe: bool = False


@dataclass(frozen=True)
class Finding:
    """One violation. Holds no secret: ``message`` and ``snippet`` are redacted at creation."""

    rule_id: str
    rule_name: str
    severity: Severity
    confidence: Confidence
    path: str  # POSIX path relative to the project root
    span: Span
    message: str
    match_key: str = ""  # hash input for the fingerprint ("what matched"); never a secret
    snippet: str = ""  # the redacted source line of span.line, for code frames
    fix: Fix | None = None
    fingerprint: str = ""  # set by the engine
    extra: tuple[tuple[str, str], ...] = field(default=())  # e.g. (("commit", "abc123"),)

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule_id, self.message)


def fingerprint(rule_id: str, path: str, match_key: str, occurrence: int = 0) -> str:
    """A finding's identity across runs: rule, path, what matched and which occurrence of it in
    the file; no line numbers (baselines and ``--diff`` compare these)."""
    import hashlib  # OpenSSL's start-up is 3 ms: only once something is found

    return hashlib.sha256("\0".join((rule_id, path, match_key, str(occurrence))).encode(
        "utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True)
class ScanError:
    """A file keylint could not fully read or analyse, with the reason.

    ``kind`` is one of: binary, too-large, unreadable, symlink, decode, parse, internal, config.
    """

    path: str
    kind: str
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.kind, self.message)
