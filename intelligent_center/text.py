"""Text that every output format can carry."""

from __future__ import annotations

import re

# C0 controls but tab/newline/return, DEL, C1 controls, lone surrogates and the two
# non-characters XML 1.0 forbids: none is ever meant in a title, and each breaks XML or a terminal.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_chars_strip(text: str) -> str:
    return _UNPRINTABLE.sub("", text)
