"""Finds the rules: every ``rules/klNNN_*.py`` module's Rule subclass, nothing to register."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from keylint.rule import Rule

#: retired ids and what replaced them (never reuse an id)
REMOVED: dict[str, str] = {}


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by id. (Every run imports every rule: rule modules import the
    analysis modules inside their checks, so a run that builds no model, such as most
    pre-commit runs, does not import them: ~16 ms.)"""
    import keylint.rules as pkg

    found: list[type[Rule]] = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if not info.name.startswith("kl"):
            continue
        module = importlib.import_module(f"keylint.rules.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Rule) and value is not Rule
                    and value.__module__ == module.__name__ and value.id):
                found.append(value)
    return tuple(sorted(found, key=lambda r: r.id))


def rule_index() -> dict[str, type[Rule]]:
    """id and name (both accepted anywhere) -> rule class."""
    index: dict[str, type[Rule]] = {}
    for rule in all_rules():
        index[rule.id] = rule
        index[rule.name] = rule
    return index


class UnknownRule(ValueError):
    pass


def resolve(selector: str) -> type[Rule]:
    """Look a rule up by id (``KL001``, case-insensitive) or name (``hardcoded-api-key``)."""
    index = rule_index()
    key = selector.strip()
    rule = index.get(key) or index.get(key.upper()) or index.get(key.lower())
    if rule is None:
        import difflib  # only for an unknown rule

        hint = difflib.get_close_matches(key, list(index), n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise UnknownRule(f"unknown rule {selector!r}{extra}")
    return rule


def select_rules(select: tuple[str, ...] = ("ALL",), ignore: tuple[str, ...] = ()) -> tuple[type[Rule], ...]:
    """Resolve config ``select``/``ignore`` (ids, names, ``ALL``, or id prefixes like ``KL00``)."""

    def expand(selectors: tuple[str, ...]) -> set[str]:
        ids: set[str] = set()
        for sel in selectors:
            if sel.upper() == "ALL":
                ids.update(r.id for r in all_rules())
                continue
            prefixed = [r.id for r in all_rules() if sel.upper().startswith("KL") and r.id.startswith(sel.upper())]
            if prefixed and sel.upper() not in {r.id for r in all_rules()}:
                ids.update(prefixed)
                continue
            ids.add(resolve(sel).id)
        return ids

    chosen = expand(select) - expand(ignore)
    return tuple(r for r in all_rules() if r.id in chosen)
