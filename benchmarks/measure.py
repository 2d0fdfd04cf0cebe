"""Whole-process timing: wall, CPU (user + sys of the process and the children it waited for)
and peak RSS (the largest single process's), with a timeout that kills the process group.

Peak RSS comes from GNU ``/usr/bin/time`` wrapped around the command when it exists:
a child forked straight from this (large) Python process would inherit the parent's RSS as its
starting high-water mark (Linux keeps ``maxrss`` across exec), inflating every small tool's
peak. CPU comes from ``wait4`` (GNU time's own share is negligible); without GNU time, peak
comes from ``wait4`` too (then an upper bound).
Wall time is measured here (perf_counter around spawn and wait; GNU time adds ~1 ms)."""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TIME = "/usr/bin/time"


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    rc: int
    timed_out: bool = False


def timed(argv: list[str], cwd: Path, *, env: dict[str, str] | None = None,
          stdout: Path | None = None, stderr: Path | None = None,
          timeout: float | None = None) -> Run:
    gnu_time = os.access(TIME, os.X_OK)
    fd, tfile = tempfile.mkstemp(prefix="kl-bench-time-")
    os.close(fd)
    if gnu_time:
        argv = [TIME, "-f", "%U %S %M", "-o", tfile, *argv]
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115 - closed below
    err = open(stderr, "wb") if stderr else subprocess.DEVNULL  # noqa: SIM115
    killed = threading.Event()
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, start_new_session=True)

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group this call started, nothing else
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        for fh in (out, err):
            if fh is not subprocess.DEVNULL:
                fh.close()
    cpu, peak_kib = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    rc = proc.returncode
    if gnu_time:
        try:
            lines = Path(tfile).read_text().strip().splitlines()
            # "Command exited with non-zero status N" comes first when rc != 0
            peak_kib = int(lines[-1].split()[2])  # cpu: wait4's (GNU time rounds to 10 ms)
        except (OSError, ValueError, IndexError):
            pass
    with contextlib.suppress(OSError):
        os.unlink(tfile)
    return Run(wall=wall, cpu=cpu, peak_mib=peak_kib / 1024, rc=rc, timed_out=killed.is_set())


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.3g}"
    return f"{median(values):.3g} ({min(values):.3g}-{max(values):.3g})"
