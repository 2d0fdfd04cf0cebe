"""One self-contained HTML page for a security review of a whole repository.

Findings grouped by rule, then by file, each with its redacted code frame; counts by severity;
filters (severity, rule, path text; also from the URL fragment, e.g. ``#severity=error&rule=KL001``
so a filtered view can be linked); each rule's explanation (its generated documentation page).
Everything is rendered on the server side (the page reads fine with JavaScript off); the inline
script only filters. No external resource of any kind: a Content-Security-Policy forbids loading
anything, so the page works offline and leaks nothing when opened.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict

from keylint import __version__
from keylint.analysis.secrets import redact_text
from keylint.findings import Severity
from keylint.reporters import Report

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { --err:#b3261e; --warn:#8a5a00; --info:#1d5fa8; --bg:#fbfbfc; --line:#e3e3e8; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1c1c21; background: var(--bg); }
header { background: #1f2330; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header .meta { color: #c8cbd6; font-size: 13px; }
main { padding: 20px 28px 60px; max-width: 1200px; }
.counts { display: flex; gap: 12px; margin: 0 0 18px; flex-wrap: wrap; }
.count { border-radius: 8px; padding: 10px 16px; min-width: 120px; background: #fff; border: 1px solid var(--line); }
.count b { display: block; font-size: 26px; }
.count.error b { color: var(--err); } .count.warning b { color: var(--warn); } .count.info b { color: var(--info); }
.filters { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; background: #fff; border: 1px solid var(--line);
           border-radius: 8px; padding: 10px 14px; margin-bottom: 20px; position: sticky; top: 0; z-index: 2; }
.filters input[type=search] { font: inherit; padding: 4px 8px; min-width: 240px; }
.filters select { font: inherit; padding: 3px 6px; }
#shown { margin-left: auto; color: #555; font-size: 13px; }
section.rule { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 18px; padding: 4px 18px 12px; }
section.rule > h2 { font-size: 18px; margin: 12px 0 2px; }
section.rule > .summary { color: #444; margin: 0 0 8px; }
details.file { border-top: 1px solid var(--line); padding: 6px 0; }
details.file > summary { cursor: pointer; font-family: var(--mono); font-size: 14px; }
.finding { margin: 8px 0 8px 18px; }
.finding .head { font-size: 14px; }
.sev { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600; color: #fff; text-transform: uppercase; }
.sev.error { background: var(--err); } .sev.warning { background: var(--warn); } .sev.info { background: var(--info); }
.loc { font-family: var(--mono); color: #555; }
.conf { color: #666; font-size: 12px; }
pre.frame { background: #f4f4f7; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 6px 0 0;
            overflow-x: auto; font: 13px/1.45 var(--mono); }
pre.frame .ln { color: #8a8a96; user-select: none; }
pre.frame mark { background: #ffd7d4; color: inherit; border-bottom: 2px solid var(--err); }
details.explain { margin: 6px 0 10px; }
details.explain > summary { cursor: pointer; color: #1d5fa8; }
.doc { border-left: 3px solid var(--line); padding: 0 14px; margin: 6px 0; }
.doc pre { background: #f4f4f7; padding: 8px 10px; border-radius: 6px; overflow-x: auto; font: 13px/1.45 var(--mono); }
.doc code { font-family: var(--mono); font-size: 90%; background: #f1f1f4; padding: 0 3px; border-radius: 3px; }
.doc h1 { font-size: 17px; } .doc h2 { font-size: 15px; margin-top: 16px; }
.errors { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 18px 12px; }
.empty { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 24px; font-size: 18px; }
[hidden] { display: none !important; }
"""

