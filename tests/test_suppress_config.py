from __future__ import annotations

import pytest

from keylint.config import Config, ConfigError, find_config_file, load_config, parse_config
from keylint.engine import scan
from keylint.findings import Severity
from keylint.suppress import parse_suppressions


@pytest.mark.parametrize("line,ids,lines", [
    ("x = 1  # keylint: ignore[KL001]", ("KL001",), (1,)),
    ("x = 1  // keylint: ignore[KL001, hardcoded-api-key]", ("KL001", "hardcoded-api-key"), (1,)),
    ("<!-- keylint: ignore[kl003] -->", ("KL003",), (1, 2)),
    ("/* keylint: ignore[KL004] -- reviewed by sec */", ("KL004",), (1, 2)),
    ("x  # keylint: ignore", (), (1,)),
])
def test_directive_forms(line, ids, lines):
    [d] = parse_suppressions(line).directives
    assert d.ids == ids and d.applies_to == lines


def test_directive_alone_applies_to_next_line_and_reason():
    [d] = parse_suppressions("  # keylint: ignore[KL005] -- prompt is internal\ncall()\n").directives
    assert d.applies_to == (1, 2) and d.reason == "prompt is internal"


def test_directive_inside_a_string_is_not_a_comment():
    assert parse_suppressions('x = "keylint: ignore[KL001]"').directives == []


def _scan(root, **kw):
    return scan([root], Config(**kw), jobs=1, root=root)


def test_suppressions_in_a_scan(project, key):
    root = project({
        "a.py": f"K = '{key}'  # keylint: ignore[KL001]\nJ = '{key}'\n",
        "b.ts": f"// keylint: ignore[hardcoded-api-key]\nconst k = '{key}';\n",
        "c.env": f"# keylint: ignore-file[KL001]\nA={key}\nB={key}\n",
        "d.py": f"K = '{key}'  # keylint: ignore[KL004]\n",
    })
    res = _scan(root, select=("KL001",))
    assert sorted((f.path, f.span.line) for f in res.findings) == [("a.py", 2), ("d.py", 1)]
    assert res.stats["suppressed"] == 4
    assert res.unused_suppressions == [("d.py", 1, "KL004")]


def test_other_tools_pragmas_only_when_enabled(project, key):
    root = project({
        "a.py": f"K = '{key}'  # pragma: allowlist secret\n# pragma: allowlist nextline secret\nJ = '{key}'\n",
        "b.py": f"K = '{key}'  # gitleaks:allow\n",
    })
    assert len(_scan(root, select=("KL001",)).findings) == 3
    assert _scan(root, select=("KL001",), other_pragmas=True).findings == []


def test_min_confidence(project):
    from keylint.testing import fake_key

    root = project({"a.env": f"A={fake_key('oat01', 60)}\nB={fake_key()}\n"})
    assert len(_scan(root, select=("KL001",)).findings) == 2
    from keylint.findings import Confidence

    assert len(_scan(root, select=("KL001",), min_confidence=Confidence.HIGH).findings) == 1


def test_parse_config_values():
    cfg = parse_config({"select": ["KL00"], "ignore": ["env-not-gitignored"], "fail-on": "error",
                        "exclude": ["x/"], "extend-exclude": ["y/"], "max-file-size": 10,
                        "per-file-ignores": {"docs/**": ["KL001"]}}, "t")
    assert cfg.fail_on is Severity.ERROR and cfg.exclude == ("x/", "y/") and cfg.max_file_size == 10
    assert cfg.per_file_ignores == (("docs/**", ("KL001",)),)


@pytest.mark.parametrize("data,needle", [
    ({"exlude": []}, "did you mean 'exclude'"),
    ({"select": "KL001x"}, "unknown rule"),
    ({"per-file-ignores": {"a": ["nope-rule"]}}, "unknown rule"),
    ({"baseline": "../outside.json"}, "inside the project"),
    ({"other-pragmas": "yes"}, "true or false"),
    ({"rules": {"KL001": {"nope": 1}}}, "has no option"),
])
def test_bad_config(data, needle):
    with pytest.raises(ConfigError, match=needle):
        parse_config(data, "t")


def test_find_config_walks_up_to_repo_root(project):
    root = project({"pyproject.toml": "[tool.keylint]\nignore=['KL002']\n", "a/b/c.py": "x",
                    "a/.keylint.toml": "fail-on = 'error'\n"})
    (root / ".git").mkdir()
    assert find_config_file(root / "a" / "b") == root / "a" / ".keylint.toml"
    assert load_config(root / "a" / ".keylint.toml").fail_on is Severity.ERROR
    assert find_config_file(root) == root / "pyproject.toml"
    # a pyproject.toml without [tool.keylint] is not a keylint config
    other = project({"z/pyproject.toml": "[project]\nname='x'\n"})
    assert find_config_file(other / "z") == root / "pyproject.toml"


def test_config_cannot_execute_or_escape(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.py").write_text("x")
    root = project({".keylint.toml": "exclude = ['/etc/passwd', '../**']\nbaseline = 'b.json'\n", "a.py": "x"})
    cfg = load_config(root / ".keylint.toml")
    res = scan([root], cfg, jobs=1, root=root)
    assert sorted(res.project.files) == [".keylint.toml", "a.py"]


FLASK_APP = '''import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()


@app.post("/ask")
def ask():
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=64, system="Be brief.",
        messages=[{"role": "user", "content": request.json["q"]}]).content[0].text
'''


def test_flow_rules_skip_test_paths_unless_configured(project):
    root = project({"tests/fake_app.py": FLASK_APP, "app.py": FLASK_APP})
    default = scan([root], Config(select=("KL004",)), jobs=1, root=root)
    assert [f.path for f in default.findings] == ["app.py"]
    everything = scan([root], Config(select=("KL004",), test_paths=()), jobs=1, root=root)
    assert [f.path for f in everything.findings] == ["app.py", "tests/fake_app.py"]
    cfg = parse_config({"test-paths": ["qa/"], "extend-test-paths": ["*.fixture.py"]}, "t")
    assert cfg.test_paths == ("qa/", "*.fixture.py")
    from keylint.config import DEFAULT_TEST_PATHS

    assert parse_config({"extend-test-paths": ["qa/"]}, "t").test_paths == DEFAULT_TEST_PATHS + ("qa/",)
