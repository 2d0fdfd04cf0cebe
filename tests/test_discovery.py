from __future__ import annotations

import os
from pathlib import Path

from keylint.config import Config
from keylint.discovery import discover
from keylint.engine import PARALLEL_MIN_FILES, scan
from keylint.testing import git


def _rel(d) -> list[str]:
    return [e.relpath for e in d.entries]


def test_git_view_tracked_and_untracked_not_ignored(project):
    root = project({".gitignore": "*.log\nbuild/\n", "a.py": "x", "b.log": "x", "build/c.py": "x",
                    "sub/.gitignore": "secret.txt\n", "sub/secret.txt": "x", "sub/d.py": "x"})
    git(root, "init", "-q")
    git(root, "add", "a.py")
    d = discover([root], root=root, is_git=True)
    assert _rel(d) == [".gitignore", "a.py", "sub/.gitignore", "sub/d.py"]
    tracked = {e.relpath: e.tracked for e in d.entries}
    assert tracked["a.py"] is True and tracked["sub/d.py"] is False


def test_walk_without_git_honours_nested_gitignore_and_negation(project):
    root = project({".gitignore": "*.log\n!keep.log\nbuild/\n", "a.py": "x", "b.log": "x",
                    "keep.log": "x", "build/c.py": "x", "sub/.gitignore": "secret.txt\n",
                    "sub/secret.txt": "x", "sub/d.py": "x", ".git-not/x": "x"})
    d = discover([root], root=root, is_git=False)
    assert _rel(d) == [".git-not/x", ".gitignore", "a.py", "keep.log", "sub/.gitignore", "sub/d.py"]


def test_config_exclude_and_named_directory(project):
    root = project({"src/a.py": "x", "fixtures/b.py": "x", "fixtures/c/d.py": "x"})
    assert _rel(discover([root], root=root, is_git=False, exclude=("fixtures/",))) == ["src/a.py"]
    # a directory named on the command line is scanned even when the config excludes it
    named = discover([root / "fixtures"], root=root, is_git=False, exclude=("fixtures/",))
    assert _rel(named) == ["fixtures/b.py", "fixtures/c/d.py"]
    forced = discover([root / "fixtures"], root=root, is_git=False, exclude=("fixtures/",), force_exclude=True)
    assert _rel(forced) == []


def test_explicit_files_scanned_as_given_unless_force_exclude(project):
    root = project({".gitignore": "*.env\n", "x.env": "A=1", "fixtures/k.py": "x"})
    git(root, "init", "-q")
    d = discover([root / "x.env", root / "fixtures/k.py"], root=root, is_git=True, exclude=("fixtures/",))
    assert _rel(d) == ["fixtures/k.py", "x.env"]
    assert {e.relpath: e.ignored for e in d.entries}["x.env"] is True
    d2 = discover([root / "fixtures/k.py"], root=root, is_git=True, exclude=("fixtures/",), force_exclude=True)
    assert _rel(d2) == []


