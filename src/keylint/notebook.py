"""Jupyter notebooks: cells with positions mapped back to the ``.ipynb`` file.

A notebook is JSON; a cell's source is a list of strings (usually one per physical line of the
file) or one string. :func:`cells` decodes the notebook and, for each cell line, finds where its
JSON-encoded form sits in the raw file, so a finding inside a cell is reported at the file's
physical line and column (what editors, SARIF viewers and GitHub annotations need), and the
message can name the cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _ENCODE
from json.encoder import encode_basestring_ascii as _ENCODE_ASCII


class NotebookError(ValueError):
    pass


@dataclass
class CellLine:
    text: str  # the decoded line, without its newline
    file_offset: int  # character offset in the file text of the line's first character, or -1
    encoded: str  # the JSON-escaped form as it sits in the file (without quotes)

    def file_column_offset(self, column0: int) -> int:
        """0-based column inside the decoded line -> character offset in the file."""
        if self.file_offset < 0:
            return -1
        prefix = _encode(self.text[:column0], ascii_only=not _is_plain(self.encoded, self.text))
        return self.file_offset + len(prefix)


@dataclass
class Cell:
    index: int  # 0-based position in the notebook
    cell_type: str  # code | markdown | raw | output
    lines: list[CellLine] = field(default_factory=list)
    output_of: int | None = None  # for output pseudo-cells, the code cell index

    @property
    def source(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def label(self) -> str:
        if self.cell_type == "output":
            return f"output of cell {self.output_of + 1 if self.output_of is not None else '?'}"
        return f"cell {self.index + 1} ({self.cell_type})"


def _encode(text: str, ascii_only: bool) -> str:
    """``json.dumps(text, ensure_ascii=ascii_only)[1:-1]``, through the encoder functions
    json.dumps itself calls for a string (it built a new encoder per call with ensure_ascii off:
    a third of a notebook's modelling time, one call per source line)."""
    return (_ENCODE_ASCII if ascii_only else _ENCODE)(text)[1:-1]


def _is_plain(encoded: str, text: str) -> bool:
    return encoded == _encode(text, ascii_only=False)


def _as_lines(value: object) -> list[str]:
    """nbformat source/text: a list of strings (each ending in \\n but the last) or a string."""
    if isinstance(value, str):
        chunks = [value]
    elif isinstance(value, list):
        chunks = [v for v in value if isinstance(v, str)]
    else:
        return []
    out: list[str] = []
    for chunk in chunks:
        pieces = chunk.split("\n")
        # a chunk "a\n" gives ["a", ""]: the trailing empty string is not a line of its own
        if pieces and pieces[-1] == "" and len(pieces) > 1:
            pieces = pieces[:-1]
        out.extend(pieces)
    return out


class _Locator:
    """Finds successive JSON-encoded strings in the raw text, moving forward only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def find(self, line: str) -> tuple[int, str]:
        for ascii_only in (False, True):
            enc = _encode(line, ascii_only)
            if not enc:
                return -1, enc
            pos = self.text.find(enc, self.cursor)
            if pos != -1:
                self.cursor = pos + len(enc)
                return pos, enc
        return -1, _encode(line, False)


def cells(text: str) -> list[Cell]:
    """Decode a notebook into cells (code, markdown, raw) and text outputs, with positions.

    Raises :class:`NotebookError` with a clear reason for invalid JSON or a non-notebook shape.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"invalid notebook JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells", []), list):
        raise NotebookError("not a Jupyter notebook: no 'cells' list")
    locator = _Locator(text)
    result: list[Cell] = []
    for index, raw in enumerate(doc.get("cells", [])):
        if not isinstance(raw, dict):
            continue
        cell = Cell(index=index, cell_type=str(raw.get("cell_type", "code")))
        for line in _as_lines(raw.get("source", [])):
            pos, enc = locator.find(line)
            cell.lines.append(CellLine(line, pos, enc))
        result.append(cell)
        outputs = raw.get("outputs", [])
        if not isinstance(outputs, list):
            continue
        for output in outputs:
            if not isinstance(output, dict):
                continue
            texts: list[object] = []
            if "text" in output:
                texts.append(output["text"])
            data = output.get("data")
            if isinstance(data, dict):
                for mime, value in sorted(data.items()):
                    if mime.startswith("text/") or mime.endswith("json"):
                        texts.append(value)
            if "traceback" in output:
                texts.append(output["traceback"])
            for value in texts:
                out = Cell(index=index, cell_type="output", output_of=index)
                for line in _as_lines(value):
                    pos, enc = locator.find(line)
                    out.lines.append(CellLine(line, pos, enc))
                if out.lines:
                    result.append(out)
    return result


def code_source(nb_cells: list[Cell]) -> tuple[str, list[tuple[Cell, CellLine]]]:
    """Join the code cells into one Python source (cells separated by a blank line) and return
    it with a line table: line N (1-based) of the joined source is ``table[N - 1]``.
    IPython magics and shell escapes (``%pip``, ``!ls``) become blank comments so the source
    parses; positions are preserved line for line."""
    parts: list[str] = []
    table: list[tuple[Cell, CellLine]] = []
    for cell in nb_cells:
        if cell.cell_type != "code":
            continue
        for line in cell.lines:
            stripped = line.text.lstrip()
            if stripped.startswith(("%", "!", "?")):
                parts.append("#" + " " * max(len(line.text) - 1, 0))
            else:
                parts.append(line.text)
            table.append((cell, line))
        parts.append("")
        table.append((cell, CellLine("", -1, "")))
    return "\n".join(parts), table
