from __future__ import annotations

import os
from pathlib import Path

import pytest

from keylint.testing import fake_key

os.environ.setdefault("GIT_AUTHOR_NAME", "keylint-tests")
os.environ.setdefault("GIT_AUTHOR_EMAIL", "tests@example.com")
os.environ.setdefault("GIT_COMMITTER_NAME", "keylint-tests")
os.environ.setdefault("GIT_COMMITTER_EMAIL", "tests@example.com")


@pytest.fixture
def key() -> str:
    """A freshly generated, never-valid API key of the real shape."""
    return fake_key()


@pytest.fixture
def project(tmp_path: Path):
    """Write files into a temporary project: project({"a.py": "..."}) -> root."""

    def make(files: dict[str, str | bytes]) -> Path:
        for rel, content in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return make
