//! `top_k`: the `k` largest (or smallest) elements of every lane and their
//! indices, in one pass over the lane with `O(k)` extra memory.
//!
//! Each lane keeps its best `k` candidates (see [`Best`]) and the value of
//! the worst of them as a threshold. Elements are
//! tested against the threshold a block at a time (a comparison that
//! vectorizes); only a block holding a possible winner is looked at element
//! by element. Lanes that run down the columns of a slab (an axis other than
//! the last) are processed a block of columns at a time, row by row, so
//! memory is read contiguously.

use std::cmp::Ordering;
use std::mem::MaybeUninit;
use std::str::FromStr;

use ndarray::{ArrayD, ArrayView2, ArrayViewMut2, AsArray, Dimension};

use super::key::{RadixKey, Sortable};
use super::{LaneOp, along, map_lanes};
use crate::error::{Error, Result};

/// Elements tested against the threshold together.
const BLOCK: usize = 16;

/// Which end of the order [`top_k`] selects: NumPy's `mode` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopKMode {
    /// The `k` largest elements, largest first (`mode="largest"`).
    #[default]
    Largest,
    /// The `k` smallest elements, smallest first (`mode="smallest"`).
    Smallest,
}

impl FromStr for TopKMode {
    type Err = Error;

    /// Parses NumPy's `"largest"` or `"smallest"`.
    fn from_str(mode: &str) -> Result<Self> {
        match mode {
            "largest" => Ok(TopKMode::Largest),
            "smallest" => Ok(TopKMode::Smallest),
            other => Err(Error::InvalidArgument(format!("mode must be 'largest' or 'smallest', got '{other}'"))),
        }
    }
}

/// NumPy's `numpy.top_k(a, k, axis=axis, mode=mode, sorted=sorted)`: the `k`
/// largest (or, with [`TopKMode::Smallest`], smallest) elements along
/// `axis` and their indices, as `(values, indices)`, both shaped like `a`
/// with `axis` resized to `k`. `axis = None` works on the array flattened
/// in C order.
///
/// NaN counts as worse than every number in both modes: it appears only when
/// a lane has fewer than `k` numbers, and then at the end. `-0.0` and `0.0`
/// are equal. **Ties go to the lowest index**: of equal elements the ones
/// earlier in the lane are selected first and, when `sorted`, listed first.
/// With `sorted`, values run from the best (largest, or smallest) down;
/// otherwise their order is unspecified. Equals the first `k` entries of a
/// stable `argsort` (of the negated values for `Largest`, NaN still last).
///
/// One pass over each lane with `O(k)` extra memory (no lane-sized index
/// array), lanes in parallel on rayon's pool for large arrays.
///
/// # Errors
/// [`Error::AxisOutOfBounds`](crate::Error::AxisOutOfBounds) for a bad
/// `axis`; [`Error::InvalidArgument`] when `k` exceeds the length of the axis.
///
/// # Example
/// ```
/// use ndarray::array;
/// use numvec::sort::TopKMode;
/// let scores = array![[0.1, 0.9, 0.4, 0.9], [f64::NAN, 2.0, -1.0, 3.0]];
/// let (values, indices) = numvec::top_k(&scores, 2, Some(-1), TopKMode::Largest, true)?;
/// assert_eq!(values, array![[0.9, 0.9], [3.0, 2.0]].into_dyn());
/// assert_eq!(indices, array![[1_i64, 3], [3, 1]].into_dyn());
/// let (low, at) = numvec::top_k(&scores, 1, Some(0), TopKMode::Smallest, true)?;
/// assert_eq!((low[[0, 1]], at[[0, 1]]), (0.9, 0));
/// assert_eq!(at[[0, 0]], 0); // 0.1 beats NaN
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn top_k<'a, A: Sortable, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    k: usize,
    axis: Option<isize>,
    mode: TopKMode,
    sorted: bool,
) -> Result<(ArrayD<A>, ArrayD<i64>)> {
    let a = a.into().into_dyn();
    let (x, ax) = along(&a, axis)?;
    let n = x.shape()[ax];
    if k > n {
        return Err(Error::InvalidArgument(format!("k(={k}) must not exceed the length of the axis ({n})")));
    }
    let pairs = map_lanes(x.view(), ax, k, &TopK { k, mode, sorted })?;
    Ok((pairs.mapv(|(value, _)| value), pairs.mapv(|(_, index)| index)))
}

