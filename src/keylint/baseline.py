"""The baseline: findings a team accepted when adopting keylint, so only new ones are reported.

Identity is the finding's fingerprint (see :func:`keylint.engine._finalise`): a hash of the rule
id, the POSIX path, what matched (for a credential, a salted hash of the secret, never the secret)
and an occurrence counter. No line numbers and no timestamps, so moving code does not churn the
file and two branches that baseline the same findings write the same bytes. Entries are sorted by
path, rule and fingerprint and written with ``indent=2`` and sorted keys.

The file is written only by ``keylint baseline create`` / ``keylint baseline update``; a scan (and
so the pre-commit hook) only reads it. Entries that no longer match a finding are *stale*: a scan
reports them (the finding was fixed, or the file moved) and ``baseline update`` drops them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from keylint.findings import Finding

VERSION = 1


class BaselineError(ValueError):
    """The baseline file cannot be read or is not a keylint baseline (exit 2)."""


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    rule: str
    fingerprint: str
    #: recorded by ``baseline create --history`` from a commit, not from the work tree: never
    #: stale in a work-tree scan, kept by an ``update`` without ``--history``
    history: bool = False

    def to_json(self) -> dict:
        out = {"fingerprint": self.fingerprint, "path": self.path, "rule": self.rule}
        if self.history:
            out["history"] = True
        return out


def entries_for(findings: list[Finding]) -> list[Entry]:
    by_fp: dict[str, Entry] = {}
    for f in findings:
        if not f.fingerprint:
            continue
        entry = Entry(f.path, f.rule_id, f.fingerprint, history=bool(dict(f.extra).get("commit")))
        if f.fingerprint not in by_fp or by_fp[f.fingerprint].history:
            by_fp[f.fingerprint] = entry  # a key both in the work tree and in history: a work-tree entry
    return sorted(by_fp.values())


def dumps(entries: list[Entry]) -> str:
    doc = {"tool": "keylint", "version": VERSION, "findings": [e.to_json() for e in sorted(set(entries))]}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load(path: Path) -> list[Entry]:
    try:
        raw = path.read_text("utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: the baseline is not UTF-8") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: the baseline is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("tool") != "keylint" or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not a keylint baseline (expected an object with tool = \"keylint\" "
                            "and a findings list)")
    if doc.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {doc.get('version')!r} is not supported "
                            f"(this keylint writes version {VERSION}); recreate it with `keylint baseline create`")
    out = []
    for item in doc["findings"]:
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("path", "rule", "fingerprint"))):
            raise BaselineError(f"{path}: malformed entry {item!r}")
        out.append(Entry(item["path"], item["rule"], item["fingerprint"], history=item.get("history") is True))
    return out


@dataclass
class Applied:
    kept: list[Finding]
    baselined: int
    stale: list[Entry]


def apply(entries: list[Entry], findings: list[Finding], *, rule_ids: set[str] | None = None) -> Applied:
    """Drop baselined findings. With ``rule_ids`` (a scan of the whole project), entries of those
    rules that matched no finding are stale; partial scans pass None (no stale detection)."""
    known = {e.fingerprint for e in entries}
    kept = [f for f in findings if f.fingerprint not in known]
    matched = {f.fingerprint for f in findings if f.fingerprint in known}
    stale: list[Entry] = []
    if rule_ids is not None:
        stale = [e for e in entries if e.fingerprint not in matched and e.rule in rule_ids and not e.history]
    return Applied(kept=kept, baselined=len(findings) - len(kept), stale=sorted(stale))


def update(old: list[Entry], findings: list[Finding], *, history: bool = False) -> tuple[list[Entry], int, int]:
    """The new entries, how many were added and how many stale ones were dropped. Without
    ``history`` (the scan did not cover git history) history entries are kept as they are."""
    new = entries_for(findings)
    if not history:
        have = {e.fingerprint for e in new}
        new = sorted(new + [e for e in old if e.history and e.fingerprint not in have])
    old_set, new_set = set(old), set(new)
    return new, len(new_set - old_set), len(old_set - new_set)
