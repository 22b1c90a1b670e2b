"""
Near-identical texts (docs/decisions/0020-duplicates-and-campaigns.md): a campaign's template with a
sentence of the sender's own added, or a word changed, is still the campaign's text.

Two texts are near-identical when the sets of their word triples ("shingles") overlap by SIMILAR or more
(Jaccard similarity: shared triples over all triples). Comparing every pair is out of the question at
a hundred thousand comments, so pairs are found by MinHash and locality-sensitive hashing, the standard
way to find near-duplicate documents: each text gets HASHES minimum hashes of its triples (two texts'
minimums agree with a probability equal to their similarity); texts whose hashes agree on a whole band
of ROWS are candidates, and a candidate is joined to the text it met only once its real similarity is
checked. With 10 bands of 3, a pair at 0.7 is met with a probability of 0.98, at 0.9 of 0.99999.

numpy is already here (scikit-learn needs it); the hashes are CRC-32, the same in every process.
"""

import zlib
from collections import defaultdict

import numpy as np

SIMILAR = 0.7
SHINGLE = 3
BANDS, ROWS = 10, 3
HASHES = BANDS * ROWS
# Universal hashing modulo a Mersenne prime, with values under 2**31 so that a * x + b fits in 64 bits.
_PRIME = (1 << 31) - 1
_random = np.random.default_rng(20261203)  # Fixed: the same signatures in every run and process.
_A = _random.integers(1, _PRIME, HASHES, dtype=np.int64)
_B = _random.integers(0, _PRIME, HASHES, dtype=np.int64)


def shingles(words: list[str]) -> frozenset[int]:
    """The text's word triples, hashed (a text of fewer words: its words, as one)."""
    spans = range(max(1, len(words) - SHINGLE + 1))
    return frozenset(zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) & _PRIME for i in spans)


def signature(hashed: frozenset[int]) -> np.ndarray:
    values = np.fromiter(hashed, dtype=np.int64, count=len(hashed))
    return ((_A[:, None] * values[None, :] + _B[:, None]) % _PRIME).min(axis=1)


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def clusters(texts: list[str]) -> list[list[int]]:
    """
    The indices of `texts` (distinct, each already made uniform: words split by single spaces) grouped
    with the texts near-identical to them, directly or through others: the groups of two or more.
    """
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    met: dict[tuple[int, bytes], int] = {}
    sets = [shingles(text.split()) for text in texts]
    for i, hashed in enumerate(sets):
        banded = signature(hashed).reshape(BANDS, ROWS)
        for band in range(BANDS):
            first = met.setdefault((band, banded[band].tobytes()), i)
            if first == i:
                continue
            a, b = root(first), root(i)
            if a != b and similarity(sets[first], hashed) >= SIMILAR:
                parent[b] = a
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[root(i)].append(i)
    return [members for members in groups.values() if len(members) > 1]