_JS = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=severity]'));
  var rule = document.getElementById('rule-filter');
  var text = document.getElementById('path-filter');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  function apply() {
    var sevs = {}; boxes.forEach(function (b) { sevs[b.value] = b.checked; });
    var r = rule.value, q = text.value.toLowerCase(), shown = 0;
    findings.forEach(function (f) {
      var ok = sevs[f.dataset.severity] && (!r || f.dataset.rule === r) &&
               (!q || f.dataset.path.toLowerCase().indexOf(q) !== -1 || f.dataset.message.toLowerCase().indexOf(q) !== -1);
      f.hidden = !ok; if (ok) { shown++; }
    });
    Array.prototype.forEach.call(document.querySelectorAll('details.file'), function (d) {
      d.hidden = !d.querySelector('.finding:not([hidden])');
    });
    Array.prototype.forEach.call(document.querySelectorAll('section.rule'), function (s) {
      s.hidden = !s.querySelector('.finding:not([hidden])');
    });
    document.getElementById('shown').textContent = shown + ' of ' + findings.length + ' findings shown';
  }
  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var p = kv.split('='); if (p[0]) { params[decodeURIComponent(p[0])] = decodeURIComponent(p[1] || ''); }
    });
    if (params.severity) {
      var want = params.severity.split(',');
      boxes.forEach(function (b) { b.checked = want.indexOf(b.value) !== -1; });
    }
    if (params.rule !== undefined) { rule.value = params.rule; }
    if (params.q !== undefined) { text.value = params.q; }
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  rule.addEventListener('change', apply);
  text.addEventListener('input', apply);
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.documentElement.dataset.ready = 'true';
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _inline(text: str) -> str:
    """Escape, then the inline Markdown the rule docs use: `code`, **bold**, [text](url)."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`]+`)", text)):
        if i % 2:
            out.append(f"<code>{_e(part[1:-1])}</code>")
            continue
        part = _e(part)
        part = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", part)
        part = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+|[A-Za-z0-9_./-]+)\)", r'<a href="\2">\1</a>', part)
        out.append(part)
    return "".join(out)


def markdown(text: str) -> str:
    """The small Markdown subset of the generated rule pages -> HTML (escaped)."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()

    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            flush()
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append(f"<pre>{_e(chr(10).join(body))}</pre>")
        elif line.startswith("<!--"):
            pass
        elif m := re.match(r"^(#{1,3}) (.*)", line):
            flush()
            level = len(m.group(1)) + 1
            out.append(f"<h{level}>{_inline(m.group(2))}</h{level}>")
        elif line.startswith("- "):
            flush()
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{_inline(lines[i][2:])}</li>")
                i += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif line.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip("|").split("|")]
                if not all(set(c) <= set("-: ") for c in cells):
                    rows.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in cells) + "</tr>")
                i += 1
            out.append("<table>" + "".join(rows) + "</table>")
            continue
        elif not line.strip():
            flush()
        else:
            para.append(line.strip())
        i += 1
    flush()
    return "\n".join(out)


CONTEXT = 2  # lines shown before and after a finding when the report carries the file's text


def _context(report: Report, f) -> tuple[list[str], list[str]]:
    """Redacted lines before and after the finding's line, from texts the scan kept in memory."""
    texts = report.extra.get("texts") or {}
    text = texts.get(f.path)
    if text is None or dict(f.extra).get("commit"):
        return [], []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline at the end of the file starts no line
    first = f.span.line
    last = max(f.span.end_line, first)
    before = [(n, lines[n - 1]) for n in range(max(1, first - CONTEXT), first) if n - 1 < len(lines)]
    after = [(n, lines[n - 1]) for n in range(first + 1, min(len(lines), last + CONTEXT) + 1)]
    fmt = lambda n, t: f'<span class="ln">{n:>5} | </span>{_e(redact_text(t.rstrip(chr(13)))[:400])}'  # noqa: E731
    return [fmt(n, t) for n, t in before], [fmt(n, t) for n, t in after]


def _frame(f, report: Report | None = None) -> str:
    snippet = redact_text(f.snippet.rstrip("\n"))
    if not snippet.strip():
        return ""
    start = max(f.span.column - 1, 0)
    if f.span.end_line == f.span.line and f.span.end_column > f.span.column:
        end = f.span.end_column - 1
    else:
        end = len(snippet)
    m = re.compile(r"sk-ant-[a-z]+\d{2}-[^\s\"'`]*").match(snippet, start)
    if m is not None:  # the key is shown redacted: mark what is shown
        end = m.end()
    end = min(max(end, start), len(snippet))
    if len(snippet) > 400:
        snippet = snippet[:400]
    body = _e(snippet[:start]) + "<mark>" + _e(snippet[start:end]) + "</mark>" + _e(snippet[end:])
    before, after = _context(report, f) if report is not None else ([], [])
    rows = [*before, f'<span class="ln">{f.span.line:>5} | </span>{body}', *after]
    return '<pre class="frame">' + "\n".join(rows) + "</pre>"


