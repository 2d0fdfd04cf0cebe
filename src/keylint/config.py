"""``[tool.keylint]`` in ``pyproject.toml`` or a ``.keylint.toml`` -> a frozen :class:`Config`.

The file is found by walking up from the scanned path to the repository root (a directory with
``.git``) or the file system root; ``.keylint.toml`` wins over ``pyproject.toml`` in the same
directory. Config is data only: nothing in it is executed, and paths in it are patterns matched
inside the project, never files read from elsewhere. Unknown keys and bad values are errors with
a "did you mean" hint (exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from keylint.findings import Confidence, Severity

DEFAULT_TEST_PATHS = (
    "tests/", "test/", "__tests__/", "__mocks__/", "e2e/", "spec/", "testing/", "fixtures/",
    "conftest.py", "test_*.py", "*_test.py", "*.test.*", "*.spec.*",
)
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024  # bytes; larger files get the credential scan only


class ConfigError(ValueError):
    """A config file or option keylint cannot use; the CLI prints it and exits 2."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: test code (gitignore syntax): the flow rules KL004-KL009 skip it, since tests build fake
    #: clients and fake requests (llm-rules.md §5 trap 5). KL001-KL003 and KL010 still apply.
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = Severity.WARNING
    min_confidence: Confidence = Confidence.LOW
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: honour other tools' inline allow comments (detect-secrets, gitleaks) for KL001
    other_pragmas: bool = False
    baseline: str = ".keylint-baseline.json"
    #: rule id -> {option: value}
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    #: where the config was read from (None: defaults)
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def options_for(self, rule_id: str) -> dict[str, Any]:
        for rid, opts in self.rule_options:
            if rid == rule_id:
                return dict(opts)
        return {}


_KEYS = {
    "select", "ignore", "extend-ignore", "exclude", "extend-exclude", "per-file-ignores", "fail-on",
    "min-confidence", "max-file-size", "other-pragmas", "baseline", "rules", "test-paths",
    "extend-test-paths",
}


