"""Wire-copy fingerprint: reads cleaned article text, writes a MinHash signature (list of ints) of word 5-shingles.

The resolver compares signatures to spot one story reprinted by several outlets. num_perm and seed are fixed
forever: signatures from different releases must stay comparable.
"""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
SEED = 20240229
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)  # permutations are costly to draw; copy them instead


def fingerprint(text: str) -> list[int]:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return []
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in np.asarray(mh.hashvalues)]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 when either is missing)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)
