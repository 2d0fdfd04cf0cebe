from __future__ import annotations

import random

import pytest

from keylint.analysis import secrets
from keylint.findings import Confidence
from keylint.testing import fake_key


def test_random_keys_are_never_placeholders():
    rng = random.Random(1234)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for _ in range(5000):
        body = "".join(rng.choice(alphabet) for _ in range(93)) + "AA"
        assert not secrets.is_placeholder_body(body), body


@pytest.mark.parametrize("kind,confidence", [("api03", Confidence.HIGH), ("admin01", Confidence.HIGH)])
def test_high_tier(kind, confidence):
    key = fake_key(kind)
    [m] = secrets.find_keys(f'x = "{key}"')
    assert m.confidence is confidence and not m.is_placeholder and m.kind == kind


@pytest.mark.parametrize("kind,label", [("api01", "API key"), ("oat01", "OAuth access token"),
                                        ("ort01", "OAuth refresh token"), ("sid01", "session key")])
def test_medium_tier(kind, label):
    key = fake_key(kind, 60)
    [m] = secrets.find_keys(key)
    assert m.confidence is Confidence.MEDIUM and m.label == label


def test_future_kind_is_low_confidence():
    key = fake_key("xyz07", 50)
    [m] = secrets.find_keys(key)
    assert m.confidence is Confidence.LOW


def test_off_length_api03_is_medium():
    key = fake_key("api03", 80)  # 80 + AA: not the consensus length
    [m] = secrets.find_keys(key)
    assert m.confidence is Confidence.MEDIUM


@pytest.mark.parametrize("context", [
    '"{k}"', "'{k}'", "`{k}`", "{k}", "={k};", '\\"{k}\\"', "({k})", "{k}\\n", "<{k}>", "[{k}]",
])
def test_boundaries(context):
    key = fake_key()
    text = context.format(k=key)
    [m] = secrets.find_keys(text)
    assert text[m.start:m.end] == key


def test_no_match_inside_a_longer_token():
    key = fake_key()
    assert secrets.find_keys("x" + key) == []
    # one more body character: still a credential, but no longer the exact API key shape
    [m] = secrets.find_keys(key + "Z")
    assert (m.start, m.end, m.confidence) == (0, len(key) + 1, Confidence.MEDIUM)


@pytest.mark.parametrize("text", [
    "sk-ant-...", "sk-ant-xxx", "sk-ant-api03-...BH5", "sk-ant-api01-test-key",
    "sk-ant-api03-YOUR_KEY_HERE", "sk-ant-[A-Za-z0-9_-]+", "sk-ant-sid01-...",
])
def test_non_matches(text):
    assert [m for m in secrets.find_keys(text) if m.is_reportable] == []


@pytest.mark.parametrize("body", [
    "abcdefghijklmnopqrstuvwxyz123456", "x" * 90, "your-api-key-goes-here-" + "Q7" * 10,
    "PLACEHOLDER_" + "a1b2c3d4" * 4, "0123456789" * 4,
])
def test_placeholder_bodies(body):
    assert secrets.is_placeholder_body(body)


def test_redaction_keeps_prefix_and_four_chars():
    key = fake_key()
    shown = secrets.redact(key)
    assert shown.startswith("sk-ant-api03-") and "…" in shown
    assert len(shown) < 20 and key not in shown
    assert secrets.redact_text(f"a {key} b") == f"a {shown} b"


@pytest.mark.parametrize("value,expected", [
    ("", "placeholder"), ("your-api-key", "placeholder"), ("proxy", "placeholder"),
    ("sk-ant-...", "placeholder"), ("${ANTHROPIC_API_KEY}", "placeholder"),
    ("dummy-key-for-tests-only-0000", "placeholder"),
    ("q8ZL2vR7xN4kT1mB6cW9yH3jF5pD0sGa", "secret"),
])
def test_classify_key_literal(value, expected):
    assert secrets.classify_key_literal(value) == expected


def test_classify_key_literal_credential():
    assert secrets.classify_key_literal(fake_key()) == "credential"
