"""Case-insensitive patterns run on lowercased text: reads a compiled IGNORECASE pattern, writes its twin without
the flag, for text lowercased once by the caller.

Python's re is four to five times slower under IGNORECASE than on lowercased text, and the gate patterns (attack
words, claim cues) run on every sentence. The twin matches exactly where the original does as long as its source
holds no capital letter of its own (a capital outside an escape would never match lowercased text): `lowered`
refuses such a source.
"""
from __future__ import annotations

import re

# A letter in the source that is not part of an escape ("\b", "\S", "\d").
_BARE_CAPITAL = re.compile(r"(?<!\\)[A-Z]")


def lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The twin of an IGNORECASE pattern, for `text.lower()`."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE:
        raise ValueError("lowered() takes an IGNORECASE pattern")
    if _BARE_CAPITAL.search(re.sub(r"\\\\", "", source)):
        raise ValueError(f"pattern holds a capital letter and cannot run on lowercased text: {source[:60]!r}")
    return re.compile(source, pattern.flags & ~re.IGNORECASE)
