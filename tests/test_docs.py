"""Generated rule docs: committed pages are current, explain prints the same page, SARIF links them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from keylint.cli import cli
from keylint.docs import GENERATED, help_uri, render_rule, stale_files, write_docs
from keylint.registry import all_rules

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not (REPO / "docs").is_dir(), reason="needs the source checkout")
def test_committed_rule_docs_are_current():
    stale = stale_files(REPO, all_rules())
    assert stale == [], f"stale generated docs {stale}: run `keylint dev docs` and commit docs/rules/"


def test_dev_docs_writes_and_checks(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["dev", "docs", "--root", str(tmp_path), "--check"]).exit_code == 1
    assert runner.invoke(cli, ["dev", "docs", "--root", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["dev", "docs", "--root", str(tmp_path), "--check"]).exit_code == 0
    pages = sorted(p.name for p in (tmp_path / "docs" / "rules").iterdir())
    assert pages == sorted([f"{r.id}.md" for r in all_rules()] + ["index.md"])
    # a stale page and a page of a removed rule are both caught, and fixed by regenerating
    (tmp_path / "docs/rules/KL001.md").write_text("old\n")
    (tmp_path / "docs/rules/KL999.md").write_text("gone\n")
    assert stale_files(tmp_path, all_rules()) == ["docs/rules/KL001.md", "docs/rules/KL999.md"]
    assert write_docs(tmp_path, all_rules()) == ["docs/rules/KL001.md", "docs/rules/KL999.md"]
    assert stale_files(tmp_path, all_rules()) == []
    index = (tmp_path / "docs/rules/index.md").read_text()
    assert all(f"[{r.id}]({r.id}.md)" in index for r in all_rules())
    # the page is exactly what `keylint explain` prints
    explained = runner.invoke(cli, ["explain", "KL002"]).output
    assert (tmp_path / "docs/rules/KL002.md").read_text() == GENERATED + "\n\n" + explained


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_page_has_the_sections(rule):
    page = render_rule(rule)
    for heading in ("## What it does", "## Example", "## Use instead", "## Options", "## How to suppress"):
        assert heading in page, f"{rule.id} page lacks {heading}"
    assert "@KEY@" not in page and "«" not in page
    if rule.fix is not None:
        assert "## Fix safety" in page and "after `keylint scan --" in page


def test_sarif_help_uri_points_at_the_page(project, key, monkeypatch):
    root = project({"a.py": f'K = "{key}"\n'})
    monkeypatch.chdir(root)
    doc = json.loads(CliRunner().invoke(cli, ["scan", "-f", "sarif", "."]).stdout)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["KL001"]["helpUri"] == "docs/rules/KL001.md"
    assert (REPO / rules["KL001"]["helpUri"]).is_file() or not (REPO / "docs").is_dir()
    monkeypatch.setenv("KEYLINT_DOCS_BASE", "https://example.invalid/keylint/blob/v1/")
    assert help_uri(all_rules()[0]) == "https://example.invalid/keylint/blob/v1/docs/rules/KL001.md"