/// A candidate of a lane: better when its priority is higher, or equal
/// with a lower index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate<K> {
    priority: K,
    pub(super) index: usize,
}

impl<K: Ord> Ord for Candidate<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority.cmp(&other.priority).then(other.index.cmp(&self.index))
    }
}

impl<K: Ord> PartialOrd for Candidate<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `k` candidates seen so far, offered in increasing index order.
/// For a small `k` (at most [`SORTED_MAX_LEN`]) a list sorted best first:
/// an accepted candidate takes the place that counting the better ones
/// gives it (no branch on each comparison); for a larger `k` a binary heap
/// with the worst at the root (`kept[i]` no better than its children
/// `kept[2i + 1]`, `kept[2i + 2]`).
pub(super) struct Best<K> {
    kept: Vec<Candidate<K>>,
    sorted: bool,
}

/// The largest `k` kept as a sorted list by [`Best`].
const SORTED_MAX_LEN: usize = 64;

impl<K: Ord + Copy> Best<K> {
    pub(super) fn with_capacity(k: usize) -> Self {
        Best { kept: Vec::with_capacity(k), sorted: k <= SORTED_MAX_LEN }
    }

    /// Adds a candidate (while fewer than `k` are kept).
    fn push(&mut self, candidate: Candidate<K>) {
        if self.sorted {
            let place = self.place(&candidate);
            self.kept.insert(place, candidate);
            return;
        }
        let mut pos = self.kept.len();
        self.kept.push(candidate);
        while pos > 0 && self.kept[(pos - 1) / 2] > candidate {
            self.kept[pos] = self.kept[(pos - 1) / 2];
            pos = (pos - 1) / 2;
        }
        self.kept[pos] = candidate;
    }

    /// Where `candidate` goes in the sorted list: after every kept candidate
    /// of at least its priority (all offered before it, so better on a tie).
    #[inline(always)]
    fn place(&self, candidate: &Candidate<K>) -> usize {
        self.kept.iter().map(|kept| usize::from(kept.priority >= candidate.priority)).sum()
    }

    /// The worst kept candidate.
    #[inline(always)]
    fn worst_candidate(&self) -> Option<&Candidate<K>> {
        if self.sorted { self.kept.last() } else { self.kept.first() }
    }

    /// The index of the worst kept candidate.
    fn worst(&self) -> Option<usize> {
        self.worst_candidate().map(|c| c.index)
    }

    /// Replaces the worst candidate by `candidate` when that is better;
    /// returns the index of the new worst then.
    #[inline(always)]
    fn offer(&mut self, candidate: Candidate<K>) -> Option<usize> {
        if candidate <= *self.worst_candidate()? {
            return None;
        }
        if self.sorted {
            self.kept.pop();
            let place = self.place(&candidate);
            self.kept.insert(place, candidate);
            return self.worst();
        }
        let len = self.kept.len();
        let mut pos = 0;
        loop {
            let left = 2 * pos + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.kept[right] < self.kept[left] { right } else { left };
            if self.kept[child] >= candidate {
                break;
            }
            self.kept[pos] = self.kept[child];
            pos = child;
        }
        self.kept[pos] = candidate;
        self.worst()
    }

    /// The kept candidates, best first when `sorted`; leaves `self` empty.
    pub(super) fn take(&mut self, sorted: bool) -> Vec<Candidate<K>> {
        let mut kept = std::mem::take(&mut self.kept);
        if sorted && !self.sorted {
            kept.sort_unstable_by(|a, b| b.cmp(a));
        }
        kept
    }
}

