"""Worker processes in a scheduling group of their own (the privacy gate's workers)."""

from __future__ import annotations

import os
from pathlib import Path

from joblib.externals.loky import ProcessPoolExecutor  # type: ignore[import-untyped, unused-ignore]

from replicate.processes import own_session


def _where() -> tuple[int, int, int, str]:
    group = Path("/proc/self/autogroup")
    return (os.getpid(), os.getsid(0), os.nice(0),
            group.read_text(encoding="ascii").strip() if group.exists() else "")


def test_a_worker_is_a_session_of_its_own_niced_as_a_group() -> None:
    with ProcessPoolExecutor(max_workers=1, initializer=own_session, initargs=(10,)) as pool:
        pid, sid, nice, group = pool.submit(_where).result(timeout=60)
    assert sid == pid != os.getsid(0)  # a session, so a scheduling group, of its own
    assert nice == 10
    if group:  # Linux with autogroup: the group itself is niced
        assert group.endswith("nice 10")
