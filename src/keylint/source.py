"""SourceFile: a file's bytes read once, decoded once, with a line index.

Language front ends attach their parse results lazily (``SourceFile.cache``), so every rule that
needs a tree shares the single parse.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
from dataclasses import dataclass, field
from typing import Any

from keylint.findings import Span

# Suffix -> language. Anything else is "text" (still scanned for credentials).
LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".pyw": "python",
    ".ipynb": "notebook",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "jsx",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".vue": "vue",
    ".svelte": "svelte",
    ".astro": "astro",
    ".html": "html",
    ".htm": "html",
}
#: languages whose code the JavaScript front end understands (directly or via <script> blocks)
JS_LANGUAGES = frozenset({"javascript", "jsx", "typescript", "tsx", "vue", "svelte", "astro", "html"})
PY_LANGUAGES = frozenset({"python", "notebook"})


def language_of(relpath: str) -> str:
    name = relpath.rpartition("/")[2]  # called for every file: string operations, no PurePosixPath
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
    if suffix in LANGUAGES:
        return LANGUAGES[suffix]
    if is_dotenv_name(name):
        return "dotenv"
    return "text"


_TEMPLATE_SUFFIXES = frozenset(
    {"example", "examples", "sample", "samples", "template", "templates", "dist", "default",
     "defaults", "tpl", "schema", "tmpl"}
)
_CODE_SUFFIXES = frozenset(
    {"py", "js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx", "json", "d", "sh", "md", "txt",
     "vue", "svelte", "yml", "yaml", "toml", "go", "rb", "rs", "java", "lock"}
)


def is_dotenv_name(name: str) -> bool:
    """True for dotenv files (``.env``, ``.env.local``, ``prod.env``), false for templates
    (``.env.example``) and for code files named like env (``next-env.d.ts``, ``env.py``)."""
    lower = name.lower()
    if lower == ".env":
        return True
    parts = lower.split(".")
    last = parts[-1]
    if last in _TEMPLATE_SUFFIXES or last in _CODE_SUFFIXES:
        return False
    if lower.startswith(".env."):
        return len(lower) > 5
    # "prod.env", "local.env"; not ".envrc" (direnv, code) nor "env" alone
    return lower.endswith(".env") and len(lower) > 4 and "/" not in lower


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes to text without ever dropping content.

    Returns the text and a note when the bytes were not clean UTF-8. Invalid UTF-8 bytes become
    U+FFFD one for one, so ASCII content (a key) keeps its place and columns stay exact.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "decoded as UTF-16"
        except UnicodeDecodeError:
            return data.decode("utf-16", "replace"), "invalid UTF-16 replaced"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace"), "not valid UTF-8: undecodable bytes replaced"


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first 8 KiB (after a UTF-16 BOM check) marks a binary file, as git and rg do."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data[:8192]


@dataclass(init=False)
class SourceFile:
    """One file's content. ``relpath`` is POSIX and relative to the project root."""

    relpath: str
    data: bytes
    language: str = ""
    #: the decoded text; decoded lazily on first use of :attr:`text`
    _text: str | None = field(default=None, repr=False)
    _note: str | None = field(default=None, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def __init__(self, relpath: str, data: bytes, language: str = "", text: str | None = None) -> None:
        self.relpath = relpath
        self.data = data
        self.language = language or language_of(relpath)
        self._text = text
        self._note = None
        self.cache = {}
        self._line_starts = None

    @classmethod
    def from_text(cls, relpath: str, text: str, language: str = "") -> SourceFile:
        return cls(relpath=relpath, data=text.encode("utf-8", "surrogatepass"), language=language, text=text)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text, self._note = decode(self.data)
        return self._text

    @property
    def note(self) -> str | None:
        """Set after decoding when the bytes were not clean UTF-8."""
        return self._note

    @property
    def is_decoded(self) -> bool:
        return self._text is not None

    # -- positions ---------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            # line lengths summed up: twice as fast as a find() loop, on the files with findings
            lengths = [len(line) + 1 for line in self.text.split("\n")]
            del lengths[-1]
            self._line_starts = list(itertools.accumulate(lengths, initial=0))
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """Character offset -> (line, column), both 1-based."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """(line, column), both 1-based -> character offset."""
        starts = self.line_starts
        line = min(max(line, 1), len(starts))
        return starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self.line_starts)
