"""Text for people: ``path:line:col: KL001 [error] message``, a redacted code frame, a summary.

Colour (through rich) only when the CLI says the output is a terminal.
"""

from __future__ import annotations

import re
from collections import Counter

from keylint.analysis.secrets import redact_text
from keylint.findings import Severity
from keylint.reporters import Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
QUIET_ERROR_KINDS = ("binary",)
_REDACTED_KEY = re.compile(r"sk-ant-[a-z]+\d{2}-[^\s\"'`]*")


def _frame(f) -> list[str]:
    snippet = redact_text(f.snippet.rstrip())
    if not snippet.strip():
        return []
    gutter = f"{f.span.line:>5} | "
    expanded = snippet.expandtabs(4)
    if len(expanded) > 160:
        expanded = expanded[:157] + "..."
    lines = [gutter + expanded]
    if f.span.end_line == f.span.line and f.span.end_column > f.span.column:
        width = f.span.end_column - f.span.column
    else:
        width = 1
    prefix = snippet[: f.span.column - 1].expandtabs(4)
    redacted = _REDACTED_KEY.match(snippet, f.span.column - 1)
    if redacted is not None:  # the frame shows the key redacted: underline what is shown
        width = redacted.end() - redacted.start()
    if len(prefix) < 160:
        width = max(1, min(width, 160 - len(prefix)))
        lines.append(" " * len(gutter) + " " * len(prefix) + "^" * width)
    return lines


def render(report: Report) -> str:
    out: list[tuple[str, str | None]] = []  # (text, style)
    for f in report.findings:
        head = f"{report.display(f.path)}:{f.span.line}:{f.span.column}: {f.rule_id} [{f.severity.label}] "
        out.append((head + f.message, _STYLE[f.severity]))
        if f.fix is not None:
            out.append((f"      fix available ({'safe' if f.fix.is_safe else 'unsafe'}): {f.fix.title}", None))
        for line in _frame(f):
            out.append((line, "dim"))
    shown_errors = [e for e in report.errors if e.kind not in QUIET_ERROR_KINDS or report.verbose]
    if shown_errors:
        out.append(("", None))
        for e in shown_errors:
            out.append((f"{report.display(e.path)}: {e.kind}: {e.message}",
                        "bold magenta" if e.kind == "internal" else "magenta"))
    if report.show_unused and report.unused_suppressions:
        out.append(("", None))
        for path, line, ids in report.unused_suppressions:
            out.append((f"{report.display(path)}:{line}: unused suppression keylint: ignore[{ids}]", "yellow"))
    counts = Counter(f.severity for f in report.findings)
    n = len(report.findings)
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    files = report.stats.get("files", 0)
    summary = (f"Found {n} finding{'s' if n != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
               + f" in {files} file{'s' if files != 1 else ''}")
    quiet = Counter(e.kind for e in report.errors if e.kind in QUIET_ERROR_KINDS)
    notes = []
    if report.stats.get("suppressed"):
        notes.append(f"{report.stats['suppressed']} suppressed")
    if quiet and not report.verbose:
        notes.append(", ".join(f"{c} {k} file{'s' if c != 1 else ''} scanned for credentials only"
                               for k, c in sorted(quiet.items())))
    others = len([e for e in report.errors if e.kind not in QUIET_ERROR_KINDS])
    if others:
        notes.append(f"{others} file problem{'s' if others != 1 else ''} listed above")
    if notes:
        summary += "; " + "; ".join(notes)
    if n == 0 and not others:
        summary = ("All clear: no findings" + f" in {files} file{'s' if files != 1 else ''}"
                   + (f"; {'; '.join(notes)}" if notes else ""))
    if out:
        out.append(("", None))
    out.append((summary + ".", "bold"))
    if not report.color:
        return "\n".join(text for text, _ in out) + "\n"
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=True, highlight=False, soft_wrap=True, width=10_000)
    with console.capture() as capture:
        for text, style in out:
            console.print(Text(text, style=style or ""))
    return capture.get()
