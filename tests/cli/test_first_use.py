"""After `make run`, the README's next commands work as written: activate `.venv`, then `gigawatt ...`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def first_use_block() -> list[str]:
    """The README's shell block that follows `make run`."""
    [block] = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def test_make_run_says_how_to_go_on() -> None:
    recipe = MAKEFILE.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "source $(VENV)/bin/activate" in recipe and "$(BIN)/gigawatt directly" in recipe
    assert first_use_block()[0] == "source .venv/bin/activate"


@pytest.mark.skipif(not (Path(sys.prefix) / "bin" / "activate").is_file(), reason="not inside a virtual environment")
def test_the_readme_commands_run_after_set_up(tmp_path: Path) -> None:
    """The block runs in a fresh shell (the project's environment taken as `.venv`), fewer samples."""
    venv = tmp_path / ".venv"
    venv.symlink_to(Path(sys.prefix))  # `make run` builds .venv beside the README; here it is this environment
    lines = [line.replace("--samples 50000", "--samples 300 --no-store") for line in first_use_block()]
    script = " && ".join([*lines, "gigawatt report --samples 300 -o out/report.html", "command -v gigawatt"])
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = "/usr/bin:/bin"  # nothing of the environment on the PATH before the activation
    env["COLUMNS"] = "80"
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Headline" in done.stdout and "Median funding gap" in done.stdout
    assert (tmp_path / "out" / "report.html").stat().st_size > 100_000
    assert done.stdout.strip().splitlines()[-1] == str(Path(sys.prefix) / "bin" / "gigawatt")  # the activated one
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
