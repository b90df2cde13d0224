"""Grouped sums over integer keys: the one primitive the survey estimators rest on.

Every design-based estimate is a handful of weighted sums: per domain, per (domain, PSU), per (domain, stratum).
``np.bincount`` does such a sum in one pass in C. When the key space is small (132 domains x 5,000 PSUs) the sums
are taken over the dense key space directly; when it is large (each person its own PSU) the distinct keys are found
by sorting instead. Either way there is no Python loop over rows.
"""

import numpy as np

# A dense key space costs memory proportional to its size; past this many keys per row, sort instead.
_DENSE_KEYS_PER_ROW = 4
_DENSE_MINIMUM = 1 << 16


def _dense(size: int, rows: int) -> bool:
    return size <= max(_DENSE_MINIMUM, _DENSE_KEYS_PER_ROW * rows)


def distinct_keys(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values of ``key`` (integers in ``[0, size)``) and, per element, its index among them.

    Parameters
    ----------
    key : ndarray of int
        Keys, for example ``domain * n_strata + stratum``.
    size : int
        Upper bound (exclusive) of the keys.

    Returns
    -------
    distinct : ndarray of int
        The keys that occur, in increasing order.
    inverse : ndarray of int
        ``distinct[inverse] == key``.
    """
    if _dense(size, key.size):
        present = np.bincount(key, minlength=size) > 0
        position = np.cumsum(present) - 1
        return np.flatnonzero(present), position[key]
    distinct, inverse = np.unique(key, return_inverse=True)
    return distinct, inverse.reshape(-1)


def sums_by_key(key: np.ndarray, size: int, *values: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Row counts and sums of each of ``values`` for every key that occurs.

    Parameters
    ----------
    key : ndarray of int
        Keys in ``[0, size)``, one per row.
    size : int
        Upper bound (exclusive) of the keys.
    *values : ndarray of float
        Columns to sum, each the length of ``key``.

    Returns
    -------
    distinct : ndarray of int
        The keys that occur (at least one row), in increasing order.
    counts : ndarray of int
        Rows per key.
    sums : list of ndarray
        One array per column in ``values``: its sum per key.
    """
    if _dense(size, key.size):
        counts = np.bincount(key, minlength=size)
        distinct = np.flatnonzero(counts)
        sums = [np.bincount(key, weights=column, minlength=size)[distinct] for column in values]
        return distinct, counts[distinct], sums
    distinct, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    sums = [np.bincount(inverse, weights=column, minlength=distinct.size) for column in values]
    return distinct, counts, sums


def missing_labels(labels: np.ndarray) -> np.ndarray:
    """Which labels are missing: NaN in a float array, None or NaN in an object array.

    Parameters
    ----------
    labels : ndarray
        Labels of any dtype.

    Returns
    -------
    ndarray of bool
    """
    if labels.dtype.kind == "f":
        return np.isnan(labels)
    if labels.dtype.kind == "O":
        # NaN is the one value not equal to itself; None compares equal to None element-wise.
        return (labels != labels) | np.equal(labels, None)
    return np.zeros(labels.shape, dtype=bool)


def factorize(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for labels, as R's ``factor``: levels sorted, missing labels coded ``-1``.

    Small integer labels (county codes, PSU numbers) are coded through a lookup table and text labels through a
    hash of their characters, both in O(n); anything else is sorted with ``np.unique``.

    Parameters
    ----------
    labels : ndarray
        Labels of any sortable dtype, possibly with missing values (see :func:`missing_labels`).

    Returns
    -------
    codes : ndarray of int64
        ``levels[codes[i]] == labels[i]``, or ``-1`` where the label is missing.
    levels : ndarray
        The distinct labels, sorted.
    """
    labels = np.asarray(labels)
    if labels.dtype.kind == "b":
        codes, levels = _factorize_present(labels.astype(np.int64))
        return codes, levels.astype(bool)
    missing = missing_labels(labels)
    if not missing.any():
        return _factorize_present(labels)
    codes = np.full(labels.shape, -1, dtype=np.int64)
    present, levels = _factorize_present(labels[~missing])
    codes[~missing] = present
    return codes, levels


def _factorize_present(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if labels.size and labels.dtype.kind in "iu":
        low, high = int(labels.min()), int(labels.max())
        if high - low <= max(_DENSE_MINIMUM, _DENSE_KEYS_PER_ROW * labels.size):
            shifted = (labels - low).astype(np.int64)
            present = np.bincount(shifted, minlength=high - low + 1) > 0
            lookup = np.cumsum(present) - 1
            return lookup[shifted], (np.flatnonzero(present) + low).astype(labels.dtype)
    if labels.size and labels.dtype.kind == "O" and isinstance(labels[0], str):
        labels = labels.astype(str)  # pandas text columns arrive as objects
    if labels.size and labels.dtype.kind == "U":
        coded = _factorize_text(labels)
        if coded is not None:
            return coded
    levels, inverse = np.unique(labels, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), levels


def _factorize_text(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes for text labels by hashing their characters into buckets; ``None`` if two labels share a bucket."""
    n = labels.size
    characters = np.ascontiguousarray(labels).view(np.uint32).reshape(n, -1)
    hashed = np.full(n, 14695981039346656037, dtype=np.uint64)  # FNV-1a over the characters
    for column in characters.T:
        hashed = (hashed ^ column) * np.uint64(1099511628211)
    for multiplier in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):  # MurmurHash3's finaliser mixes the high bits
        hashed = (hashed ^ (hashed >> np.uint64(33))) * np.uint64(multiplier)
    bits = max(16, int(np.ceil(np.log2(_DENSE_KEYS_PER_ROW * n))))
    bucket = (hashed >> np.uint64(64 - bits)).astype(np.int64)
    holder = np.empty(1 << bits, dtype=np.int64)
    holder[bucket] = np.arange(n)  # one row per bucket (the last written)
    if not np.array_equal(labels, labels[holder[bucket]]):
        return None
    used = np.flatnonzero(np.bincount(bucket, minlength=1 << bits))
    levels = labels[holder[used]]
    order = np.argsort(levels, kind="stable")
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    lookup = np.empty(1 << bits, dtype=np.int64)
    lookup[used] = rank
    return lookup[bucket], levels[order]
