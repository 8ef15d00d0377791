"""Worker processes in a scheduling group of their own.

Linux's autogroup scheduler (on by default on desktops and most servers) shares the CPU
between sessions first and between a session's processes second. Each Jupyter kernel is a
session of its own, so the privacy gate's workers, niced inside the run's session, still took
a session's full share beside the kernels. :func:`own_session` puts the calling process into
a session, and so a group, of its own, niced as a group. Elsewhere (macOS, Windows, autogroup
off) it changes nothing that matters; results never depend on it.

Only for workers whose pool the caller stops itself: a process in a session of its own is
out of reach of a signal to its parent's process group (a kernel's fit workers and export
stay in the kernel's group, so that killing the kernel's group stops them).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["own_session"]


def own_session(nice: int = 0) -> None:
    """Make the calling process a session, so a scheduling group, of its own, niced by
    ``nice`` (the process and, under autogroup, its group); failures are ignored.

    For worker processes only (a pool's initializer): a new session leaves the terminal's,
    so Ctrl-C reaches the worker only through its pool, which stops it.
    """
    with contextlib.suppress(AttributeError, OSError):
        os.setsid()
    if nice:
        with contextlib.suppress(AttributeError, OSError):
            os.nice(nice)
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(f"{nice}\n", encoding="ascii")
