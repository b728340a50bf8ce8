"""Atomic writes: whole files with the usual permissions, nothing left behind on failure."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from gigawatt.io import atomic_write_bytes, atomic_write_text


def test_write_creates_folders_and_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.json"
    atomic_write_text(target, "{}\n")
    assert target.read_text() == "{}\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old")

    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_an_impossible_target_is_named_in_the_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OSError) as caught:
        atomic_write_text(blocker / "x.html", "<p>")
    assert caught.value.filename == str(blocker / "x.html")


KILLED_WRITER = """
import os, signal, sys
from gigawatt import io
def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)  # killed between writing the temporary and renaming it
io.os.replace = die
io.atomic_write_text(sys.argv[1], "new")
"""


def test_a_killed_write_leaves_a_temporary_that_the_next_write_removes(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "out.json"
    target.write_text("old")
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], timeout=60)
    assert done.returncode == -9
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out.json"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".out.json.") and leftovers[0].endswith(".tmp")
    assert target.read_text() == "old"
    atomic_write_text(target, "next")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text() == "next"


def test_a_running_writers_temporary_and_other_files_are_left_alone(tmp_path: Path) -> None:
    import subprocess
    import sys

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".out.json.{sleeper.pid}.abc123.tmp"
        busy.write_text("half")
        others = [tmp_path / ".out.json.backup", tmp_path / ".other.json.1.x.tmp", tmp_path / "out.json.1.x.tmp"]
        for other in others:
            other.write_text("mine")
        atomic_write_text(tmp_path / "out.json", "{}")
        assert busy.exists() and all(o.exists() for o in others)
        old = time.time() - 2 * 24 * 3600
        os.utime(busy, (old, old))  # a day old: stale even though a process has that id
        atomic_write_text(tmp_path / "out.json", "{}")
        assert not busy.exists() and all(o.exists() for o in others)
    finally:
        sleeper.kill()
        sleeper.wait()
