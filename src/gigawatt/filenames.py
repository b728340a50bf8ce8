"""File names made from scenario text: a safe slug, never a path.

A scenario's ``name`` is text that anyone can write (``name: ../../x``, ``name: /etc/cron.d/x``,
control characters, a thousand characters). Wherever a default file name or a download name is
made from it, :func:`slug` turns it into lowercase ASCII letters, digits and single hyphens, so it
can never name a folder, climb out of one, hide a file (a leading dot) or break a header.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 80
"""Longest slug, in characters (file systems allow 255 bytes; a suffix is added after it)."""

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
"""Names Windows refuses as a file name whatever the suffix."""


def slug(text: str, default: str = "scenario") -> str:
    """``text`` as a file-name stem: ``[a-z0-9]`` runs joined by single hyphens, at most :data:`MAX_SLUG` long.

    Accents are dropped (``Pérez`` -> ``perez``); every other character (``/``, ``\\``, ``.``,
    spaces, control characters) separates words. ``default`` is returned when nothing is left,
    and a Windows device name (``con``, ``nul``, ...) gets ``-file`` appended.

    >>> slug("../../etc/passwd")
    'etc-passwd'
    >>> slug("OpenAI 2025 (base)")
    'openai-2025-base'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = "-".join(words)[:MAX_SLUG].strip("-")
    if not out:
        return default
    return f"{out}-file" if out in _RESERVED else out
