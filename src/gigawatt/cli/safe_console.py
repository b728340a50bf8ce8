"""A rich console that never lets text write terminal control sequences.

Scenario text can hold any character (``name: "\\e[2J"`` in YAML is an escape that clears the
screen), and it reaches the terminal through names in tables, progress labels and error messages.
:class:`SafeConsole` shows every control character of the text it prints as a visible escape
(``\\x1b``), while rich's own styling and cursor control still work: they are added after the
text, as separate segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters (not tab and newline), DEL, and the bidirectional overrides that reorder
what a terminal shows."""


def visible(text: str) -> str:
    """``text`` with every control character written as an escape: ``"\\x1b[2J"`` -> ``"\\\\x1b[2J"``."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class SafeConsole(Console):
    """:class:`rich.console.Console` whose printed text shows control characters as escapes."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style, segment.control)
            for segment in buffer)
