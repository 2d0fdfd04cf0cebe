"""--staged, --diff and --history on real git repositories with history."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from keylint.gitscan import parse_patch
from keylint.testing import fake_key, git, run_cli

run = run_cli


def findings(args, cwd: Path) -> list[dict]:
    res = run([*args, "--format", "json"], cwd)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)["findings"]


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text(".env\n")
    (root / "README.md").write_text("hello\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "init")
    return root


def commit(root: Path, files: dict[str, str], message: str = "c") -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "add", "-f", *files)
    git(root, "commit", "-q", "-m", message)


# ---------------------------------------------------------------------------------------------
# --staged
# ---------------------------------------------------------------------------------------------
def test_staged_reads_the_index_not_the_work_tree(repo):
    key = fake_key()
    (repo / "app.py").write_text(f'KEY = "{key}"\n')
    git(repo, "add", "app.py")
    (repo / "app.py").write_text("KEY = None\n")  # fixed in the work tree only
    [f] = findings(["scan", "--staged"], repo)
    assert (f["rule_id"], f["path"], f["line"]) == ("KL001", "app.py", 1)
    # the other way round: staged clean, work tree leaky -> the commit is clean
    git(repo, "add", "app.py")
    (repo / "app.py").write_text(f'KEY = "{key}"\n')
    assert findings(["scan", "--staged"], repo) == []
    assert run(["scan", "--staged"], repo).exit_code == 0


def test_staged_classifies_with_the_unchanged_manifests_above_the_touched_file(repo):
    # the commit touches only the extension's background script; what makes it browser code is
    # the untouched manifest.json under public/ (phase 1 reads the configs of its directories)
    commit(repo, {"ext/package.json": '{"dependencies": {"@anthropic-ai/sdk": "^0.60.0"}}\n',
                  "ext/public/manifest.json": '{"manifest_version": 3, "name": "x"}\n',
                  "other/package.json": '{"dependencies": {"next": "15.0.0"}}\n'})
    (repo / "ext/src").mkdir(parents=True)
    (repo / "ext/src/background.js").write_text(
        'import Anthropic from "@anthropic-ai/sdk";\n'
        'const client = new Anthropic({ apiKey: "x" });\n')
    git(repo, "add", "ext/src/background.js")
    found = findings(["scan", "--staged"], repo)
    assert ("KL003", "ext/src/background.js") in {(f["rule_id"], f["path"]) for f in found}


def test_staged_reports_only_added_lines_and_never_blocks_a_removal(repo):
    key, key2 = fake_key(), fake_key()
    commit(repo, {"app.py": f'A = "{key}"\nB = 1\n'}, "leak")  # already committed (--no-verify)
    # an unrelated change to the same file: the old key is not on an added line
    (repo / "app.py").write_text(f'A = "{key}"\nB = 2\n')
    git(repo, "add", "app.py")
    assert findings(["scan", "--staged"], repo) == []
    # a new key on an added line is reported, the old one still not
    (repo / "app.py").write_text(f'A = "{key}"\nB = "{key2}"\n')
    git(repo, "add", "app.py")
    [f] = findings(["scan", "--staged"], repo)
    assert f["line"] == 2
    # removing both keys: nothing added, exit 0
    (repo / "app.py").write_text("import os\nA = os.environ['ANTHROPIC_API_KEY']\n")
    git(repo, "add", "app.py")
    res = run(["scan", "--staged"], repo)
    assert res.exit_code == 0, res.output
    # deleting the file that held the key: also passes
    git(repo, "reset", "-q")
    git(repo, "rm", "-qf", "app.py")
    assert run(["scan", "--staged"], repo).exit_code == 0


def test_staged_env_file_is_a_repository_level_finding(repo):
    (repo / "config").mkdir()
    (repo / "config" / ".env").write_text("PORT=3000\n")
    (repo / "config" / "x.py").write_text("print(1)\n")
    git(repo, "add", "-f", "config/.env", "config/x.py")
    found = findings(["scan", "--staged"], repo)
    assert [(f["rule_id"], f["path"]) for f in found] == [("KL002", "config/.env")]
    assert "tracked by git" in found[0]["message"]
    # once committed, an unrelated commit is not blocked by it
    git(repo, "commit", "-q", "--no-verify", "-m", "env")
    commit_file = repo / "other.txt"
    commit_file.write_text("x\n")
    git(repo, "add", "other.txt")
    assert findings(["scan", "--staged"], repo) == []


def test_staged_outside_git_is_a_usage_error(tmp_path):
    res = run(["scan", "--staged"], tmp_path)
    assert res.exit_code == 2 and "not inside a git work tree" in res.output


def test_modes_cannot_be_combined(repo):
    assert run(["scan", "--staged", "--history"], repo).exit_code == 2
    assert run(["scan", "--since", "HEAD"], repo).exit_code == 2
    assert run(["scan", "--history", "--select", "KL002"], repo).exit_code == 2


# ---------------------------------------------------------------------------------------------
# --diff REV
# ---------------------------------------------------------------------------------------------
def test_diff_reports_only_what_is_new_since_rev(repo):
    old, new = fake_key(), fake_key()
    commit(repo, {"old.py": f'K = "{old}"\n'}, "old leak")
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, {"new.py": f'K = "{new}"\n', "old.py": f'K = "{old}"\nX = 1\n'}, "feature")
    (repo / "untracked.md").write_text(f"{new}\n")
    everything = findings(["scan", "."], repo)
    assert {f["path"] for f in everything} == {"old.py", "new.py", "untracked.md"}
    fresh = findings(["scan", "--diff", "main", "."], repo)
    assert {f["path"] for f in fresh} == {"new.py", "untracked.md"}
    assert run(["scan", "--diff", "no-such-rev", "."], repo).exit_code == 2


# ---------------------------------------------------------------------------------------------
# --history
# ---------------------------------------------------------------------------------------------
def test_history_finds_a_key_deleted_later_with_commit_path_line(repo):
    key = fake_key()
    commit(repo, {"src/settings.py": "DEBUG = True\n"}, "settings")
    commit(repo, {"src/settings.py": f'DEBUG = True\nKEY = "{key}"\n'}, "add key")
    leak_sha = os.popen(f"git -C {repo} rev-parse HEAD").read().strip()
    commit(repo, {"src/settings.py": "DEBUG = True\n"}, "remove key")
    assert findings(["scan", "."], repo) == []  # the work tree is clean ...
    res = run(["scan", "--history", "--format", "json"], repo)
    assert res.exit_code == 1
    assert key not in res.output
    [f] = json.loads(res.output)["findings"]  # ... the history is not
    assert (f["rule_id"], f["path"], f["line"], f["column"]) == ("KL001", "src/settings.py", 2, 8)
    assert f["commit"] == leak_sha and leak_sha[:12] in f["message"]
    text = run(["scan", "--history", "--no-color"], repo).output
    assert "src/settings.py:2:8: KL001 [error]" in text and key not in text


def test_history_deduplicates_by_secret_and_reports_the_oldest_commit(repo):
    key, other = fake_key(), fake_key()
    commit(repo, {"a.py": f'K = "{key}"\n'}, "first")
    first = os.popen(f"git -C {repo} rev-parse HEAD").read().strip()
    commit(repo, {"a.py": f'# moved\nK = "{key}"\n', "b.md": f"key: {key}\n"}, "copy")
    commit(repo, {"c.env": f"X={other}\n"}, "second key")
    found = findings(["scan", "--history"], repo)
    assert len(found) == 2
    by_path = {f["path"]: f for f in found}
    assert by_path["a.py"]["commit"] == first and by_path["a.py"]["line"] == 1
    # the "moved" key line is not re-added by git (a line was inserted above it): 2 additions
    assert by_path["a.py"]["occurrences"] == "2" and by_path["a.py"]["also_in"] == "b.md"
    assert "c.env" in by_path
    # --since: only commits after REV
    since = findings(["scan", "--history", "--since", first], repo)
    assert {f["path"] for f in since} == {"b.md", "c.env"}  # after `first` the key is only added in b.md
    assert all(f["commit"] != first for f in since)


def test_history_honours_exclude_and_suppressions(repo):
    key, key2 = fake_key(), fake_key()
    commit(repo, {"fixtures/k.txt": f"{key}\n", "x.py": f'K = "{key2}"  # keylint: ignore[KL001]\n'})
    assert len(findings(["scan", "--history"], repo)) == 2 - 1  # the suppressed line
    assert findings(["scan", "--history", "--exclude", "fixtures/"], repo) == []


def test_parse_patch_counts_lines_and_survives_plus_plus_content():
    patch = (b"\x00abc\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,0 +2,2 @@\n"
             b"+++ b/not-a-header\n+second\n@@ -10 +11 @@\n-old\n+new\n"
             b"diff --git a/g b/g\n--- a/g\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n")
    got = [(c, p, n, t) for c, p, n, t in parse_patch(iter(patch.splitlines(keepends=True))) if n]
    assert got == [("abc", "f", 2, b"++ b/not-a-header"), ("abc", "f", 3, b"second"), ("abc", "f", 11, b"new")]


def test_staged_rename_adds_no_line_but_touches_the_new_path(repo):
    key = fake_key()
    commit(repo, {"old/config.py": f'KEY = "{key}"\n', "env.sample": "PORT=3000\n"}, "leak")
    git(repo, "mv", "old/config.py", "new_config.py")
    assert findings(["scan", "--staged"], repo) == []  # moving a committed key adds nothing
    git(repo, "mv", "env.sample", "svc.env")
    found = findings(["scan", "--staged"], repo)
    assert [(f["rule_id"], f["path"]) for f in found] == [("KL002", "svc.env")]


def test_diff_is_by_fingerprint_not_by_line(repo):
    key = fake_key()
    commit(repo, {"a.py": f'K = "{key}"\n'}, "old leak")
    git(repo, "checkout", "-q", "-b", "feature")
    # the same key moved down and its line rewritten: not new; a second copy of it: new
    (repo / "a.py").write_text(f'import os\n\nK  =  "{key}"\nJ = "{key}"\n')
    fresh = findings(["scan", "--diff", "main", "."], repo)
    assert [(f["path"], f["line"]) for f in fresh] == [("a.py", 4)]
    # the branch removes its key while main moves on: nothing new on the branch
    commit(repo, {"a.py": "import os\n"}, "fix on the branch")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"b.py": f'B = "{fake_key()}"\n'}, "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert findings(["scan", "--diff", "main", "."], repo) == []


def test_history_finds_a_key_added_only_in_a_merge_resolution(repo):
    key = fake_key()
    commit(repo, {"cfg.py": "A = 1\n"}, "base")
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, {"cfg.py": "A = 2\n"}, "side")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"cfg.py": "A = 3\n"}, "main")
    subprocess = __import__("subprocess")
    subprocess.run(["git", "merge", "-q", "side"], cwd=repo, capture_output=True)  # conflicts
    (repo / "cfg.py").write_text(f'A = 4\nKEY = "{key}"\n')  # the "evil" resolution adds a key
    git(repo, "add", "cfg.py")
    git(repo, "commit", "-q", "--no-edit")
    merge = os.popen(f"git -C {repo} rev-parse HEAD").read().strip()
    commit(repo, {"cfg.py": "A = 4\n"}, "remove")
    [f] = findings(["scan", "--history"], repo)
    assert (f["path"], f["line"], f["commit"]) == ("cfg.py", 2, merge)


def test_index_paths_match_the_full_index_parse_with_odd_names_links_and_gitlinks(repo):
    from keylint.gitscan import BlobReader, index_entries, index_paths

    names = [" lead.py", "trail .py", "1:x.py", "tab\tin.py", "ünï cödé.py", "sp ace/a b.py"]
    for i, name in enumerate(names):
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(f"X = {i}\n")
    os.symlink("README.md", repo / "link.md")
    git(repo, "add", "-A")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{'a' * 40},vendored")  # a submodule
    paths, blob_name = index_paths(repo)
    assert paths == [e.path for e in index_entries(repo)]
    assert "link.md" not in paths and "vendored" not in paths and set(names) <= set(paths)
    with BlobReader(repo) as blobs:
        for i, name in enumerate(names):
            assert blobs.read(blob_name(name)) == f"X = {i}\n".encode()
        assert blobs.read(blob_name("no such file.py")) is None


def test_staged_finds_a_key_in_a_file_whose_name_has_spaces_and_a_colon(repo):
    (repo / "a b:c.py").write_text(f'KEY = "{fake_key()}"\n')
    git(repo, "add", "a b:c.py")
    [f] = findings(["scan", "--staged"], repo)
    assert (f["rule_id"], f["path"], f["line"]) == ("KL001", "a b:c.py", 1)


def test_staged_during_a_merge_conflict_reads_the_staged_side(repo):
    commit(repo, {"cfg.py": "A = 1\n"}, "base")
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, {"cfg.py": "A = 2\n"}, "side")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"cfg.py": "A = 3\n"}, "main")
    __import__("subprocess").run(["git", "merge", "-q", "side"], cwd=repo, capture_output=True)  # conflicts
    (repo / "new.py").write_text(f'KEY = "{fake_key()}"\n')
    git(repo, "add", "new.py")
    assert [(f["rule_id"], f["path"]) for f in findings(["scan", "--staged"], repo)] == [("KL001", "new.py")]


def test_staged_reads_more_blobs_than_one_batch_of_requests(repo):
    """Phase 1 asks git for its blobs 64 at a time: every staged file is still read once, in order."""
    files = {f"pkg{i % 3}/m{i}.py": f'X = {i}\nKEY = "{fake_key()}"\n' for i in range(70)}
    for rel, text in files.items():
        (repo / rel).parent.mkdir(exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", ".")
    found = findings(["scan", "--staged"], repo)
    assert sorted((f["path"], f["line"]) for f in found) == sorted((rel, 2) for rel in files)


def test_staged_with_a_newline_in_a_path_reads_blobs_by_object_id(repo):
    """`git cat-file --batch` reads one name per line: an index holding a path with a newline is
    read by object ids instead of `:0:<path>` names."""
    (repo / "odd\nname.txt").write_text("hello\n")
    (repo / "app.py").write_text(f'KEY = "{fake_key()}"\n')
    git(repo, "add", ".")
    from keylint.gitscan import index_paths

    paths, blob_name = index_paths(repo)
    assert "odd\nname.txt" in paths and not blob_name("app.py").startswith(":")
    [f] = findings(["scan", "--staged"], repo)
    assert (f["rule_id"], f["path"]) == ("KL001", "app.py")
