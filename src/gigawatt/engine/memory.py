"""Keeping freed memory in the process while the model runs (glibc's allocator, Linux).

A chunk of the model makes and frees hundreds of arrays of a few MB each. By
default glibc returns large freed blocks to the system at once (``mmap`` for
blocks above its threshold, trimming the top of the heap above 128 KB), so the
next array of the same size is fresh pages again, and the kernel zeroes each
page on first touch: a third of a simulation's CPU was spent in those page
faults (``benchmarks`` and docs/performance.md give the figures). Raising the
thresholds with ``mallopt`` keeps freed blocks for reuse; the peak memory is the
same, since the same arrays are alive at once, but the process holds on to up
to :data:`KEEP_BYTES` of freed memory afterwards instead of returning it.

This changes the whole process's allocator (a library's choice to make with
care): it is done once, on the first chunk a process runs, and not at all when
``GIGAWATT_KEEP_MEMORY=0`` is set or the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import cache

ENVIRONMENT = "GIGAWATT_KEEP_MEMORY"
"""Set to ``0`` to leave the C allocator's settings as they are."""

KEEP_BYTES = 1 << 30
"""Freed memory at the top of the heap kept for reuse before any is returned to the system, bytes."""

LARGEST_HEAP_BLOCK = 32 << 20
"""Blocks up to this size come from the heap (reused when freed); larger ones are mapped, bytes.
(glibc's own largest dynamic threshold on 64-bit systems.)"""

TOP_PAD = 64 << 20
"""Extra heap asked for each time the heap grows, bytes."""

# mallopt parameters, from glibc's malloc.h
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3


def refused() -> bool:
    """True when the allocator is to be left as it is: ``GIGAWATT_KEEP_MEMORY=0``, or not Linux."""
    return os.environ.get(ENVIRONMENT, "").strip() == "0" or not sys.platform.startswith("linux")


@cache
def keep_freed_memory() -> bool:
    """Raise glibc's trim and mmap thresholds once per process; True when the settings were changed."""
    if refused():
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name)
    if not hasattr(libc, "mallopt") or not hasattr(libc, "gnu_get_libc_version"):
        return False  # not glibc (musl has no mallopt thresholds to speak of)
    settings = ((M_MMAP_THRESHOLD, LARGEST_HEAP_BLOCK), (M_TRIM_THRESHOLD, KEEP_BYTES), (M_TOP_PAD, TOP_PAD))
    return all(libc.mallopt(parameter, value) == 1 for parameter, value in settings)