/// Which elements a selection prefers.
pub(super) trait Rank {
    /// Larger elements are better (otherwise smaller ones are).
    const LARGEST: bool;
    /// NaN is better than every number (otherwise worse).
    const NAN_BEST: bool;
}

/// `top_k`'s `"largest"`: larger is better, NaN is worst.
pub(super) struct Largest;
/// `top_k`'s `"smallest"`, and the head of a sort: smaller is better, NaN is worst.
pub(super) struct Smallest;
/// The tail of a sort: larger is better, NaN is best (NaN sorts last).
pub(super) struct Greatest;

impl Rank for Largest {
    const LARGEST: bool = true;
    const NAN_BEST: bool = false;
}

impl Rank for Smallest {
    const LARGEST: bool = false;
    const NAN_BEST: bool = false;
}

impl Rank for Greatest {
    const LARGEST: bool = true;
    const NAN_BEST: bool = true;
}

/// How good `v` is: its order key (reversed for the smallest, NaN's being
/// the largest), or the lowest priority for a NaN that is worst.
#[inline(always)]
fn priority<A: Sortable, R: Rank>(v: A) -> A::Key {
    match (R::LARGEST, v.is_nan() && !R::NAN_BEST) {
        (true, true) => A::Key::MIN,
        (true, false) => v.order_key(),
        (false, _) => v.order_key().reversed(),
    }
}

/// Whether `v` may beat the worst kept candidate, whose value is `threshold`:
/// never false for a winner (a NaN or a NaN threshold always says true).
#[inline(always)]
fn may_beat<A: Sortable, R: Rank>(v: A, threshold: A) -> bool {
    // Non-short-circuit `|`: a branch-free test that vectorizes.
    let unordered = v.is_nan() | threshold.is_nan();
    if R::LARGEST { (v > threshold) | unordered } else { (v < threshold) | unordered }
}

/// The elements of `block` (of at most [`BLOCK`]) that may beat
/// `threshold`, as a bit mask. Whole blocks are tested with a fixed-length
/// loop, which the compiler vectorizes.
#[inline(always)]
fn may_beat_mask<A: Sortable, R: Rank>(block: &[A], threshold: A) -> u32 {
    let bit = |i: usize, v: A| u32::from(may_beat::<A, R>(v, threshold)) << i;
    match <&[A; BLOCK]>::try_from(block) {
        Ok(block) => {
            let mut mask = 0;
            for (i, &v) in block.iter().enumerate() {
                mask |= bit(i, v);
            }
            mask
        }
        Err(_) => block.iter().enumerate().fold(0, |mask, (i, &v)| mask | bit(i, v)),
    }
}

/// Offers the element at `index` (of value `v`) to `best`; returns the index
/// of the new worst candidate when `v` got in.
#[inline(always)]
fn offer<A: Sortable, R: Rank>(best: &mut Best<A::Key>, v: A, index: usize) -> Option<usize> {
    best.offer(Candidate { priority: priority::<A, R>(v), index })
}

/// Writes the kept candidates of a lane, best first when `sorted`.
fn emit<A: Copy, K: Ord + Copy>(
    best: &mut Best<K>,
    value: impl Fn(usize) -> A,
    sorted: bool,
    out: &mut [MaybeUninit<(A, i64)>],
) {
    for (o, c) in out.iter_mut().zip(best.take(sorted)) {
        *o = MaybeUninit::new((value(c.index), c.index as i64));
    }
}