def test_symlinks_outside_and_loops_are_reported_not_followed(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.py").write_text("x")
    root = project({"a.py": "x"})
    os.symlink(outside / "secret.py", root / "link.py")
    os.symlink(outside, root / "linkdir")
    os.symlink(root / "loop1", root / "loop2")
    os.symlink(root / "loop2", root / "loop1")
    for is_git in (False, True):
        if is_git:
            git(root, "init", "-q")
        d = discover([root], root=root, is_git=is_git)
        assert _rel(d) == ["a.py"], is_git
        reasons = {e.path: e.message for e in d.errors}
        assert "outside" in reasons["link.py"]
        assert "loop" in reasons["loop1"] and "loop" in reasons["loop2"]


def test_missing_path_is_an_error(project):
    root = project({"a.py": "x"})
    d = discover([root / "nope.py"], root=root, is_git=False)
    assert d.entries == [] and d.errors[0].message == "no such file or directory"


def test_scan_result_is_independent_of_jobs(project, key):
    files = {f"pkg{i}/m{j}.py": f"K = '{key}'\n" if (i + j) % 7 == 0 else "x = 1\n"
             for i in range(15) for j in range(20)}
    root = project(files)
    one = scan([root], Config(), jobs=1, root=root)
    two = scan([root], Config(), jobs=2, root=root)
    assert two.stats["jobs"] == 2 and one.stats["jobs"] == 1
    assert [(f.path, f.span, f.fingerprint) for f in one.findings] == [
        (f.path, f.span, f.fingerprint) for f in two.findings]
    assert len(one.findings) == sum(1 for i in range(15) for j in range(20) if (i + j) % 7 == 0)


def test_git_repository_states(project, key):
    """No commits, detached HEAD, a worktree: git's view still works."""
    root = project({"a.py": f"K = '{key}'\n"})
    git(root, "init", "-q")
    assert len(scan([root], Config(), jobs=1).findings) == 1  # no commits yet
    git(root, "add", "a.py")
    git(root, "commit", "-qm", "one")
    git(root, "checkout", "-q", "--detach")
    assert len(scan([root], Config(), jobs=1).findings) == 1
    wt = Path(str(root) + "-wt")
    git(root, "worktree", "add", "-q", str(wt))
    res = scan([wt], Config(), jobs=1)
    assert [f.path for f in res.findings] == ["a.py"] and Path(res.root) == wt.resolve()


def test_index_modes_without_lstat_match_the_lstat_view(project, key, tmp_path_factory):
    """`lstat_tracked=False` lists tracked files from git's index (modes, no lstat per file) and
    leaves the checks to the reader: a scan sees exactly what the lstat view sees, when the
    work tree has drifted from the index too."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.py").write_text(f"K = '{key}'\n")
    root = project({"a.py": f"K = '{key}'\n", "gone.py": "x = 1\n", "now_dir.py": "x = 1\n",
                    "now_link.py": "x = 1\n", "inside.py": "y = 2\n", "new.py": f"N = '{key}'\n",
                    **{f"pkg/m{i}.py": "x = 1\n" for i in range(PARALLEL_MIN_FILES)}})
    os.symlink("inside.py", root / "link_in.py")
    git(root, "init", "-q")
    git(root, "add", "a.py", "gone.py", "now_dir.py", "now_link.py", "inside.py", "link_in.py", "pkg")
    git(root, "commit", "-qm", "one")
    (root / "gone.py").unlink()  # deleted in the work tree, still in the index
    (root / "now_dir.py").unlink()
    (root / "now_dir.py").mkdir()  # a directory now (its files untracked)
    (root / "now_dir.py" / "inner.py").write_text("z = 3\n")
    (root / "now_link.py").unlink()
    os.symlink(outside / "secret.py", root / "now_link.py")  # a link out of the project now
    listed = discover([root], root=root, is_git=True, lstat_tracked=False)
    assert {e.relpath: e.verified for e in listed.entries if e.tracked and "/" not in e.relpath} == {
        "a.py": False, "gone.py": False, "inside.py": False, "link_in.py": True, "now_dir.py": False,
        "now_link.py": False}
    results = []
    for lstat_tracked in (True, False):
        found = discover([root], root=root, is_git=True, lstat_tracked=lstat_tracked)
        for jobs in (1, 2):
            res = scan_found(found, root, jobs)
            results.append(([(f.path, f.rule_id, f.span) for f in res.findings],
                            sorted((e.path, e.kind) for e in res.errors), sorted(res.project.files)))
    assert all(r == results[0] for r in results[1:]), results
    findings, errors, files = results[0]
    assert [p for p, _, _ in findings] == ["a.py", "new.py"]  # never the secret behind now_link.py
    assert ("now_link.py", "symlink") in errors
    assert "gone.py" not in files and "now_dir.py" not in files and "now_dir.py/inner.py" in files


def scan_found(found, root, jobs):
    from keylint.engine import make_ignore_check, scan_entries
    from keylint.registry import select_rules

    config = Config()
    return scan_entries(found.entries, root=root, is_git=True, config=config,
                        rules=select_rules(config.select, config.ignore),
                        jobs=jobs, errors=found.errors, is_ignored=make_ignore_check(root, True))
