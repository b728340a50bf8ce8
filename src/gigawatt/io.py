"""Writing files atomically: a reader never sees half a file.

The data goes to a temporary file beside the target, ``.<name>.<pid>.<random>.tmp``, which is then
renamed into place. A process killed in between (SIGKILL, power loss) leaves its temporary behind;
the next write of the same target removes such leftovers: temporaries of this pattern whose process
is gone, or that are older than :data:`STALE_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

STALE_AFTER = 24 * 3600.0
"""Seconds after which a temporary is stale even if a process with its id runs (ids are reused)."""


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc  # name the target, not the temporary
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a written file gets the usual permissions
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(target)) from exc  # name the target, not the temporary
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write UTF-8 ``text`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the leftover temporaries of earlier writes of ``target`` whose writer is gone; return them.

    Only names of this module's pattern for this target are touched; a temporary of a running
    process (another writer at work) is left alone unless older than :data:`STALE_AFTER`.
    """
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        match = pattern.match(name)
        if match is None:
            continue
        leftover = target.parent / name
        pid = int(match[1])
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove: the write goes on
            old = now - leftover.stat().st_mtime > STALE_AFTER
            if pid != os.getpid() and (old or not _alive(pid)):
                leftover.unlink()
                removed.append(leftover)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with id ``pid`` exists (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, run by another user
        return True
    except OSError:
        return True
    return True
