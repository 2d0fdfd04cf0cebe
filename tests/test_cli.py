from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from keylint.cli import cli
from keylint.testing import placeholder_values, run_cli

run = run_cli


@pytest.fixture
def leaky(project, key):
    return project({"app.py": f'import anthropic\nclient = anthropic.Anthropic(api_key="{key}")\n',
                    "clean.py": "print('hi')\n"})


def test_exit_codes(leaky, project):
    assert run(["scan", "."], leaky).exit_code == 1
    assert run(["scan", "clean.py"], leaky).exit_code == 0
    assert run(["scan", "--exit-zero", "."], leaky).exit_code == 0
    assert run(["scan", "--fail-on", "never", "."], leaky).exit_code == 0
    assert run(["scan", "--select", "KL999", "."], leaky).exit_code == 2


def test_fail_on_threshold(project, key):
    # a test-vector-shaped key is a warning: fails at the default threshold, not at --fail-on error
    vector = "sk-ant-api03-" + placeholder_values()["@TEST_VECTOR_BODY@"]
    root = project({"t.py": f"K = '{vector}'\n"})
    assert run(["scan", "."], root).exit_code == 1
    assert run(["scan", "--fail-on", "error", "."], root).exit_code == 0


def test_text_output(leaky, key):
    res = run(["scan", "--no-color", "."], leaky)
    assert "app.py:2:39: KL001 [error] Anthropic API key `sk-ant-api03-" in res.output
    assert "Found 1 finding (1 error) in 2 files." in res.output
    assert key not in res.output


def test_json_contract(leaky, key):
    res = run(["scan", "--format", "json", "."], leaky)
    doc = json.loads(res.output)
    assert set(doc) >= {"version", "findings", "errors", "stats"}
    [f] = doc["findings"]
    for field in ("rule_id", "rule_name", "severity", "path", "line", "column", "end_line",
                  "end_column", "message", "fingerprint"):
        assert field in f
    assert (f["rule_id"], f["path"], f["line"], f["column"]) == ("KL001", "app.py", 2, 39)
    assert f["end_column"] - f["column"] == len(key)
    assert key not in res.output


def test_paths_relative_to_cwd(leaky):
    sub = leaky / "sub"
    sub.mkdir()
    res = run(["scan", "--format", "json", ".."], sub)
    assert json.loads(res.output)["findings"][0]["path"] == str(Path(leaky / "app.py").as_posix())
    res = run(["scan", "--format", "json", "."], leaky)
    assert json.loads(res.output)["findings"][0]["path"] == "app.py"


def test_output_is_deterministic(leaky):
    outs = {run(["scan", "--format", fmt, "."], leaky).output for fmt in ["json"] * 3}
    assert len(outs) == 1
    sarifs = {run(["scan", "--format", "sarif", "."], leaky).output for _ in range(3)}
    assert len(sarifs) == 1


def test_github_format(leaky):
    out = run(["scan", "--format", "github", "."], leaky).output
    assert out.startswith("::error file=app.py,line=2,endLine=2,col=39,endColumn=")
    assert "title=KL001 hardcoded-api-key::Anthropic API key" in out


def test_sarif_shape(leaky):
    doc = json.loads(run(["scan", "--format", "sarif", "."], leaky).output)
    run_ = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) and "KL001" in ids
    [result] = run_["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert result["partialFingerprints"]["keylint/v1"]
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "KL001"


def test_output_file(leaky, key):
    res = run(["scan", "--format", "sarif", "-o", "out.sarif", "."], leaky)
    assert res.exit_code == 1
    assert key not in (leaky / "out.sarif").read_text()


@pytest.mark.parametrize("body,message", [
    ("[tool.keylint]\nselct = ['KL001']\n", "unknown option 'selct' (did you mean 'select'?)"),
    ("[tool.keylint]\nfail-on = 'errors'\n", "did you mean 'error'?"),
    ("[tool.keylint]\nselect = ['hardcoded-api-ky']\n", "did you mean 'hardcoded-api-key'?"),
    ("[tool.keylint\n", "invalid TOML"),
    ("[tool.keylint]\nmax-file-size = -1\n", "positive number"),
])
def test_broken_config_is_exit_2_with_hint(project, body, message):
    root = project({"pyproject.toml": body, "a.py": "x"})
    res = CliRunner().invoke(cli, ["scan", str(root)])
    assert res.exit_code == 2
    assert message in res.output  # click's runner interleaves stderr into output


def test_config_select_ignore_and_per_file_ignores(project, key):
    files = {"a.py": f"K = '{key}'\n", "docs/b.md": f"{key}\n"}
    root = project({**files, ".keylint.toml": "[tool.keylint]\n[tool.keylint.per-file-ignores]\n\"docs/**\" = [\"KL001\"]\n"})
    doc = json.loads(run(["scan", "-f", "json", "."], root).output)
    assert [f["path"] for f in doc["findings"]] == ["a.py"]
    assert doc["stats"]["suppressed"] == 1
    root2 = project({".keylint.toml": "[tool.keylint]\nignore = ['KL001']\n"})
    assert json.loads(run(["scan", "-f", "json", "."], root2).output)["findings"] == []


def test_isolated_ignores_config(project, key):
    root = project({"a.py": f"K = '{key}'\n", ".keylint.toml": "[tool.keylint]\nignore = ['KL001']\n"})
    assert run(["scan", "."], root).exit_code == 0
    assert run(["scan", "--isolated", "."], root).exit_code == 1


def test_rules_and_explain():
    out = CliRunner().invoke(cli, ["rules"]).output
    assert "KL001  hardcoded-api-key" in out
    res = CliRunner().invoke(cli, ["explain", "hardcoded-api-key"])
    assert res.exit_code == 0 and res.output.startswith("# KL001 · hardcoded-api-key")
    assert "## Example" in res.output and "sk-ant-api03-…" in res.output
    assert CliRunner().invoke(cli, ["explain", "KL99"]).exit_code == 2


def test_version_and_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "keylint", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("keylint, version ")


def test_console_entry_flushes_and_keeps_the_exit_status(tmp_path):
    # `python -m keylint` ends the process without the interpreter's teardown (cli.run): the
    # report must still be complete and the status the command's
    from keylint.testing import fake_key

    (tmp_path / "app.py").write_text(f'KEY = "{fake_key()}"\n' + "x = 1\n" * 5000)
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "ok.py").write_text("print('hi')\n")
    found = subprocess.run([sys.executable, "-m", "keylint", "scan", "--no-cache", "-f", "json", str(tmp_path)],
                           capture_output=True, text=True, check=False)
    assert found.returncode == 1, found.stderr
    assert [f["rule_id"] for f in json.loads(found.stdout)["findings"]] == ["KL001"]
    report = tmp_path / "out.sarif"
    clean = subprocess.run([sys.executable, "-m", "keylint", "scan", "--no-cache", "-f", "sarif", "-o", str(report),
                            str(tmp_path / "clean")], capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(report.read_text())["runs"][0]["results"] == []
    usage = subprocess.run([sys.executable, "-m", "keylint", "scan", "--no-such-option"], capture_output=True, text=True,
                           check=False)
    assert usage.returncode == 2 and "No such option" in usage.stderr


def test_version_imports_no_parser():
    code = ("import sys; from keylint.cli import main; sys.argv=['keylint','--version']\n"
            "try:\n main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('libcst','tree_sitter','detect_secrets','rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().endswith("[]"), out.stdout + out.stderr