/// The `k` best of a contiguous lane, in `best`.
pub(super) fn select_lane<A: Sortable, R: Rank>(x: &[A], k: usize, best: &mut Best<A::Key>) {
    for (index, &v) in x[..k].iter().enumerate() {
        best.push(Candidate { priority: priority::<A, R>(v), index });
    }
    let Some(mut threshold) = best.worst().map(|worst| x[worst]) else { return };
    let mut start = k;
    for block in x[k..].chunks(BLOCK) {
        let mut mask = may_beat_mask::<A, R>(block, threshold);
        while mask != 0 {
            let offset = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let v = block[offset];
            if may_beat::<A, R>(v, threshold)
                && let Some(worst) = offer::<A, R>(best, v, start + offset)
            {
                threshold = x[worst];
            }
        }
        start += block.len();
    }
}

/// The `k` best of every column of `x` (an `(n, c)` slab), one [`Best`] per
/// column, reading `x` row by row.
fn select_columns<A: Sortable, R: Rank>(x: ArrayView2<'_, A>, k: usize) -> Vec<Best<A::Key>> {
    let columns = x.ncols();
    let mut best: Vec<Best<A::Key>> = (0..columns).map(|_| Best::with_capacity(k)).collect();
    if k == 0 {
        return best;
    }
    for (index, row) in x.rows().into_iter().take(k).enumerate() {
        for (b, &v) in best.iter_mut().zip(row) {
            b.push(Candidate { priority: priority::<A, R>(v), index });
        }
    }
    let worst_value = |b: &Best<A::Key>, column: usize| b.worst().map(|worst| x[[worst, column]]);
    let mut thresholds: Vec<A> = best.iter().enumerate().filter_map(|(column, b)| worst_value(b, column)).collect();
    let mut row_copy = Vec::new();
    for (index, row) in x.rows().into_iter().enumerate().skip(k) {
        let row = match row.to_slice() {
            Some(row) => row,
            None => {
                row_copy.clear();
                row_copy.extend(row.iter().copied());
                &row_copy[..]
            }
        };
        let blocks = row.chunks(BLOCK).zip(thresholds.chunks_mut(BLOCK)).zip(best.chunks_mut(BLOCK));
        for (block, ((values, thresholds), best)) in blocks.enumerate() {
            let any = values.iter().zip(thresholds.iter()).fold(false, |any, (&v, &t)| any | may_beat::<A, R>(v, t));
            if !any {
                continue;
            }
            for (offset, ((&v, t), b)) in values.iter().zip(thresholds.iter_mut()).zip(best.iter_mut()).enumerate() {
                if may_beat::<A, R>(v, *t)
                    && let Some(worst) = offer::<A, R>(b, v, index)
                {
                    *t = x[[worst, block * BLOCK + offset]];
                }
            }
        }
    }
    best
}

/// The `top_k` of every lane, as (value, index) pairs.
struct TopK {
    k: usize,
    mode: TopKMode,
    sorted: bool,
}

impl<A: Sortable> LaneOp<A, (A, i64)> for TopK {
    fn lane(&self, x: &[A], out: &mut [MaybeUninit<(A, i64)>]) {
        let mut best = Best::with_capacity(self.k);
        match self.mode {
            TopKMode::Largest => select_lane::<A, Largest>(x, self.k, &mut best),
            TopKMode::Smallest => select_lane::<A, Smallest>(x, self.k, &mut best),
        }
        emit(&mut best, |i| x[i], self.sorted, out);
    }

    fn slab(&self, x: ArrayView2<'_, A>, mut out: ArrayViewMut2<'_, MaybeUninit<(A, i64)>>) {
        let best = match self.mode {
            TopKMode::Largest => select_columns::<A, Largest>(x, self.k),
            TopKMode::Smallest => select_columns::<A, Smallest>(x, self.k),
        };
        let mut column_out = vec![MaybeUninit::uninit(); self.k];
        for (column, (mut b, mut out)) in best.into_iter().zip(out.columns_mut()).enumerate() {
            emit(&mut b, |i| x[[i, column]], self.sorted, &mut column_out);
            out.iter_mut().zip(&column_out).for_each(|(o, c)| *o = *c);
        }
    }
}
