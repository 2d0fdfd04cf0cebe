"""--format html: one self-contained page, checked as text and in a real headless Chromium
(Debian's `chromium`): it renders the findings, its filters work, and a screenshot is not blank."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from keylint.testing import fake_key, git, placeholder_values, run_cli

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("KEYLINT_REQUIRE_CHROMIUM"),
    reason="needs Debian's chromium (apt-get install chromium); set KEYLINT_REQUIRE_CHROMIUM=1 to make this a failure")


run = run_cli


@pytest.fixture
def review(tmp_path):
    """A repository with findings of several rules and severities, and its HTML report."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    key, key2 = fake_key(), fake_key()
    (root / "app.py").write_text(f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{key}")\n')
    (root / "docs").mkdir()
    (root / "docs" / "setup.md").write_text(f"Run `ANTHROPIC_API_KEY={key2} python app.py` <script>alert(1)</script>\n")
    (root / ".env").write_text("PORT=3000\n")  # not ignored: a KL002 warning
    (root / "tests").mkdir()
    (root / "tests" / "vector.py").write_text(
        "K = 'sk-ant-api03-" + placeholder_values()["@TEST_VECTOR_BODY@"] + "'\n")
    res = run(["scan", "--format", "html", "--output", "report.html", "."], root)
    assert res.exit_code == 1, res.output
    doc = json.loads(run(["scan", "--format", "json", "."], root).stdout)
    return root / "report.html", doc["findings"], (key, key2)


def test_page_is_self_contained_redacted_and_grouped(review):
    page_path, findings, keys = review
    page = page_path.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert not any(k in page for k in keys)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # nothing loaded from anywhere: no src/href to resources, and a CSP that forbids it
    assert not re.search(r"<(?:link|img|iframe)\b|\bsrc=", page)
    assert "default-src 'none'" in page
    assert page.count('class="finding"') == len(findings)
    rules = sorted({f["rule_id"] for f in findings})
    assert re.findall(r'<section class="rule" id="rule-(KL\d+)"', page) == rules
    assert '<details class="explain">' in page and "What it does" in page
    errors = sum(f["severity"] == "error" for f in findings)
    assert f'<div class="count error" data-severity="error"><b>{errors}</b>' in page


def test_all_clear_page(tmp_path):
    (tmp_path / "a.py").write_text("print('hi')\n")
    res = run(["scan", "--format", "html", "."], tmp_path)
    assert res.exit_code == 0 and 'id="all-clear"' in res.stdout


def chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'chromium-profile'}"]
    return subprocess.run([CHROMIUM or "chromium", *flags, *args], capture_output=True, timeout=180)


def dom(page: Path, tmp: Path, fragment: str = "") -> str:
    proc = chromium("--virtual-time-budget=5000", "--dump-dom", page.as_uri() + fragment, tmp=tmp)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return proc.stdout.decode()


def visible(html: str) -> list[tuple[str, str]]:
    """(rule, severity) of the findings the rendered DOM does not hide."""
    return [(m.group(2), m.group(1)) for m in re.finditer(
        r'<div class="finding" data-severity="(\w+)" data-rule="(KL\d+)"[^>]*?(?<!hidden)>', html)
        if " hidden" not in m.group(0)]


@needs_chromium
def test_chromium_renders_the_findings_and_the_filters_work(review, tmp_path):
    page, findings, keys = review
    html = dom(page, tmp_path)
    assert 'data-ready="true"' in html, "the page script did not run to the end"
    n = len(findings)
    assert f'id="shown">{n} of {n} findings shown' in html
    assert sorted(visible(html)) == sorted((f["rule_id"], f["severity"]) for f in findings)
    assert not any(k in html for k in keys)
    # filters, driven through the URL fragment, applied by the page's own script in Chromium
    errors_only = dom(page, tmp_path, "#severity=error")
    want = sorted((f["rule_id"], "error") for f in findings if f["severity"] == "error")
    assert sorted(visible(errors_only)) == want and len(want) < n
    assert f'id="shown">{len(want)} of {n} findings shown' in errors_only
    kl002 = dom(page, tmp_path, "#rule=KL002")
    assert {r for r, _ in visible(kl002)} == {"KL002"}
    assert re.search(r'<section class="rule" id="rule-KL001"[^>]*hidden', kl002)
    by_text = dom(page, tmp_path, "#q=docs/setup")
    assert len(visible(by_text)) == 1


@needs_chromium
def test_chromium_screenshot_is_not_blank(review, tmp_path):
    """Would catch a blank page, a page whose CSS did not apply, or one that lost its findings."""
    from PIL import Image

    page, findings, _ = review
    shot = tmp_path / "shot.png"
    proc = chromium("--hide-scrollbars", "--window-size=1200,900", f"--screenshot={shot}", page.as_uri(), tmp=tmp_path)
    assert proc.returncode == 0 and shot.is_file(), proc.stderr.decode()[-2000:]
    img = Image.open(shot).convert("RGB")
    assert img.size == (1200, 900)
    pixels = list(img.get_flattened_data() if hasattr(img, "get_flattened_data") else img.getdata())
    colours = Counter(pixels)
    background, count = colours.most_common(1)[0]
    changed = 1 - count / len(pixels)
    assert changed > 0.05, f"only {changed:.1%} of the page differs from its background: blank?"
    assert len(colours) > 200, "too few colours for a rendered report"

    def near(rgb, target, tol=40):
        return all(abs(a - b) <= tol for a, b in zip(rgb, target))

    header = [img.getpixel((x, 20)) for x in range(0, 1200, 50)]
    assert sum(near(p, (0x1F, 0x23, 0x30)) for p in header) > len(header) // 2, "the dark header is missing"
    reds = sum(n for p, n in colours.items() if near(p, (0xB3, 0x26, 0x1E), 30))
    assert reds > 200, "no red error badge or count rendered"


def test_code_frames_show_redacted_context(tmp_path):
    key = fake_key()
    lines = ["import anthropic", "", "# the client", f'client = anthropic.Anthropic(api_key="{key}")', "", "print(1)"]
    (tmp_path / "app.py").write_text("\n".join(lines) + "\n")
    page = run(["scan", "--format", "html", "."], tmp_path).stdout
    frame = re.search(r'<pre class="frame">(.*?)</pre>', page, re.S).group(1)
    numbers = [int(n) for n in re.findall(r'<span class="ln">\s*(\d+) \| </span>', frame)]
    assert numbers == [2, 3, 4, 5, 6]
    assert "# the client" in frame and "<mark>sk-ant-api03-" in frame and key not in page
