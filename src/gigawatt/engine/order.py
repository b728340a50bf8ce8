"""Order statistics of rows: the values a sorted row would hold at a few positions, without sorting it.

Percentiles need only the two order statistics around each percentile's virtual index, so a
row of 100,000 samples need not be sorted (``n log n``): selecting those few positions is about
linear. :func:`order_statistics` does it with the compiled :func:`select_kernel` when kernels are
enabled (:mod:`gigawatt.engine.jit`) and with numpy's ``ndarray.partition`` otherwise (the
reference, :func:`order_statistics_numpy`). Both give at each asked position exactly the value a
full sort leaves there. A row that holds a NaN is only reported (``has_nan``): numpy's
percentiles are NaN for it whatever its order.
"""

from __future__ import annotations

import numpy as np

from gigawatt.engine import jit

SMALL = 16
"""Ranges of at most this many values are finished by insertion sort."""


def order_statistics(values: np.ndarray, kth: np.ndarray,
                     mean: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """What percentiles and the mean of each column of ``values`` (``(n, m)`` float64) need, in its unit.

    Returns the values each column would hold at positions ``kth`` (ascending, distinct, in ``[0, n)``) once
    sorted, ``(m, len(kth))``; ``has_nan`` ``(m,)``, whether a column holds a NaN (its order statistics are then
    unspecified: its percentiles are NaN); and ``values.mean(axis=0)``, the same numbers (``None`` unless
    ``mean``). ``values`` is left unchanged.
    """
    if values.ndim != 2 or values.dtype != np.float64:
        raise ValueError("order_statistics takes an (n, m) float64 array")
    kth = np.ascontiguousarray(kth, dtype=np.int64)
    n, m = values.shape
    if kth.ndim != 1 or (kth.size and (kth[0] < 0 or kth[-1] >= n or np.any(np.diff(kth) <= 0))):
        raise ValueError(f"kth must be ascending and distinct positions in [0, {n})")
    if not (jit.enabled() and values.size):
        return order_statistics_numpy(values, kth, mean)
    out = np.zeros((m, kth.size))
    has_nan = np.zeros(m, dtype=np.bool_)
    sums = np.zeros(m)
    select_kernel(np.ascontiguousarray(values), kth, out, has_nan, sums)
    if not mean:
        return out, has_nan, None
    # numpy adds the columns of a C-ordered array in row order when there are several (the kernel's order), else
    # each column pairwise (one column, or columns in contiguous memory)
    with np.errstate(invalid="ignore", over="ignore"):
        means = sums / n if m >= 2 and values.flags.c_contiguous else values.mean(axis=0)
    return out, has_nan, means


def order_statistics_numpy(values: np.ndarray, kth: np.ndarray,
                           mean: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The reference of :func:`order_statistics`: a contiguous ``(m, n)`` copy partitioned at ``kth``
    (``ndarray.partition``, as ``np.percentile`` does), and numpy's mean."""
    n, m = values.shape
    means = None
    if mean:
        with np.errstate(invalid="ignore", over="ignore"):
            means = values.mean(axis=0) if n else np.full(m, np.nan)
    if n == 0:
        return np.zeros((m, kth.size)), np.zeros(m, dtype=np.bool_), means
    has_nan = np.isnan(values.max(axis=0))
    rows = np.array(values.T, order="C")  # np.partition would copy the transposed view in its strided order
    if kth.size:
        rows.partition(kth, axis=-1)
    return np.array(rows[:, kth]), has_nan, means


BUCKET_BITS = 12
"""A counting pass sorts a range's values into 2**12 buckets of equal width in key (L1-cache-sized counts)."""
SHORT = 2048
"""Ranges of at most this many values are finished by introselect instead of another counting pass."""
SMALL = 16
"""Ranges of at most this many values are finished by insertion sort."""


@jit.kernel
def select_kernel(values: np.ndarray, kth: np.ndarray, out: np.ndarray, has_nan: np.ndarray,
                  sums: np.ndarray) -> None:
    """``out[c, j]`` = the value of the sorted column ``values[:, c]`` at position ``kth[j]`` (ascending, distinct);
    ``values`` ``(n, m)`` in C order, any unit, left unchanged; ``has_nan[c]`` set (``out[c]`` left) for a column
    with a NaN; ``sums[c]`` the column's sum, added in row order (as numpy's ``values.mean(axis=0)`` adds a
    C-ordered array of more than one column: the same numbers), in the unit of ``values``.

    A radix selection on order keys: a float's bits with the sign bit flipped, or every bit of a negative float
    flipped, are unsigned integers in the order of the values (-0.0 just below 0.0). The first three passes read
    ``values`` in its own order, every column at once: the sums, NaNs and each column's smallest and largest key;
    counts of each column's values in 4,096 buckets of equal width between those keys; the values of the buckets
    that hold a wanted position, gathered into a buffer per column, each bucket a range. A range then goes on
    alone: one key, it is done; short, introselect finishes it (a three-way quickselect around a median of
    three, insertion sort for short spans, a full sort of a span split too many times); else it is counted and
    gathered again into the other buffer. Each pass narrows a range's keys 4,096 times, so a value is counted at
    most six times. Values are only compared and moved, never computed, so the results are the sorted column's
    values, bit for bit (of -0.0 and 0.0, which compare equal, either may be the one at a position, as with any
    sort).
    """
    n, m = values.shape
    kcount = kth.shape[0]
    buckets = 1 << BUCKET_BITS
    flip_all = np.uint64(0xFFFFFFFFFFFFFFFF)
    high = np.uint64(0x8000000000000000)
    sign_shift = np.uint64(63)
    kmin = np.full(m, flip_all, dtype=np.uint64)
    kmax = np.zeros(m, dtype=np.uint64)
    for c in range(m):
        sums[c] = 0.0
    bits = values.reshape(n * m).view(np.uint64)
    for i in range(n):  # pass 1: sums, NaNs, smallest and largest keys
        for c in range(m):
            x = values[i, c]
            sums[c] += x
            if x != x:
                has_nan[c] = True
            v = bits[i * m + c]
            key = v ^ (((v >> sign_shift) * flip_all) | high)
            if key < kmin[c]:
                kmin[c] = key
            if key > kmax[c]:
                kmax[c] = key
    if n == 0 or kcount == 0:
        return
    rank = np.empty((m, kcount), dtype=np.int64)  # each wanted position's rank within its current range
    shift = np.zeros(m, dtype=np.uint64)
    used = np.zeros(m, dtype=np.int64)
    active = np.zeros(m, dtype=np.bool_)
    for c in range(m):
        for j in range(kcount):
            rank[c, j] = kth[j]
        if has_nan[c]:
            continue
        if kmin[c] == kmax[c]:  # one value
            for j in range(kcount):
                out[c, j] = values[0, c]
            continue
        active[c] = True
        span = kmax[c] - kmin[c]
        s = np.uint64(0)
        while (span >> s) >= np.uint64(buckets):
            s += np.uint64(1)
        shift[c] = s
        used[c] = int(span >> s) + 1
    counts = np.empty((m, buckets), dtype=np.int64)
    for c in range(m):
        if active[c]:
            counts[c, :used[c]] = 0
    for c in range(m):  # pass 2: counts per bucket, a column at a time (its state stays in registers)
        if active[c]:
            tally = counts[c]
            low = kmin[c]
            sh = shift[c]
            for i in range(n):
                v = bits[i * m + c]
                tally[int(((v ^ (((v >> sign_shift) * flip_all) | high)) - low) >> sh)] += 1
    # the buckets that hold wanted positions, in order: each becomes a range of the column's buffer (a slot)
    slot_of = np.empty((m, buckets), dtype=np.int64)
    for c in range(m):
        if active[c]:
            slot_of[c, :used[c]] = -1
    slot_fill = np.zeros((m, kcount), dtype=np.int64)
    gathered = np.zeros(m, dtype=np.int64)
    # ranges to do, per column: (buffer: 0 the column's, 1 the other; start; end; their wanted positions j0, j1)
    todo = np.empty((m, kcount + 1, 5), dtype=np.int64)
    pending = np.zeros(m, dtype=np.int64)
    as_bits = np.empty(1, dtype=np.uint64)
    as_float = as_bits.view(np.float64)
    for c in range(m):
        if not active[c]:
            continue
        below = 0
        j = 0
        slots = 0
        place = 0
        for bucket in range(used[c]):
            count = counts[c, bucket]
            if count and rank[c, j] < below + count:
                first = j
                while j < kcount and rank[c, j] < below + count:
                    rank[c, j] -= below
                    j += 1
                if shift[c] == np.uint64(0):  # a bucket of one key: the value is that key's
                    key = kmin[c] + np.uint64(bucket)
                    as_bits[0] = key ^ high if key >= high else key ^ flip_all
                    for k in range(first, j):
                        out[c, k] = as_float[0]
                else:
                    slot_of[c, bucket] = slots
                    slot_fill[c, slots] = place
                    p = pending[c]
                    todo[c, p, 0] = 0
                    todo[c, p, 1] = place
                    todo[c, p, 2] = place + count
                    todo[c, p, 3] = first
                    todo[c, p, 4] = j
                    pending[c] = p + 1
                    slots += 1
                    place += count
                if j == kcount:
                    break
            below += count
        gathered[c] = place
    most = 0
    for c in range(m):
        most = max(most, gathered[c])
    buffers = np.empty((m, most), dtype=np.float64)
    if most > 0:
        for c in range(m):  # pass 3: the values of the wanted buckets
            if active[c] and shift[c] != np.uint64(0):
                slots_c = slot_of[c]
                fill = slot_fill[c]
                into = buffers[c]
                low = kmin[c]
                sh = shift[c]
                for i in range(n):
                    v = bits[i * m + c]
                    slot = slots_c[int(((v ^ (((v >> sign_shift) * flip_all) | high)) - low) >> sh)]
                    if slot >= 0:
                        into[fill[slot]] = values[i, c]
                        fill[slot] += 1
    other = np.empty(most, dtype=np.float64)
    local_slot = np.full(buckets, -1, dtype=np.int64)
    local_fill = np.empty(kcount, dtype=np.int64)
    stack = np.empty((kcount * 8 + 8, 5), dtype=np.int64)
    spans = np.empty((kcount + 1, 5), dtype=np.int64)
    for c in range(m):
        top = 0
        for p in range(pending[c]):
            for f in range(5):
                stack[top, f] = todo[c, p, f]
            top += 1
        column = buffers[c]
        while top > 0:
            top -= 1
            source = stack[top, 0]
            start = stack[top, 1]
            end = stack[top, 2]
            jlo = stack[top, 3]
            jhi = stack[top, 4]
            a = column if source == 0 else other
            b = other if source == 0 else column
            size = end - start
            if size > SHORT:  # count and gather again, in the other buffer
                abits = a.view(np.uint64)
                lo_key = flip_all
                hi_key = np.uint64(0)
                for i in range(start, end):
                    v = abits[i]
                    key = v ^ (((v >> sign_shift) * flip_all) | high)
                    if key < lo_key:
                        lo_key = key
                    if key > hi_key:
                        hi_key = key
                if lo_key == hi_key:
                    for j in range(jlo, jhi):
                        out[c, j] = a[start]
                    continue
                span = hi_key - lo_key
                s = np.uint64(0)
                while (span >> s) >= np.uint64(buckets):
                    s += np.uint64(1)
                width = int(span >> s) + 1
                tally = counts[c]
                tally[:width] = 0
                for i in range(start, end):
                    v = abits[i]
                    tally[int(((v ^ (((v >> sign_shift) * flip_all) | high)) - lo_key) >> s)] += 1
                below = 0
                j = jlo
                slots = 0
                place = start
                for bucket in range(width):
                    count = tally[bucket]
                    if count and rank[c, j] < below + count:
                        first = j
                        while j < jhi and rank[c, j] < below + count:
                            rank[c, j] -= below
                            j += 1
                        if s == np.uint64(0):
                            key = lo_key + np.uint64(bucket)
                            as_bits[0] = key ^ high if key >= high else key ^ flip_all
                            for k in range(first, j):
                                out[c, k] = as_float[0]
                        else:
                            local_slot[bucket] = slots
                            local_fill[slots] = place
                            stack[top, 0] = 1 - source
                            stack[top, 1] = place
                            stack[top, 2] = place + count
                            stack[top, 3] = first
                            stack[top, 4] = j
                            top += 1
                            slots += 1
                            place += count
                        if j == jhi:
                            break
                    below += count
                if s != np.uint64(0):
                    for i in range(start, end):
                        v = abits[i]
                        slot = local_slot[int(((v ^ (((v >> sign_shift) * flip_all) | high)) - lo_key) >> s)]
                        if slot >= 0:
                            b[local_fill[slot]] = a[i]
                            local_fill[slot] += 1
                    for bucket in range(width):
                        local_slot[bucket] = -1
                continue
            # a short range: introselect on a[start:end] for the ranks rank[c, jlo:jhi]
            spans[0, 0] = start
            spans[0, 1] = end - 1
            spans[0, 2] = jlo
            spans[0, 3] = jhi
            spans[0, 4] = 0
            depth_limit = 8
            length = size
            while length > 1:
                length //= 2
                depth_limit += 2
            depth_top = 1
            while depth_top > 0:
                depth_top -= 1
                lo = spans[depth_top, 0]
                hi = spans[depth_top, 1]
                klo = spans[depth_top, 2]
                khi = spans[depth_top, 3]
                depth = spans[depth_top, 4]
                while True:
                    if hi - lo < SMALL:
                        for i in range(lo + 1, hi + 1):  # insertion sort of a[lo..hi]
                            w = a[i]
                            k = i - 1
                            while k >= lo and a[k] > w:
                                a[k + 1] = a[k]
                                k -= 1
                            a[k + 1] = w
                        break
                    if depth >= depth_limit:
                        a[lo:hi + 1].sort()
                        break
                    depth += 1
                    x, y, z = a[lo], a[lo + (hi - lo) // 2], a[hi]  # the median of three as pivot
                    if x < y:  # noqa: SIM108  (nested conditional expressions read worse)
                        pivot = y if y < z else (z if x < z else x)
                    else:
                        pivot = x if x < z else (z if y < z else y)
                    # three-way partition: a[lo:lt] < pivot, a[lt:gt + 1] == pivot, a[gt + 1:hi + 1] > pivot
                    lt = lo
                    i = lo
                    gt = hi
                    while i <= gt:
                        w = a[i]
                        if w < pivot:
                            a[i] = a[lt]
                            a[lt] = w
                            lt += 1
                            i += 1
                        elif w > pivot:
                            a[i] = a[gt]
                            a[gt] = w
                            gt -= 1
                        else:
                            i += 1
                    # wanted ranks left of lt; in [lt, gt] (done: they hold the pivot); right of gt
                    left_end = klo
                    while left_end < khi and start + rank[c, left_end] < lt:
                        left_end += 1
                    right_start = left_end
                    while right_start < khi and start + rank[c, right_start] <= gt:
                        right_start += 1
                    if left_end > klo and right_start < khi:
                        spans[depth_top, 0] = gt + 1
                        spans[depth_top, 1] = hi
                        spans[depth_top, 2] = right_start
                        spans[depth_top, 3] = khi
                        spans[depth_top, 4] = depth
                        depth_top += 1
                        hi = lt - 1
                        khi = left_end
                    elif left_end > klo:
                        hi = lt - 1
                        khi = left_end
                    elif right_start < khi:
                        lo = gt + 1
                        klo = right_start
                    else:
                        break
            for j in range(jlo, jhi):
                out[c, j] = a[start + rank[c, j]]
