"""Freed arrays are reused, not faulted in again (gigawatt.engine.memory), and the setting can be refused.

Page faults are counts, not times: 10 rounds of three arrays of 2, 4 and 6 MB touch 12 MB, 3,072
pages of 4 KB, a round. Kept for reuse, the rounds after the first fault no page in; returned to the
system (glibc's default), each round faults about half of them in again (seen: 15,102 of 30,720).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROUNDS = textwrap.dedent("""
    import resource
    import numpy as np
    from gigawatt.engine.memory import keep_freed_memory
    changed = keep_freed_memory()
    held = [np.ones(262_144 * k) for k in (1, 2, 3)]
    del held
    start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(10):
        held = [np.ones(262_144 * k) for k in (1, 2, 3)]
        del held
    print(changed, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start)
""")


def faults(keep: str) -> tuple[bool, int]:
    env = {**os.environ, "GIGAWATT_KEEP_MEMORY": keep}
    done = subprocess.run([sys.executable, "-c", ROUNDS], env=env, capture_output=True, text=True, check=True)
    changed, count = done.stdout.split()
    return changed == "True", int(count)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator on Linux")
def test_kept_memory_faults_no_page_in_again_and_glibcs_default_does() -> None:
    kept, refused = faults("1"), faults("0")
    assert kept[0] and not refused[0]
    assert kept[1] < 100  # a few pages of Python's own objects at most
    assert refused[1] > 10 * 3_072 // 3  # at least a third of every round's pages faulted in again
