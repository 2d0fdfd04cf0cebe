"""keylint baseline create|update and the baseline's effect on scans."""

from __future__ import annotations

import json
from pathlib import Path

from keylint.testing import fake_key, git, run_cli

run = run_cli


def reported(cwd: Path, *extra: str) -> list[dict]:
    res = run(["scan", "--format", "json", *extra], cwd)
    assert res.exit_code in (0, 1), res.output
    out = res.stdout if hasattr(res, "stdout") else res.output
    return json.loads(out[out.index("{"):])["findings"]


def test_create_then_only_new_findings_are_reported(project):
    k1, k2, k3 = fake_key(), fake_key(), fake_key()
    root = project({"a.py": f'A = "{k1}"\n', "docs/setup.md": f"Use {k2}\n"})
    res = run(["baseline", "create"], root)
    assert res.exit_code == 0, res.output
    path = root / ".keylint-baseline.json"
    text = path.read_text()
    assert k1 not in text and k2 not in text  # never a secret
    doc = json.loads(text)
    assert doc["tool"] == "keylint" and doc["version"] == 1
    assert [(e["path"], e["rule"]) for e in doc["findings"]] == [("a.py", "KL001"), ("docs/setup.md", "KL001")]
    assert all(set(e) == {"fingerprint", "path", "rule"} for e in doc["findings"])  # no line, no time
    assert text == json.dumps(doc, indent=2, sort_keys=True) + "\n"
    assert run(["scan", "."], root).exit_code == 0
    # code moves: the baseline still matches (no line numbers)
    (root / "a.py").write_text(f'import os\n\n\nA = "{k1}"\n')
    assert reported(root) == []
    # a new key in a baselined file is reported
    (root / "a.py").write_text(f'import os\n\n\nA = "{k1}"\nB = "{k3}"\n')
    [f] = reported(root)
    assert (f["path"], f["line"]) == ("a.py", 5)
    # --no-baseline shows everything
    assert len(reported(root, "--no-baseline")) == 3
    # create refuses to overwrite; the scan never rewrites the file
    assert run(["baseline", "create"], root).exit_code == 2
    assert path.read_text() == text


def test_stale_entries_are_reported_and_update_drops_them(project):
    k1, k2 = fake_key(), fake_key()
    root = project({"a.py": f'A = "{k1}"\n', "b.py": f'B = "{k2}"\n'})
    assert run(["baseline", "create"], root).exit_code == 0
    (root / "b.py").write_text("B = None\n")  # fixed
    res = run(["scan", "."], root)
    assert res.exit_code == 0
    assert "1 stale baseline entry" in res.output and "KL001 b.py" in res.output
    # a partial scan does not call entries outside it stale
    assert "stale" not in run(["scan", "a.py"], root).output
    res = run(["baseline", "update"], root)
    assert res.exit_code == 0 and "1 entries (0 added, 1 stale dropped)" in res.output
    doc = json.loads((root / ".keylint-baseline.json").read_text())
    assert [e["path"] for e in doc["findings"]] == ["a.py"]
    assert "stale" not in run(["scan", "."], root).output


def test_output_is_byte_identical_across_runs_and_machines(project):
    root = project({"a.py": f'A = "{fake_key()}"\n', "z/.env": "PORT=1\n", "m.md": f"{fake_key()}\n"})
    run(["baseline", "create"], root)
    first = (root / ".keylint-baseline.json").read_bytes()
    run(["baseline", "create", "--force"], root)
    assert (root / ".keylint-baseline.json").read_bytes() == first
    run(["baseline", "update"], root)
    assert (root / ".keylint-baseline.json").read_bytes() == first


def test_config_path_and_explicit_file(project):
    key = fake_key()
    root = project({"a.py": f'A = "{key}"\n', ".keylint.toml": "baseline = 'ci/keylint-baseline.json'\n"})
    (root / "ci").mkdir()
    assert run(["baseline", "create"], root).exit_code == 0
    assert (root / "ci" / "keylint-baseline.json").is_file()
    assert run(["scan", "."], root).exit_code == 0
    assert run(["scan", "--baseline", "missing.json", "."], root).exit_code == 2
    (root / "bad.json").write_text("{]")
    res = run(["scan", "--baseline", "bad.json", "."], root)
    assert res.exit_code == 2 and "not valid JSON" in res.output


def test_staged_and_history_scans_honour_the_baseline(tmp_path):
    root = tmp_path
    git(root, "init", "-q")
    key = fake_key()
    (root / "a.py").write_text(f'A = "{key}"\n')
    git(root, "add", "a.py")
    assert run(["scan", "--staged"], root).exit_code == 1
    assert run(["baseline", "create"], root).exit_code == 0
    git(root, "add", ".keylint-baseline.json")
    assert run(["scan", "--staged"], root).exit_code == 0
    git(root, "commit", "-q", "--no-verify", "-m", "accepted")
    # the history finding of the same secret in the same file has the same fingerprint
    assert run(["scan", "--history"], root).exit_code == 0
    assert run(["scan", "--history", "--no-baseline"], root).exit_code == 1


def test_baseline_with_history_accepts_rotated_keys(tmp_path):
    root = tmp_path
    git(root, "init", "-q")
    (root / "a.py").write_text(f'A = "{fake_key()}"\n')
    git(root, "add", "a.py")
    git(root, "commit", "-q", "-m", "leak")
    (root / "a.py").write_text("A = None\n")
    git(root, "commit", "-q", "-am", "rotated and removed")
    assert run(["scan", "--history"], root).exit_code == 1
    assert run(["baseline", "create"], root).exit_code == 0  # the work tree is clean: nothing recorded
    assert run(["scan", "--history"], root).exit_code == 1
    assert run(["baseline", "create", "--force", "--history"], root).exit_code == 0
    assert run(["scan", "--history"], root).exit_code == 0
    doc = json.loads((root / ".keylint-baseline.json").read_text())
    assert [e.get("history") for e in doc["findings"]] == [True]
    # history entries are not stale in a work-tree scan, and an update without --history keeps them
    assert "stale" not in run(["scan", "."], root).output
    res = run(["baseline", "update"], root)
    assert "1 entries (0 added, 0 stale dropped)" in res.output
    assert run(["scan", "--history"], root).exit_code == 0