def _hint(key: str, choices: set[str] | list[str]) -> str:
    import difflib  # only for a config error

    close = difflib.get_close_matches(key, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def check_patterns(patterns: tuple[str, ...], key: str, where: str) -> tuple[str, ...]:
    """Gitignore-style patterns must compile (a bad one is a config error, not a crash)."""
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:  # noqa: BLE001 - pathspec raises several error types
            raise ConfigError(f"{where}: '{key}': invalid pattern {pattern!r}: {exc}") from None
    return patterns


def parse_config(data: dict[str, Any], where: str) -> Config:
    """Validate a ``[tool.keylint]`` table."""
    from keylint.registry import UnknownRule, all_rules, resolve

    unknown = [k for k in data if k not in _KEYS]
    if unknown:
        key = unknown[0]
        raise ConfigError(f"{where}: unknown option '{key}'{_hint(key, _KEYS)}")
    kwargs: dict[str, Any] = {"source": where}

    def rules_list(key: str) -> tuple[str, ...]:
        values = _str_list(data[key], key, where)
        for v in values:
            if v.upper() == "ALL" or (v.upper().startswith("KL") and any(r.id.startswith(v.upper()) for r in all_rules())):
                continue
            try:
                resolve(v)
            except UnknownRule as exc:
                raise ConfigError(f"{where}: '{key}': {exc}") from None
        return values

    if "select" in data:
        kwargs["select"] = rules_list("select")
    ignore: tuple[str, ...] = ()
    for key in ("ignore", "extend-ignore"):
        if key in data:
            ignore += rules_list(key)
    kwargs["ignore"] = ignore
    exclude: tuple[str, ...] = ()
    for key in ("exclude", "extend-exclude"):
        if key in data:
            exclude += check_patterns(_str_list(data[key], key, where), key, where)
    kwargs["exclude"] = exclude
    if "test-paths" in data or "extend-test-paths" in data:
        tests = (check_patterns(_str_list(data["test-paths"], "test-paths", where), "test-paths", where)
                 if "test-paths" in data else DEFAULT_TEST_PATHS)
        if "extend-test-paths" in data:
            tests += check_patterns(_str_list(data["extend-test-paths"], "extend-test-paths", where),
                                    "extend-test-paths", where)
        kwargs["test_paths"] = tests
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: 'per-file-ignores' must be a table of pattern = [rule ids]")
        pfi = []
        for pattern, ids in table.items():
            values = _str_list(ids, f"per-file-ignores.{pattern}", where)
            check_patterns((pattern,), "per-file-ignores", where)
            for v in values:
                try:
                    resolve(v)
                except UnknownRule as exc:
                    raise ConfigError(f"{where}: 'per-file-ignores': {exc}") from None
            pfi.append((pattern, values))
        kwargs["per_file_ignores"] = tuple(pfi)
    for key, attr, enum_type in (("fail-on", "fail_on", Severity), ("min-confidence", "min_confidence", Confidence)):
        if key in data:
            value = data[key]
            names = [m.label for m in enum_type]
            if not isinstance(value, str) or value.lower() not in names:
                raise ConfigError(f"{where}: '{key}' must be one of {', '.join(names)}"
                                  f"{_hint(str(value).lower(), names)}")
            kwargs[attr] = enum_type.parse(value)
    if "max-file-size" in data:
        value = data["max-file-size"]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{where}: 'max-file-size' must be a positive number of bytes")
        kwargs["max_file_size"] = value
    if "other-pragmas" in data:
        if not isinstance(data["other-pragmas"], bool):
            raise ConfigError(f"{where}: 'other-pragmas' must be true or false")
        kwargs["other_pragmas"] = data["other-pragmas"]
    if "baseline" in data:
        value = data["baseline"]
        if not isinstance(value, str) or not value or Path(value).is_absolute() or ".." in Path(value).parts:
            raise ConfigError(f"{where}: 'baseline' must be a relative path inside the project")
        kwargs["baseline"] = value
    if "rules" in data:
        table = data["rules"]
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: 'rules' must be a table of rule id = {{options}}")
        options = []
        for rid, opts in table.items():
            try:
                rule = resolve(rid)
            except UnknownRule as exc:
                raise ConfigError(f"{where}: 'rules': {exc}") from None
            if not isinstance(opts, dict):
                raise ConfigError(f"{where}: 'rules.{rid}' must be a table of options")
            for name, value in opts.items():
                if name not in rule.options:
                    known = set(rule.options)
                    raise ConfigError(f"{where}: rule {rule.id} has no option '{name}'{_hint(name, known)}")
                default = rule.options[name][0]
                if default is not None and not isinstance(value, type(default)):
                    raise ConfigError(f"{where}: option '{name}' of {rule.id} must be a "
                                      f"{type(default).__name__}")
            options.append((rule.id, tuple(sorted(opts.items()))))
        kwargs["rule_options"] = tuple(options)
    return Config(**kwargs)


def find_config_file(start: Path) -> Path | None:
    """Walk up from ``start`` to the repository root (``.git``) or the file system root."""
    current = start if start.is_dir() else start.parent
    current = current.resolve()
    while True:
        for name in (".keylint.toml", "pyproject.toml"):
            candidate = current / name
            if candidate.is_file():
                _check_inside(candidate, current)
                if name == "pyproject.toml" and not _has_tool_table(candidate):
                    continue
                return candidate
        if (current / ".git").exists() or current.parent == current:
            return None
        current = current.parent


def _check_inside(candidate: Path, found_in: Path) -> None:
    """A config found in the project must not be a link to a file outside it (a hostile
    repository could point it at any file of the user's)."""
    if not candidate.is_symlink():
        return
    top = found_in
    for parent in (found_in, *found_in.parents):
        if (parent / ".git").exists():
            top = parent
            break
    try:
        candidate.resolve(strict=True).relative_to(top)
    except (OSError, RuntimeError, ValueError):
        raise ConfigError(f"{candidate}: config is a link to a file outside the project; not read") from None


def _has_tool_table(path: Path) -> bool:
    try:
        return b"[tool.keylint" in path.read_bytes()
    except OSError:
        return False


def load_config(path: Path) -> Config:
    import tomllib  # only with a config file: ~4 ms of a pre-commit run without one

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    tool = doc.get("tool", {})
    if not isinstance(tool, dict):
        if path.name == "pyproject.toml":
            raise ConfigError(f"{path}: [tool] must be a table")
        tool = {}
    if path.name == "pyproject.toml":
        table = tool.get("keylint", {})
    else:
        table = tool.get("keylint", doc)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.keylint] must be a table")
    return parse_config(table, str(path))


def with_overrides(config: Config, **changes: Any) -> Config:
    if changes.get("exclude"):
        check_patterns(tuple(changes["exclude"]), "exclude", "--exclude")
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
