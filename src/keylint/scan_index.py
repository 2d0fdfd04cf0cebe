"""The warm path of a plain ``keylint scan``: a stat-keyed index of phase-1 results and a memo of
phase 2, both in the cache generation of :mod:`keylint.cache` (same key material, same HMAC).

A rescan of an unchanged tree should cost about what listing and ``stat``-ing it costs, like
ruff's cache: reading, hashing and prefiltering 30,000 files to find that nothing changed is what
made the per-file content-hash cache slow (4.7 s against ripgrep's 0.3 s on the benchmark corpus).

- **Index** (``scan-index``): relpath -> (stat signature, phase-1 record). The signature is
  ``(size, mtime_ns, ctime_ns, inode)``: any write, ``touch``, ``chmod`` or replacement changes
  it. A file whose signature matches is not read; its record stands in for phase 1. Most records
  are ``None`` (nothing found, nothing modelled). Like git's "racily clean" rule, a file modified
  within :data:`RACY_SECONDS` before the index is written is not recorded, so an edit in the same
  clock tick as the scan is never missed.
- **Models** (``scan-models``): relpath -> (signature, pickled FileModel) of indexed files,
  loaded only when phase 2 has to run; a model is used only with the signature of its record.
- **Phase-2 memo** (``scan-phase2``): the raw findings and errors of phase 2 with the digest of
  everything phase 2 reads: every file's path, git state and signature, the repository's git
  exclude files, and (through the generation) keylint's version, config and rules. When the
  digest matches, phase 2 is not run; suppressions, per-file ignores and fingerprints are still
  applied afresh.

What is never recorded, so it is recomputed on every run: files whose bytes contain ``sk-ant-``,
results with a KL001 finding, and results with an internal, timeout or unreadable error. Blobs are
refused when a string in a record, model or finding looks like a secret (``cache._secretish``);
file paths are stored as listed (they are what ``git ls-files`` shows anyone).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import stat
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from keylint.project import signature

if TYPE_CHECKING:
    from keylint.cache import Cache
    from keylint.engine import FileResult
    from keylint.findings import Finding, ScanError
    from keylint.project import FileEntry

RACY_SECONDS = 2.0
_UNSTABLE_ERRORS = frozenset({"internal", "timeout", "unreadable"})


def _record(result: FileResult) -> Any:
    """The phase-1 record of a result (None: nothing to restore). Model and text excluded."""
    if result.is_empty:
        return None
    return (tuple(result.findings), tuple(result.errors), result.suppressions, result.flags,
            result.modelled, result.text is not None, result.language)


def _recordable(result: FileResult) -> bool:
    if not (result.findings or result.errors or result.flags):
        return True  # most results: nothing to screen
    if any(e.kind in _UNSTABLE_ERRORS for e in result.errors):
        return False
    from keylint.cache import _secretish

    texts = [f.message for f in result.findings] + [f.snippet for f in result.findings] + [
        f.match_key for f in result.findings] + [e.message for e in result.errors] + list(result.flags)
    return not any(_secretish(t) for t in texts)


def _storable_model(model: Any) -> bool:
    from keylint.cache import _secretish, _strings

    return not any(_secretish(t) for t in _strings(model))


def pack_model(model: Any) -> tuple[bytes, bool]:
    """(the model pickled, may it be stored). Called in the workers: walking every string of
    every model in the main process cost it ~1 s of CPU on the benchmark corpus's 8,800 models,
    taken from the workers on a 2-core machine."""
    from keylint.cache import _secretish_bytes

    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    # the pickle's bytes first; the exact check over the model's strings only when they hit
    return blob, not _secretish_bytes(blob) or _storable_model(model)


class ScanIndex:
    def __init__(self, cache: Cache, root: str, is_git: bool,
                 read_text: Callable[[str], str | None]) -> None:
        self.cache = cache
        self.root = root
        self.is_git = is_git
        self.read_text = read_text  # the engine's reader (Project.text_of uses the same)
        loaded = cache.get_blob("index")
        self.records: dict[str, tuple[Any, Any]] = loaded if isinstance(loaded, dict) else {}
        self.sigs: dict[str, tuple[int, int, int, int]] = {}
        self._models: dict[str, Any] | None = None
        self.changed = False
        self.models_changed = False

    # -- phase 1 ---------------------------------------------------------------------------------
    def split(self, entries: list[FileEntry], lstats: dict[str, os.stat_result] | None = None
              ) -> tuple[list[FileEntry], list[FileEntry]]:
        """(fresh, stale): fresh entries have an index record with the file's current signature.
        ``lstats``: discovery's ``lstat`` results (equal to ``stat`` except for links)."""
        fresh, stale = [], []
        root = self.root
        lstats = lstats or {}
        for e in entries:
            st = lstats.get(e.relpath)
            try:
                if st is None or stat.S_ISLNK(st.st_mode):
                    st = os.stat(os.path.join(root, e.relpath))
                sig = signature(st)
            except OSError:
                stale.append(e)
                continue
            self.sigs[e.relpath] = sig
            rec = self.records.get(e.relpath)
            (fresh if rec is not None and rec[0] == sig else stale).append(e)
        lstats.clear()  # the signatures are all that is needed from them (memory)
        return fresh, stale

    def fill_sigs(self, entries: list[FileEntry]) -> None:
        """After a cold phase 1 (no :meth:`split`): the signatures split would have taken for
        the entries no reader returned one for (links to directories, unreadable files), so that
        the next run computes the same :meth:`phase2_key`."""
        root = self.root
        for e in entries:
            if e.relpath not in self.sigs:
                try:
                    self.sigs[e.relpath] = signature(os.stat(os.path.join(root, e.relpath)))
                except OSError:
                    pass

    def phase2_key(self, entries: list[FileEntry]) -> str:
        h = hashlib.sha256(b"keylint-phase2-v2\0" + repr(self.is_git).encode())
        sigs = self.sigs
        # marshal version 2 (no back-references: the bytes depend on the values only), one C
        # call: a repr and an update per entry took 47 ms of serial time on 31,800 files
        h.update(marshal.dumps([(e.relpath, e.tracked, e.ignored, e.explicit, sigs.get(e.relpath))
                                for e in entries], 2))
        for extra in _git_exclude_files(self.root):
            try:
                h.update(repr((extra, signature(os.stat(extra)))).encode("utf-8", "surrogatepass"))
            except OSError:
                h.update(repr((extra, None)).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def models(self) -> dict[str, Any]:
        """relpath -> (signature, the model pickled on its own): unpickled only when restored,
        and written without one pickle memo over every model (which cost ~40 MB of peak memory)."""
        if self._models is None:
            loaded = self.cache.get_blob("models")
            self._models = loaded if isinstance(loaded, dict) else {}
        return self._models

    def empty(self, relpath: str) -> int | None:
        """The size of a fresh file whose record is empty (nothing to restore), else None."""
        sig, rec = self.records[relpath]
        return sig[0] if rec is None else None

    def restore(self, entry: FileEntry, with_model: bool) -> FileResult | None:
        """The phase-1 result of a fresh entry whose record is not :meth:`empty`; None when
        its model is wanted but missing, or its text cannot be read again."""
        from keylint.engine import FileResult

        sig, rec = self.records[entry.relpath]
        findings, errors, suppressions, flags, modelled, keep_text, language = rec
        result = FileResult(relpath=entry.relpath, language=language, size=sig[0], findings=list(findings),
                            errors=list(errors), suppressions=suppressions, flags=flags, modelled=modelled)
        if with_model and modelled:
            stored = self.models().get(entry.relpath)
            try:
                # the model must come from the same version of the file as the record (two
                # concurrent runs may each have written one of the blobs)
                result.model = pickle.loads(stored[1]) if stored and stored[0] == sig else None
            except Exception:  # noqa: BLE001 - the blob was authenticated; still, a miss
                result.model = None
            if result.model is None:
                return None
        if keep_text:
            result.text = self.read_text(entry.relpath)
            if result.text is None:
                return None
        return result

    def _trusted(self, relpath: str, size: int, scan_started: float) -> tuple[int, int, int, int] | None:
        """The signature to record ``relpath`` under, or None (and any stale record dropped):
        no signature, a size phase 1 did not read (a link to a directory), or racily clean."""
        sig = self.sigs.get(relpath)
        if sig is None or size != sig[0] or sig[1] / 1e9 >= scan_started - RACY_SECONDS:
            if self.records.pop(relpath, None) is not None:
                self.changed = True
            return None
        return sig

    def record_empty(self, relpath: str, size: int, scan_started: float) -> None:
        """:meth:`record` for a result with nothing in it (most files)."""
        sig = self._trusted(relpath, size, scan_started)
        if sig is not None:
            self.records[relpath] = (sig, None)
            self.changed = True

    def record(self, result: FileResult, scan_started: float) -> None:
        if not _recordable(result):
            if self.records.pop(result.relpath, None) is not None:
                self.changed = True
            return
        sig = self._trusted(result.relpath, result.size, scan_started)
        if sig is None:
            return
        self.records[result.relpath] = (sig, _record(result))
        self.changed = True
        if result.model is not None:
            # a model with a secret-like string (a long token in a constant) is not stored: the
            # file is modelled again whenever phase 2 has to run
            blob, storable = ((result.model_blob, result.model_storable) if result.model_blob is not None
                              else pack_model(result.model))
            if storable:
                self.models()[result.relpath] = (sig, blob)
            else:
                self.models().pop(result.relpath, None)
            self.models_changed = True

    def save(self, entries: list[FileEntry]) -> None:
        listed = {e.relpath for e in entries}
        if len(self.records) > 2 * len(listed) + 1000:  # files deleted since: start over
            self.records = {k: v for k, v in self.records.items() if k in listed}
            self.changed = True
            if self._models is not None:
                self._models = {k: v for k, v in self._models.items() if k in self.records}
                self.models_changed = True
        # every record and model was checked for secret-like strings when it was recorded
        if self.models_changed and self._models is not None:
            for k in [k for k in self._models if k not in self.records]:
                del self._models[k]
            self.cache.put_blob("models", self._models, check=())  # if lost, restore() reports them missing
        if self.changed:
            self.cache.put_blob("index", self.records, check=())
        self.records, self._models = {}, None  # phase 2 runs next: free the memory

    # -- phase 2 ---------------------------------------------------------------------------------
    def phase2_memo(self, key: str) -> tuple[list[Finding], list[ScanError]] | None:
        memo = self.cache.get_blob("phase2")
        if isinstance(memo, dict) and memo.get("key") == key:
            return list(memo["findings"]), list(memo["errors"])
        return None

    def save_phase2(self, key: str, findings: list[Finding], errors: list[ScanError]) -> None:
        if any(e.kind in _UNSTABLE_ERRORS for e in errors):
            return
        check = [(f.message, f.snippet, f.match_key) for f in findings] + [e.message for e in errors]
        self.cache.put_blob("phase2", {"key": key, "findings": tuple(findings), "errors": tuple(errors)},
                            check=check)


def _git_exclude_files(root: str) -> list[str]:
    """Ignore files outside the work tree that change what git ignores (KL002)."""
    home = os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return [os.path.join(root, ".git", "info", "exclude"), os.path.join(xdg, "git", "ignore"),
            os.path.join(home, ".gitignore"), os.path.join(home, ".gitconfig")]
