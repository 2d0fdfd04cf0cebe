"""Property tests: random and mutated source text in every language, through the real engine
with every rule, never raise, never report an internal error, give positions inside the file,
give the same findings twice, and never lose an intact key.

The default run is short and derandomized (profile ``keylint-default``: the same examples every
run, so CI is reproducible; a failure names a real bug, not a lucky draw). The long, random run:

    pytest -m slow tests/robustness/test_fuzz.py          # profile keylint-long, prints inputs tried
    python benchmarks/fuzz.py --minutes 10                # time-boxed, without hypothesis
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from keylint.testing import fake_key

from .fuzzing import LANGS, NAMES, TOKENS, Checker, Mutation, mutate, notebook, seed, tsx_parser_hangs

settings.register_profile("keylint-default", max_examples=12, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("keylint-long", max_examples=600, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DEFAULT = settings.get_profile("keylint-default")
LONG = settings.get_profile("keylint-long")

KEY = fake_key()  # one per session: hypothesis replays need a stable input


@pytest.fixture(scope="module")
def checker():
    c = Checker()
    yield c
    c.close()


mutations = st.lists(
    st.builds(Mutation,
              kind=st.sampled_from(["insert", "insert", "insert", "delete", "duplicate", "replace",
                                    "truncate", "splice"]),
              at=st.floats(0, 1),
              size=st.integers(1, 80),
              token=st.one_of(st.sampled_from(TOKENS), st.text(max_size=12))),
    min_size=1, max_size=12)

code_alphabet = st.one_of(
    st.sampled_from(list("(){}[]<>`'\"$\\\n\r\t ;:,.=+-*/#@!?%&|^~_aAzZ09")),
    st.characters(blacklist_categories=("Cs",)),
)


def _check(checker, relpath, data, key=None):
    assume(not tsx_parser_hangs(relpath, data))
    checker.check(relpath, data, key=key)


def _mutated(checker, lang, muts):
    text = mutate(seed(lang, KEY), muts).replace("@KEY@", KEY)
    _check(checker, NAMES[lang], text.encode("utf-8", "surrogatepass"), key=KEY)


def _mutated_notebook_code(checker, muts):
    from .fuzzing import SEEDS

    code = mutate(SEEDS["py"], muts).replace("@KEY@", KEY)
    checker.check(NAMES["ipynb"], notebook(code, f"out {KEY}\n").encode(), key=KEY)


def _random_text(checker, lang, text):
    _check(checker, NAMES[lang], text.encode("utf-8", "surrogatepass"))


def _random_bytes(checker, lang, data):
    _check(checker, NAMES[lang], data)


@pytest.mark.parametrize("lang", LANGS)
@DEFAULT
@given(muts=mutations)
def test_mutated_sources(checker, lang, muts):
    _mutated(checker, lang, muts)


@DEFAULT
@given(muts=mutations)
def test_notebooks_with_mutated_code(checker, muts):
    _mutated_notebook_code(checker, muts)


@pytest.mark.parametrize("lang", LANGS)
@DEFAULT
@given(text=st.text(code_alphabet, max_size=400))
def test_random_text(checker, lang, text):
    _random_text(checker, lang, text)


@pytest.mark.parametrize("lang", ["py", "ts", "ipynb", "html", "txt"])
@DEFAULT
@given(data=st.binary(max_size=400))
def test_random_bytes(checker, lang, data):
    _random_bytes(checker, lang, data)


def test_seeds_are_meaningful(checker):
    """The seeds exercise the front ends and rules (so mutating them explores real paths)."""
    results = {lang: checker.run(NAMES[lang], seed(lang, KEY).encode()) for lang in LANGS}
    for lang, res in results.items():
        assert any(f.rule_id == "KL001" for f in res.findings), lang
        assert not [e for e in res.errors if e.kind == "internal"], (lang, res.errors)
    modelled = [lang for lang, res in results.items() if res.stats["modelled_files"]]
    assert set(modelled) >= {"py", "ipynb", "js", "ts", "tsx", "jsx", "vue", "svelte", "astro", "html"}
    rules = {f.rule_id for res in results.values() for f in res.findings}
    assert len(rules) >= 4, rules


# --------------------------------------------------------------------------------------------
# The long run: pytest -m slow tests/robustness/test_fuzz.py -s
# --------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@LONG
@given(muts=mutations)
def test_long_mutated_sources(checker, lang, muts):
    _mutated(checker, lang, muts)


@pytest.mark.slow
@LONG
@given(muts=mutations)
def test_long_notebooks(checker, muts):
    _mutated_notebook_code(checker, muts)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@LONG
@given(text=st.text(code_alphabet, max_size=2000))
def test_long_random_text(checker, lang, text):
    _random_text(checker, lang, text)


@pytest.mark.slow
def test_long_run_report(checker):
    """Runs last in the module: prints how many inputs the long run tried."""
    print(f"\nkeylint fuzz: {checker.inputs} inputs tried by this module (failures: pytest's summary)")
    assert checker.inputs > 0
