"""prefilter -> parse once -> rules -> findings, in two phases.

Phase 1, per file (in a process pool when there are many files): read the bytes once; skip
binary and oversized files down to a byte-level credential scan; run one combined keyword
search over the raw bytes, so a file that mentions nothing keylint cares about is never decoded
further, tokenised or parsed; build the language model (Python or JS/TS) only when its front end
wants the file; run the file rules whose keywords hit. Phase 2, in the main process: join the
per-file facts into a :class:`~keylint.project.Project` and run the model and project rules.
Then suppressions, per-file ignores, the confidence floor, fingerprints, and a stable sort.

Nothing a repository contains may crash a scan: every failure becomes a :class:`ScanError`, and a
rule that raises is isolated (kind ``internal``; the CLI exits non-zero so CI notices).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import os
import re
import signal
import stat
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Self

from keylint.analysis.secrets import redact_text, shannon_entropy
from keylint.config import Config
from keylint.findings import Finding, ScanError, Span, fingerprint
from keylint.project import (
    CONFIG_MAX_BYTES,
    FileEntry,
    Project,
    is_config_file,
    signature,
)
from keylint.rule import FileContext, ModelContext, ProjectContext, Rule
from keylint.source import (
    JS_LANGUAGES,
    PY_LANGUAGES,
    SourceFile,
    language_of,
    looks_binary,
)
from keylint.suppress import Suppressions, parse_suppressions

if TYPE_CHECKING:
    from keylint.analysis.model import FileModel

CHUNK = 4 * 1024 * 1024  # bytes per read for oversized and binary files
PARALLEL_MIN_FILES = 200
FILE_TIME_BUDGET = 20.0  # seconds of analysis per file before it is abandoned
#: the cyclic garbage collector's first-generation threshold during a scan (Python's default is
#: 700). The front ends leave no reference cycles (nothing keeps a closure over its analyser),
#: so the collector finds nothing to free; at the default it ran ~1,000 times per worker on the
#: benchmark corpus and cost ~0.3 s of CPU per worker and 0.2 s in the main process
GC_THRESHOLD = 20_000

#: model language -> front-end module (JS/TS: its light path, which imports the analyser only for
#: the files that need it)
FRONT_ENDS = {"python": "keylint.analysis.python", "javascript": "keylint.analysis.js_light"}


def _front_end_for(language: str) -> str | None:
    if language in PY_LANGUAGES:
        return "python"
    if language in JS_LANGUAGES:
        return "javascript"
    return None


# --------------------------------------------------------------------------------------------
# Phase 1
# --------------------------------------------------------------------------------------------
@dataclass
class FileResult:
    relpath: str
    language: str
    size: int = 0
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    model: FileModel | None = None
    text: str | None = None  # kept for config files and for files with findings or flags
    suppressions: Suppressions | None = None
    flags: tuple[str, ...] = ()
    modelled: bool = False
    seconds: float = 0.0
    key_bytes: bool = False  # the bytes hold ``sk-ant-``: the per-file cache refuses the file
    #: a worker's model, pickled for the stat index (:func:`keylint.scan_index.pack_model`): it is
    #: pickled and screened for secret-like strings in the workers, in parallel, not in the main
    #: process; None once the main process has unpacked it into ``model``
    model_blob: bytes | None = None
    model_storable: bool = False
    #: the stat signature of what was read (project.signature of the reader's ``fstat``)
    sig: tuple[int, int, int, int] | None = None
    #: an unverified entry (FileEntry.verified) that is not a file to scan after all: gone from
    #: the work tree, now a directory, or now a symlink that may not be followed. Dropped from
    #: the scan as discovery would have dropped it (its errors kept)
    missing: bool = False

    @property
    def is_empty(self) -> bool:
        """Nothing found, nothing modelled, nothing kept: all phase 2 needs is the size."""
        return not (self.findings or self.errors or self.flags or self.suppressions
                    or self.model is not None or self.text is not None or self.modelled)


class BudgetExpired(BaseException):
    """Raised by the per-file budget's alarm. A BaseException, so that no ``except Exception``
    in a front end or a rule (which isolate odd statements) can swallow it."""


class _Budget:
    """Abandon a file whose analysis runs longer than the budget (main thread, POSIX only).

    Inside :func:`_quiet_scope` (the engine's loops) the SIGALRM handler is already in place and
    entering a budget is one ``setitimer`` call; ``signal.signal`` costs ~5 us through its
    Python wrapper, which is 0.3 s over a 30,000-file scan."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = (seconds > 0 and hasattr(signal, "setitimer")
                       and threading.current_thread() is threading.main_thread())

    def __enter__(self) -> _Budget:
        if self.active:
            self.installed = not _SCOPE.depth
            if self.installed:
                self.previous = signal.signal(signal.SIGALRM, _expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if self.installed:
                signal.signal(signal.SIGALRM, self.previous)


def _expire(signum: int, frame: Any) -> None:
    raise BudgetExpired


class _ScopeDepth(threading.local):
    depth = 0


#: nesting depth of :class:`_quiet_scope` in this thread
_SCOPE = _ScopeDepth()


class _quiet_scope:
    """For a loop over many files: the budget's alarm handler installed once, and warnings
    ignored (parsing scanned code emits SyntaxWarnings that quote its lines, keys included:
    they must never reach stderr). Restores both on exit; nested scopes cost nothing."""

    def __enter__(self) -> Self:
        self.outer = _SCOPE.depth == 0
        _SCOPE.depth += 1
        if self.outer:
            self.warnings = warnings.catch_warnings()
            self.warnings.__enter__()
            warnings.simplefilter("ignore")
            self.main = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            if self.main:
                self.previous = signal.signal(signal.SIGALRM, _expire)
        return self

    def __exit__(self, *exc: object) -> None:
        _SCOPE.depth -= 1
        if self.outer:
            if self.main:
                signal.signal(signal.SIGALRM, self.previous)
            self.warnings.__exit__(*exc)


def _raise_gc_threshold() -> tuple[int, ...]:
    """Set the collector's first threshold to at least :data:`GC_THRESHOLD`; the thresholds before."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], GC_THRESHOLD), *previous[1:])
    return previous


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """:func:`_raise_gc_threshold` for a scan, restored after it (also usable as a decorator)."""
    previous = _raise_gc_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*previous)


class FileScanner:
    """Phase 1 for one configuration; picklable state only (rebuilt in each worker)."""

    def __init__(self, root: str, rule_ids: tuple[str, ...], config: Config,
                 time_budget: float = FILE_TIME_BUDGET, use_cache: bool = False) -> None:
        from keylint.registry import all_rules

        self.cache = None
        if use_cache:
            from keylint.cache import Cache, key_material

            self.cache = Cache.open(root, key_material(config, rule_ids))
        self.root = Path(root)
        self.root_s = str(root)
        self.config = config
        self.time_budget = time_budget
        self.rules: list[Rule] = [r() for r in all_rules() if r.id in rule_ids]
        self.file_rules = [r for r in self.rules if r.has_hook("check_file")]
        self.model_languages = {lang for r in self.rules if r.has_hook("check_model") for lang in r.languages}
        self.model_languages.update(lang for r in self.rules for lang in r.uses_models)
        self.credential_rules = [r for r in self.file_rules if getattr(r, "scans_binary", False)]
        self.always = [r for r in self.file_rules if not r.keywords]
        self.keyword_rules = [(r, tuple(k.lower().encode() for k in r.keywords))
                              for r in self.file_rules if r.keywords]
        self._front_ends: dict[str, Any] = {}

    # -- helpers -------------------------------------------------------------------------------
    def _front_end(self, name: str) -> Any:
        if name not in self._front_ends:
            import importlib

            try:
                self._front_ends[name] = importlib.import_module(FRONT_ENDS[name])
            except ImportError:
                self._front_ends[name] = None
        return self._front_ends[name]

    def _rules_for(self, source: SourceFile, lowered: bytes) -> list[Rule]:
        """The file rules this file needs: its language matches, and (for rules with keywords)
        one keyword occurs in the raw bytes, case-insensitively. ``bytes.lower()`` once (shared
        with the front end's ``wants``) plus ``in`` per keyword: far faster than one
        case-insensitive regex alternation."""
        language = source.language
        chosen = [r for r in self.always if "*" in r.languages or language in r.languages]
        for rule, keywords in self.keyword_rules:
            if ("*" in rule.languages or language in rule.languages) and any(k in lowered for k in keywords):
                chosen.append(rule)
        return chosen

    def _run_rules(self, rules: Iterable[Rule], source: SourceFile, result: FileResult,
                   line_base: int = 0, col_base: int = 0) -> None:
        for rule in rules:
            ctx = FileContext(rule=rule, source=source, options=self.config.options_for(rule.id))
            try:
                rule.check_file(ctx)
            except Exception as exc:  # noqa: BLE001 - isolation is the point
                result.errors.append(_internal(result.relpath, rule.id, exc))
                continue
            for f in ctx.findings:
                if line_base or col_base:
                    s = f.span
                    f = _shift(f, line_base, col_base if s.line == 1 else 0,
                               col_base if s.end_line == 1 else 0)
                result.findings.append(f)
            for flag in getattr(ctx, "flags", ()):
                result.flags += (flag,)

    # -- the work ------------------------------------------------------------------------------
    def scan(self, entry: FileEntry) -> FileResult:
        started = time.perf_counter()
        relpath = entry.relpath
        language = language_of(relpath)
        result = FileResult(relpath=relpath, language=language)
        path = os.path.join(self.root_s, relpath)  # str, not pathlib: this runs for every file
        try:
            # os.open/fstat/read, not open(): no io objects and one stat less per file (0.41 ->
            # 0.24 s on 31,000 files); non-blocking, so that a FIFO is never waited on
            fd = os.open(path, _READ_FLAGS) if entry.verified else self._open_unverified(path, result)
            if fd is None:
                return result
            try:
                st = os.fstat(fd)
                if stat.S_ISDIR(st.st_mode):
                    # a symlink to a directory inside the project: its files are listed; a
                    # tracked file that is a directory now is not a file of the scan
                    result.missing = not entry.verified
                    return result
                if not stat.S_ISREG(st.st_mode):
                    result.errors.append(ScanError(relpath, "unreadable", "not a regular file"))
                    return result
                result.size = st.st_size
                result.sig = signature(st)
                if st.st_size > self.config.max_file_size:
                    result.errors.append(ScanError(
                        relpath, "too-large",
                        f"{st.st_size:,} bytes is over max-file-size ({self.config.max_file_size:,}): "
                        "scanned for credentials only"))
                    self._scan_chunked(path, result)
                    return result
                data = _read_all(fd, st.st_size)
            finally:
                os.close(fd)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if isinstance(exc, RecursionError):  # pragma: no cover
                reason = "symlink loop"
            result.errors.append(ScanError(relpath, "unreadable", f"cannot read: {reason}"))
            return result
        return self.scan_data(relpath, data, result, started)

    def _open_unverified(self, path: str, result: FileResult) -> int | None:
        """Open a file discovery listed from git's index without looking at the work tree: a
        link is not followed unless it passes discovery's link checks; a file that is gone
        marks the result :attr:`FileResult.missing` (None: nothing to read)."""
        try:
            return os.open(path, _READ_FLAGS | _NOFOLLOW)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                result.missing = True  # tracked but deleted in the work tree
                return None
            if exc.errno != errno.ELOOP:
                raise
        from keylint.discovery import check_link

        reason = check_link(Path(path), self.root)
        if reason is not None:
            result.missing = True
            result.errors.append(ScanError(result.relpath, "symlink", reason))
            return None
        return os.open(path, _READ_FLAGS)

    def scan_data(self, relpath: str, data: bytes, result: FileResult | None = None,
                  started: float | None = None) -> FileResult:
        """Phase 1 for content already in memory (a staged blob, a file read by :meth:`scan`)."""
        started = time.perf_counter() if started is None else started
        language = language_of(relpath) if result is None else result.language
        if result is None:
            result = FileResult(relpath=relpath, language=language, size=len(data))
            if len(data) > self.config.max_file_size:
                result.errors.append(ScanError(
                    relpath, "too-large",
                    f"{len(data):,} bytes is over max-file-size ({self.config.max_file_size:,}): "
                    "scanned for credentials only"))
                result.key_bytes = b"sk-ant-" in data
                self._scan_binary(data, result)
                return result
        result.key_bytes = b"sk-ant-" in data
        if looks_binary(data):
            result.errors.append(ScanError(relpath, "binary", "binary file: scanned for credentials only"))
            self._scan_binary(data, result)
            return result
        source = SourceFile(relpath=relpath, data=data, language=language)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            data = source.text.encode("utf-8", "surrogatepass")  # prefilter what the text says
        try:
            # parsing scanned code emits warnings (SyntaxWarning) that quote its source lines,
            # keys included: they must never reach stderr
            with _quiet_scope(), _Budget(self.time_budget):
                self._analyse(source, data, result)
        except BudgetExpired:
            result.errors.append(ScanError(
                relpath, "timeout", f"analysis stopped after {self.time_budget:g} s; "
                "credentials were scanned"))
            if not any(f.rule_id in {r.id for r in self.credential_rules} for f in result.findings):
                try:
                    with _Budget(self.time_budget):
                        self._run_rules(self.credential_rules, source, result)
                except BudgetExpired:
                    result.errors.append(ScanError(relpath, "timeout", "credential scan stopped too"))
        if source.note:
            result.errors.append(ScanError(relpath, "decode", source.note))
        result.seconds = time.perf_counter() - started
        return result

    def _analyse(self, source: SourceFile, data: bytes, result: FileResult) -> None:
        relpath = result.relpath
        lowered = data.lower()
        rules = self._rules_for(source, lowered)
        front = _front_end_for(source.language)
        module = None
        wanted = False
        if front is not None and front in self.model_languages:
            # the prefilter, not the front end: most files are not wanted
            from keylint.analysis.prefilter import WANTS

            try:
                wanted = WANTS[front](data, lowered)
            except Exception as exc:  # noqa: BLE001
                result.errors.append(_internal(relpath, f"{front} front end", exc))
            if wanted:
                module = self._front_end(front)
                wanted = module is not None
        # the expensive path (a model to build, or a keyword rule to run) goes through the cache
        cache_key = None
        cache = self.cache
        if cache is not None and cache.enabled and (wanted or any(r.keywords for r in rules)):
            cache_key = cache.content_hash(relpath, data)
            hit = cache.get(cache_key, text=lambda: source.text)
            if hit is not None:
                result.findings, result.model, result.text = hit.findings, hit.model, hit.text
                result.suppressions, result.flags, result.modelled = hit.suppressions, hit.flags, hit.modelled
                result.errors.extend(hit.errors)
                return
        self._build(source, data, result, rules, front, module, wanted)
        if cache_key is not None:
            cache.put(cache_key, result, data)

    def _build(self, source: SourceFile, data: bytes, result: FileResult, rules: list[Rule],
               front: str | None, module: Any, wanted: bool) -> None:
        relpath = result.relpath
        if module is not None and wanted:
            result.modelled = True
            from keylint.analysis import ParseFailure

            try:
                result.model = module.build_model(source)
                if result.model is not None and result.model.parse_errors:
                    errs = result.model.parse_errors
                    result.errors.append(ScanError(relpath, "parse", _safe_message(
                        "; ".join(errs[:3]) + (" ..." if len(errs) > 3 else "")
                        + ": analysed what parses")))
            except ParseFailure as exc:
                result.errors.append(ScanError(relpath, "parse", _safe_message(str(exc))))
            except RecursionError:
                result.errors.append(ScanError(relpath, "parse", "too deeply nested to analyse"))
            except Exception as exc:  # noqa: BLE001
                result.errors.append(_internal(relpath, f"{front} front end", exc))
        self._run_rules(rules, source, result)
        # models keep no text: phase 2 reads the few files it reports in again (Project.line_text)
        keep_text = bool(result.findings) or (
            is_config_file(relpath) and len(data) <= CONFIG_MAX_BYTES) or (
            source.is_decoded and bool(result.flags))
        if keep_text:
            result.text = source.text
        if (result.model is not None and not result.model.light) or result.findings:
            result.suppressions = parse_suppressions(source.text)

    def _scan_binary(self, data: bytes, result: FileResult) -> None:
        if b"sk-ant-" not in data:
            return
        source = SourceFile(relpath=result.relpath, data=data, language="binary",
                            text=data.decode("latin-1"))
        self._run_rules(self.credential_rules, source, result)

    def _scan_chunked(self, path: str | Path, result: FileResult) -> None:
        """Credential scan of an oversized file in bounded memory, chunk by chunk on line
        boundaries (a line longer than a chunk is cut with an overlap, then de-duplicated)."""
        if not self.credential_rules:
            return
        overlap = 512
        line_base = 0
        col_base = 0
        carry = b""
        seen: set[tuple[int, int]] = set()
        try:
            with open(path, "rb") as fh:
                while True:
                    block = fh.read(CHUNK)
                    data = carry + block
                    if not data:
                        break
                    if block:
                        cut = data.rfind(b"\n")
                        if cut == -1:
                            cut = max(len(data) - overlap, 0)
                            piece, carry = data[:len(data)], data[cut:]
                            advance = data[:cut]
                        else:
                            piece, carry = data[:cut + 1], data[cut + 1:]
                            advance = piece
                    else:
                        piece, carry, advance = data, b"", data
                    if b"sk-ant-" in piece:
                        result.key_bytes = True
                        sub = FileResult(relpath=result.relpath, language=result.language)
                        source = SourceFile(relpath=result.relpath, data=piece, language="binary",
                                            text=piece.decode("latin-1"))
                        self._run_rules(self.credential_rules, source, sub, line_base, col_base)
                        for f in sub.findings:
                            key = (f.span.line, f.span.column)
                            if key not in seen:
                                seen.add(key)
                                result.findings.append(f)
                        result.errors.extend(sub.errors)
                    newlines = advance.count(b"\n")
                    if newlines:
                        line_base += newlines
                        col_base = len(advance) - advance.rfind(b"\n") - 1
                    else:
                        col_base += len(advance)
                    if not block:
                        break
        except OSError as exc:
            result.errors.append(ScanError(result.relpath, "unreadable", f"cannot read: {exc.strerror}"))


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
#: 0 where the platform cannot refuse a link at open: discovery then checks every file itself
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_all(fd: int, size: int) -> bytes:
    """The whole file behind ``fd``: one read of its ``size`` + 1 bytes, more only if it was cut
    short or has grown since its ``fstat``."""
    data = os.read(fd, size + 1)
    if len(data) == size:
        return data
    parts = [data]
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)


def _text_reader(root: Path, limit: int, contents: Callable[[str], bytes | None] | None
                 ) -> Callable[[str], str | None]:
    """Phase-2 reads of files a model refers to (prompt files): text files under the size limit,
    inside the project, never through a link that leaves it."""
    resolved_root = root.resolve()

    def read(relpath: str) -> str | None:
        data = contents(relpath) if contents is not None else None
        if data is None:
            path = root / relpath
            try:
                real = path.resolve(strict=True)
                real.relative_to(resolved_root)
                if not real.is_file() or real.stat().st_size > limit:
                    return None
                data = real.read_bytes()
            except (OSError, ValueError, RuntimeError):
                return None
        if looks_binary(data):
            return None
        from keylint.source import decode

        return decode(data)[0]

    return read


def _model_builder(project: Project) -> Callable[[str], FileModel | None]:
    """Phase-2 models on demand (see Project.model_of): the front end's full analysis of a file
    phase 1 did not model. Failures are quiet: the caller treats the file as unknown."""

    def build(relpath: str) -> FileModel | None:
        front = _front_end_for(language_of(relpath))
        text = project.text_of(relpath) if front is not None else None
        if text is None:
            return None
        import importlib

        try:
            module = importlib.import_module(FRONT_ENDS[front])
            source = SourceFile.from_text(relpath, text)
            if front == "javascript":
                return module.build_model(source, full=True)
            return module.build_model(source)
        except Exception:  # noqa: BLE001 - unknown stays unknown
            return None

    return build


def _shift(f: Finding, lines: int, col: int, end_col: int) -> Finding:
    from dataclasses import replace

    s = f.span
    return replace(f, span=Span(s.line + lines, s.column + col, s.end_line + lines, s.end_column + end_col))


_LONG_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,}")


def _safe_message(text: str) -> str:
    """An error reason built from an exception or a parser may quote the file: redact
    credentials, and cut any long token (a key body without its prefix, another vendor's secret)."""
    return _LONG_TOKEN.sub(lambda m: m.group()[:4] + "…", redact_text(text))[:500]


def _mask_secretish(text: str) -> str:
    """Code frames and messages: a key whose prefix is broken or built apart (``"sk-ant-" +
    body``, a stray character after ``api03-``) escapes :func:`redact_text`, its body does not
    escape this: a 32+ character run mixing upper and lower case and digits, of high entropy."""
    def mask(m: re.Match) -> str:
        tok = m.group()
        if (any(c.isdigit() for c in tok) and any(c.islower() for c in tok)
                and any(c.isupper() for c in tok) and shannon_entropy(tok) >= 4.0):
            return tok[:4] + "…"
        return tok
    return _LONG_TOKEN.sub(mask, text) if len(text) >= 32 else text


def _internal(relpath: str, what: str, exc: BaseException) -> ScanError:
    return ScanError(relpath, "internal", _safe_message(f"{what} failed: {type(exc).__name__}: {exc}"))


# worker process state
_WORKER: FileScanner | None = None
_PACK_MODELS = False  # the main process records results in the stat index (scan_index.pack_model)


def _init_worker(root: str, rule_ids: tuple[str, ...], config: Config, budget: float,
                 use_cache: bool = False, pack_models: bool = False) -> None:
    global _WORKER, _PACK_MODELS
    _PACK_MODELS = pack_models
    _raise_gc_threshold()  # for the worker's life (inherited already when forked)
    _WORKER = FileScanner(root, rule_ids, config, budget, use_cache)


def _scan_chunk(entries: list[FileEntry]) -> list[FileResult]:
    assert _WORKER is not None
    with _quiet_scope():
        return [_compact(_WORKER.scan(e)) for e in entries]


def _compact(r: FileResult) -> FileResult | tuple[str, int, tuple[int, int, int, int] | None]:
    """What a worker sends back: an empty result (most files) as ``(relpath, size, sig)``. Pickled
    FileResults of 30,000 empty files were half of what the main process unpickled (1 s of CPU
    taken from the workers on a 2-core machine). A model goes as its stat-index blob when the main
    process will record it (the blob is what it stores; it unpickles the model from it)."""
    if r.is_empty and not r.missing:
        return (r.relpath, r.size, r.sig)
    if _PACK_MODELS and r.model is not None:
        from keylint.scan_index import pack_model

        r.model_blob, r.model_storable = pack_model(r.model)
        r.model = None
    return r


# --------------------------------------------------------------------------------------------
# The scan
# --------------------------------------------------------------------------------------------
@dataclass
class ScanResult:
    root: str
    findings: list[Finding]
    errors: list[ScanError]
    stats: dict[str, Any]
    project: Project | None = None
    unused_suppressions: list[tuple[str, int, str]] = field(default_factory=list)
    suppressed: int = 0


@_fewer_collections()
def scan_entries(entries: list[FileEntry], *, root: Path, is_git: bool, config: Config,
                 rules: tuple[type[Rule], ...], jobs: int = 0, errors: list[ScanError] | None = None,
                 is_ignored: Callable[[str], bool] | None = None,
                 time_budget: float = FILE_TIME_BUDGET,
                 progress: Callable[[int, int], None] | None = None,
                 contents: Callable[[str], bytes | None] | None = None,
                 use_cache: bool = False,
                 project_files: Mapping[str, FileEntry] | None = None,
                 lstats: dict[str, os.stat_result] | None = None) -> ScanResult:
    """Run both phases over already-discovered files.

    ``contents`` (optional) supplies a file's bytes instead of the work tree (a staged blob,
    a commit's version); it returns None for a file to read from disk. It forces one process.
    ``project_files`` (optional): every file of the project when phase 1 reads only ``entries``
    (the staged ones and their configs, for the pre-commit hook); the others stay in the project
    for phase 2, which reads or models them only on demand (``Project.text_of`` / ``model_of``),
    and the project is marked partial (``project.memo["partial"]``) so that rules needing every
    file (KL008's limiter inventory) can stay quiet rather than guess.
    ``use_cache`` on a plain scan (no ``contents``, no ``project_files``) goes through the stat-keyed
    :mod:`keylint.scan_index`; ``lstats`` are discovery's ``lstat`` results it can reuse.
    """
    started = time.perf_counter()
    wall_started = time.time()
    rule_ids = tuple(r.id for r in rules)
    errors = list(errors or [])
    results: list[FileResult] = []
    # a plain scan with the cache on goes through the stat-keyed index (keylint.scan_index):
    # unchanged files are not read, and an unchanged tree skips phase 2 too
    read_text = _text_reader(root, config.max_file_size, contents)
    index = None
    empty_bytes = 0  # of fresh and scanned files that left no result
    phase2_key = ""
    phase2_memo = None
    scan_list = entries
    if use_cache and contents is None and project_files is None:
        from keylint.cache import Cache, key_material
        from keylint.scan_index import ScanIndex

        cache = Cache.open(str(root), key_material(config, rule_ids))
        if cache.enabled:
            index = ScanIndex(cache, str(root), is_git, read_text)
            if index.records:
                fresh, scan_list = index.split(entries, lstats)
                phase2_key = index.phase2_key(entries)
                phase2_memo = index.phase2_memo(phase2_key)
            else:
                # a cold index: nothing is fresh, so no stat up front; the signatures are the
                # readers' (FileResult.sig) and the phase-2 key is taken after phase 1
                fresh, scan_list = [], list(entries)
            for e in fresh:
                size = index.empty(e.relpath)
                if size is not None:  # most files: nothing found, nothing modelled
                    empty_bytes += size
                    continue
                restored = index.restore(e, with_model=phase2_memo is None)
                if restored is None:
                    scan_list.append(e)
                else:
                    results.append(restored)
            use_cache = False  # the index replaces the per-file cache in this mode

    missing: set[str] = set()  # unverified entries that were not files to scan after all

    def absorb(r: FileResult | tuple[str, int, tuple[int, int, int, int] | None]) -> None:
        """Keep a phase-1 result; most are empty (nothing found, nothing modelled) and leave
        only their size: holding 30,000 empty results cost ~13 MB of peak memory."""
        nonlocal empty_bytes
        if not isinstance(r, tuple):
            if r.missing:
                missing.add(r.relpath)
                errors.extend(r.errors)
                return
            if r.model_blob is not None:
                import pickle

                r.model = pickle.loads(r.model_blob)
        relpath, size, sig = r if isinstance(r, tuple) else (r.relpath, r.size, r.sig)
        if index is not None and sig is not None:
            index.sigs.setdefault(relpath, sig)  # a cold index has only the readers' signatures
        if isinstance(r, tuple) or r.is_empty:
            empty_bytes += size
            if index is not None:
                index.record_empty(relpath, size, wall_started)
            return
        if index is not None:
            index.record(r, wall_started)
        r.model_blob = None
        results.append(r)
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    if jobs > 1 and len(scan_list) >= PARALLEL_MIN_FILES and contents is None:
        # 15 ms of imports: only for a pool
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - platforms without fork
            ctx = multiprocessing.get_context()
        size = max(8, min(64, len(scan_list) // (jobs * 8) or 8))
        chunks = [scan_list[i:i + size] for i in range(0, len(scan_list), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                 initargs=(str(root), rule_ids, config, time_budget, use_cache,
                                           index is not None)) as pool:
            done = len(entries) - len(scan_list)
            for batch in pool.map(_scan_chunk, chunks):
                for r in batch:
                    absorb(r)
                done += len(batch)
                if progress:
                    progress(done, len(entries))
    else:
        scanner = FileScanner(str(root), rule_ids, config, time_budget, use_cache)
        with _quiet_scope():
            for i, entry in enumerate(scan_list, len(entries) - len(scan_list) + 1):
                data = contents(entry.relpath) if contents is not None else None
                absorb(scanner.scan(entry) if data is None else scanner.scan_data(entry.relpath, data))
                if progress:
                    progress(i, len(entries))

    if missing:
        entries = [e for e in entries if e.relpath not in missing]
    if index is not None and not phase2_key:
        index.fill_sigs(entries)
        phase2_key = index.phase2_key(entries)
    project = Project(root=str(root), is_git=is_git,
                      files={e.relpath: e for e in entries} if project_files is None else project_files)
    if project_files is not None:
        project.memo["partial"] = True
    if is_ignored is not None:
        project.memo["is_ignored"] = is_ignored
    project.memo["read_text"] = read_text
    project.memo["test_paths"] = config.test_paths
    project.memo["build_model"] = _model_builder(project)
    findings: list[Finding] = []
    suppressions: dict[str, Suppressions] = {}
    for r in results:
        errors.extend(r.errors)
        findings.extend(r.findings)
        if r.model is not None:
            project.models[r.relpath] = r.model
        if r.text is not None:
            project.texts[r.relpath] = r.text
        if r.suppressions:
            suppressions[r.relpath] = r.suppressions
        for flag in r.flags:
            project.flag(flag, r.relpath)

    if use_cache:
        from keylint.cache import Cache, key_material

        Cache.open(str(root), key_material(config, rule_ids)).close()  # prune to the size bound
    if index is not None:
        index.save(entries)

    # phase 2
    phase2_started = time.perf_counter()
    first_finding, first_error = len(findings), len(errors)
    if phase2_memo is not None:
        findings.extend(phase2_memo[0])
        errors.extend(phase2_memo[1])
    with _quiet_scope():
        rule_objs = [r() for r in rules] if phase2_memo is None else []
        # light models (import facts of files no rule looks into) only feed the client graph
        model_paths = sorted(p for p, m in project.models.items() if not m.light)
        for rule in rule_objs:
            options = config.options_for(rule.id)
            if rule.has_hook("check_model"):
                for relpath in model_paths:
                    model = project.models[relpath]
                    if model.language not in rule.languages:
                        continue
                    ctx = ModelContext(rule=rule, path=relpath, model=model, project=project, options=options)
                    try:
                        with _Budget(time_budget):
                            rule.check_model(ctx)
                    except BudgetExpired:
                        errors.append(ScanError(relpath, "timeout", f"{rule.id} stopped after {time_budget:g} s"))
                    except Exception as exc:  # noqa: BLE001
                        errors.append(_internal(relpath, rule.id, exc))
                    findings.extend(ctx.findings)
            if rule.has_hook("check_project"):
                pctx = ProjectContext(rule=rule, project=project, options=options)
                try:
                    with _Budget(time_budget):
                        rule.check_project(pctx)
                except BudgetExpired:
                    errors.append(ScanError(".", "timeout", f"{rule.id} stopped after {time_budget:g} s"))
                except Exception as exc:  # noqa: BLE001
                    errors.append(_internal(".", rule.id, exc))
                findings.extend(pctx.findings)
    if index is not None and phase2_memo is None:
        index.save_phase2(phase2_key, findings[first_finding:], errors[first_error:])
    phase2_seconds = time.perf_counter() - phase2_started

    if project_files is not None:
        # a partial scan (the pre-commit hook) reports on the files phase 1 read: repository-level
        # findings about the others (every tracked .env of the repository) cannot be the
        # commit's, and finalising them read each of those files again for its snippet
        read = {e.relpath for e in entries}
        findings = [f for f in findings if f.path in read]
    final, suppressed, unused = _finalise(findings, project, suppressions, config)
    by_kind = Counter(e.kind for e in errors)
    stats = {
        "files": len(entries),
        "bytes": empty_bytes + sum(r.size for r in results),
        "modelled_files": sum(1 for r in results if r.modelled),
        "cache_unchanged_files": len(entries) - len(scan_list),
        "cache_phase2_reused": phase2_memo is not None,
        "rules": len(rules),
        "seconds": round(time.perf_counter() - started, 3),
        "phase2_seconds": round(phase2_seconds, 3),
        "jobs": jobs if len(entries) >= PARALLEL_MIN_FILES else 1,
        "errors_by_kind": dict(sorted(by_kind.items())),
        "internal_errors": by_kind.get("internal", 0),
        "suppressed": suppressed,
    }
    errors = sorted(set(errors), key=ScanError.sort_key)
    return ScanResult(root=str(root), findings=final, errors=errors, stats=stats, project=project,
                      unused_suppressions=unused, suppressed=suppressed)


def _finalise(findings: list[Finding], project: Project, suppressions: dict[str, Suppressions],
              config: Config) -> tuple[list[Finding], int, list[tuple[str, int, str]]]:
    from dataclasses import replace

    pfi = []
    if config.per_file_ignores:
        import pathspec

        pfi = [(pathspec.GitIgnoreSpec.from_lines([pattern]), set(ids)) for pattern, ids in config.per_file_ignores]
    kept: list[Finding] = []
    suppressed = 0
    for f in sorted(set(findings), key=Finding.sort_key):
        if f.confidence < config.min_confidence:
            continue
        sup = suppressions.get(f.path)
        if sup is not None and sup.match(f.rule_id, f.rule_name, f.span.line,
                                         is_credential=f.rule_id == "KL001",
                                         honour_other=config.other_pragmas):
            suppressed += 1
            continue
        if any(spec.match_file(f.path) and (f.rule_id in ids or f.rule_name in ids) for spec, ids in pfi):
            suppressed += 1
            continue
        kept.append(f)
    # fingerprints: rule, path, what matched, occurrence; no line numbers
    occurrences: Counter[tuple[str, str, str]] = Counter()
    out: list[Finding] = []
    for f in kept:
        key = (f.rule_id, f.path, f.match_key)
        n = occurrences[key]
        occurrences[key] += 1
        digest = fingerprint(f.rule_id, f.path, f.match_key, n)
        snippet = _mask_secretish(f.snippet or redact_text(project.line_text(f.path, f.span.line)))
        out.append(replace(f, fingerprint=digest, snippet=snippet[:400],
                           message=_mask_secretish(redact_text(f.message))))
    unused = [(path, d.line, ",".join(d.ids) or "*")
              for path, sup in sorted(suppressions.items()) for d in sup.unused()]
    return out, suppressed, unused


def _index_exists(root: Path, config: Config, rules: tuple[type[Rule], ...]) -> bool:
    """Does the cache hold a scan index for this configuration (a warm scan)?"""
    from keylint.cache import Cache, key_material

    cache = Cache.open(str(root), key_material(config, tuple(r.id for r in rules)))
    return cache.enabled and cache.has_blob("index")


def display_path(relpath: str, root: str, cwd: str) -> str:
    """The path to show: relative to ``cwd`` when the file lies under it, POSIX slashes."""
    full = os.path.join(root, relpath)
    try:
        rel = os.path.relpath(full, cwd)
    except ValueError:
        return PurePosixPath(full).as_posix()
    if rel.startswith(".."):
        return Path(full).as_posix()
    return Path(rel).as_posix()


def project_root_for(paths: list[Path]) -> tuple[Path, bool]:
    """The project root: the git work tree of the first path, else the first directory named
    (or the parent of the first file)."""
    from keylint.discovery import git_toplevel

    first = paths[0] if paths else Path.cwd()
    top = git_toplevel(first)
    if top is not None:
        return top.resolve(), True
    base = first if first.is_dir() else first.parent
    return base.resolve(), False


def make_ignore_check(root: Path, is_git: bool) -> Callable[[str], bool]:
    """``relpath -> would git ignore it`` (for files that may not exist, e.g. a future .env)."""
    cache: dict[str, bool] = {}
    if is_git:
        from keylint.discovery import _git

        def check(relpath: str) -> bool:
            if relpath not in cache:
                proc = _git(["check-ignore", "-q", "--no-index", "--", relpath], root)
                cache[relpath] = proc is not None and proc.returncode == 0
            return cache[relpath]
    else:
        from keylint.discovery import _IgnoreWalker

        walker = _IgnoreWalker(root)

        def check(relpath: str) -> bool:
            if relpath not in cache:
                cache[relpath] = walker.is_ignored(relpath)
            return cache[relpath]
    return check


def scan(paths: list[Path], config: Config, *, rules: tuple[type[Rule], ...] | None = None,
         jobs: int = 0, force_exclude: bool = False, root: Path | None = None,
         time_budget: float = FILE_TIME_BUDGET,
         progress: Callable[[int, int], None] | None = None, use_cache: bool = False) -> ScanResult:
    """Discover and scan ``paths`` (absolute or relative to the process cwd).

    ``use_cache``: reuse phase-1 results from ``.keylint_cache/`` at the project root (see
    :mod:`keylint.cache`; the CLI turns it on unless ``--no-cache``)."""
    from keylint.discovery import discover
    from keylint.registry import select_rules

    paths = [Path(os.path.abspath(p)) for p in (paths or [Path(".")])]
    if root is None:
        root, is_git = project_root_for(paths)
    else:
        root, is_git = root.resolve(), (root / ".git").exists()
    if rules is None:
        rules = select_rules(config.select, config.ignore)
    # resolve symlinked scan paths (e.g. /tmp -> /private/tmp) against the resolved root
    resolved = []
    for p in paths:
        try:
            p.relative_to(root)
            resolved.append(p)
        except ValueError:
            resolved.append(p.resolve())
    # signatures up front only for a scan index that has records to compare them with
    warm = use_cache and _index_exists(root, config, rules)
    found = discover(resolved, root=root, is_git=is_git, exclude=config.exclude,
                     force_exclude=force_exclude, keep_lstats=warm, lstat_tracked=warm or not _NOFOLLOW)
    return scan_entries(found.entries, root=root, is_git=is_git, config=config, rules=rules,
                        jobs=jobs, errors=found.errors, is_ignored=make_ignore_check(root, is_git),
                        time_budget=time_budget, progress=progress, use_cache=use_cache,
                        lstats=found.lstats)