def render(report: Report) -> str:
    from keylint.docs import render_rule

    rules = {r.id: r for r in report.rules}
    counts = Counter(f.severity for f in report.findings)
    by_rule: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        by_rule[f.rule_id][report.display(f.path)].append(f)
    files = report.stats.get("files", 0)
    n = len(report.findings)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>keylint report: {n} finding{'s' if n != 1 else ''}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>keylint security review</h1>",
        f'<div class="meta">keylint {_e(__version__)} · {files} file{"s" if files != 1 else ""} scanned · '
        f'{len(report.rules)} rule{"s" if len(report.rules) != 1 else ""} · credentials are redacted</div></header>',
        "<main>",
        '<div class="counts" id="counts">',
    ]
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        parts.append(f'<div class="count {sev.label}" data-severity="{sev.label}"><b>{counts[sev]}</b>'
                     f'{sev.label}{"s" if counts[sev] != 1 and sev is not Severity.INFO else ""}</div>')
    extra = []
    if report.stats.get("suppressed"):
        extra.append(f"{report.stats['suppressed']} suppressed inline")
    if report.stats.get("baselined"):
        extra.append(f"{report.stats['baselined']} in the baseline")
    if extra:
        parts.append(f'<div class="count"><b>{n}</b>reported ({_e(", ".join(extra))})</div>')
    parts.append("</div>")
    if n:
        parts.append('<form class="filters" id="filters" onsubmit="return false">')
        parts.append("<span>Severity:</span>")
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            parts.append(f'<label><input type="checkbox" name="severity" value="{sev.label}" checked> '
                         f'{sev.label}</label>')
        parts.append('<label>Rule: <select id="rule-filter"><option value="">all rules</option>')
        for rid in sorted(by_rule):
            name = rules[rid].name if rid in rules else ""
            parts.append(f'<option value="{_e(rid)}">{_e(rid)} {_e(name)}</option>')
        parts.append("</select></label>")
        parts.append('<label>Path or message: <input type="search" id="path-filter" placeholder="filter"></label>')
        parts.append(f'<span id="shown">{n} of {n} findings shown</span></form>')
    else:
        parts.append('<div class="empty" id="all-clear">All clear: no findings.</div>')
    for rid in sorted(by_rule):
        rule = rules.get(rid)
        group = by_rule[rid]
        total = sum(len(v) for v in group.values())
        title = f"{rid} · {rule.name}" if rule else rid
        parts.append(f'<section class="rule" id="rule-{_e(rid)}" data-rule="{_e(rid)}">')
        parts.append(f"<h2>{_e(title)} <small>({total} finding{'s' if total != 1 else ''} in "
                     f"{len(group)} file{'s' if len(group) != 1 else ''})</small></h2>")
        if rule is not None:
            parts.append(f'<p class="summary">{_e(rule.summary)}.</p>')
            parts.append('<details class="explain"><summary>What this rule checks, why, and what to do</summary>'
                         f'<div class="doc">{markdown(render_rule(rule))}</div></details>')
        for path in sorted(group):
            items = group[path]
            parts.append(f'<details class="file" open><summary>{_e(path)} '
                         f"({len(items)})</summary>")
            for f in items:
                commit = dict(f.extra).get("commit", "")
                parts.append(
                    f'<div class="finding" data-severity="{f.severity.label}" data-rule="{_e(f.rule_id)}" '
                    f'data-path="{_e(path)}" data-message="{_e(f.message)}">'
                    f'<div class="head"><span class="sev {f.severity.label}">{f.severity.label}</span> '
                    f'<span class="loc">{_e(path)}:{f.span.line}:{f.span.column}</span> '
                    f"{_inline(f.message)} <span class=\"conf\">confidence {f.confidence.label}"
                    + (f" · commit {_e(commit[:12])}" if commit else "")
                    + (f" · fix: {'safe' if f.fix.is_safe else 'unsafe'}" if f.fix else "")
                    + "</span></div>" + _frame(f, report) + "</div>")
            parts.append("</details>")
        parts.append("</section>")
    shown_errors = [e for e in report.errors if e.kind != "binary" or report.verbose]
    if shown_errors:
        parts.append('<section class="errors" id="errors"><h2>Files keylint could not fully analyse</h2><ul>')
        for e in shown_errors:
            parts.append(f"<li><span class=\"loc\">{_e(report.display(e.path))}</span>: {_e(e.kind)}: "
                         f"{_e(redact_text(e.message))}</li>")
        parts.append("</ul></section>")
    parts.append("</main>")
    if n:
        parts.append(f"<script>{_JS}</script>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
