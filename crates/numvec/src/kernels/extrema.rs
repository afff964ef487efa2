//! Folds without identity (`minimum`, `maximum`), logical folds (`all`,
//! `any`) and the positions of extremes (`argmin`, `argmax`).
//!
//! Every fold here is associative in the strong sense that it returns the
//! same *element* whatever the grouping (the first NaN, otherwise a fixed
//! choice among equal extremes), so columns of rows can be split anywhere.
//! Sequences are folded in fixed chunks of [`FOLD_CHUNK`] elements, with
//! eight interleaved partial folds inside a run, so the result does not
//! depend on the number of threads either.

use rayon::prelude::*;

use super::ROWS_TASK_LEN;
use super::seq::{Rows, Seq};
use crate::element::Element;

/// Sequences are folded in chunks of this many elements, in parallel when long.
pub(crate) const FOLD_CHUNK: usize = 1 << 14;

/// An associative fold of mapped elements.
pub(crate) trait Fold<T>: Sync {
    /// The folded value.
    type Acc: Copy + Send + Sync;
    /// The value of one element.
    fn map(x: T) -> Self::Acc;
    /// Folds `b` (later) into `a` (earlier).
    fn op(a: Self::Acc, b: Self::Acc) -> Self::Acc;
}

/// NumPy's `minimum.reduce`: NaN propagates.
#[derive(Debug)]
pub(crate) struct MinFold;
/// NumPy's `maximum.reduce`: NaN propagates.
#[derive(Debug)]
pub(crate) struct MaxFold;
/// NumPy's `logical_and.reduce` over truth values.
#[derive(Debug)]
pub(crate) struct AllFold;
/// NumPy's `logical_or.reduce` over truth values.
#[derive(Debug)]
pub(crate) struct AnyFold;

// NumPy's `minimum`/`maximum` (as `Element::minimum`/`maximum`: a NaN in
// either argument wins, ties return `b`), written without branches so that
// the loops over them vectorize.
impl<T: Element> Fold<T> for MinFold {
    type Acc = T;
    #[inline(always)]
    fn map(x: T) -> T {
        x
    }
    #[inline(always)]
    fn op(a: T, b: T) -> T {
        if a.is_nan() | (a < b) { a } else { b }
    }
}

impl<T: Element> Fold<T> for MaxFold {
    type Acc = T;
    #[inline(always)]
    fn map(x: T) -> T {
        x
    }
    #[inline(always)]
    fn op(a: T, b: T) -> T {
        if a.is_nan() | (a > b) { a } else { b }
    }
}

impl<T: Element> Fold<T> for AllFold {
    type Acc = bool;
    #[inline(always)]
    fn map(x: T) -> bool {
        x.is_truthy()
    }
    #[inline(always)]
    fn op(a: bool, b: bool) -> bool {
        a & b
    }
}

impl<T: Element> Fold<T> for AnyFold {
    type Acc = bool;
    #[inline(always)]
    fn map(x: T) -> bool {
        x.is_truthy()
    }
    #[inline(always)]
    fn op(a: bool, b: bool) -> bool {
        a | b
    }
}

/// Folds `x` into `init` with eight interleaved partial folds.
#[inline]
fn fold_slice<T: Copy, F: Fold<T>>(x: &[T], init: F::Acc) -> F::Acc {
    let mut p = [init; 8];
    let mut chunks = x.chunks_exact(8);
    for chunk in &mut chunks {
        for k in 0..8 {
            p[k] = F::op(p[k], F::map(chunk[k]));
        }
    }
    let mut acc = F::op(F::op(F::op(p[0], p[1]), F::op(p[2], p[3])), F::op(F::op(p[4], p[5]), F::op(p[6], p[7])));
    for &v in chunks.remainder() {
        acc = F::op(acc, F::map(v));
    }
    acc
}

/// Folds the elements `start..start + n` (`n > 0`) of a sequence.
fn fold_range<T: Element, F: Fold<T>>(seq: &Seq<'_, '_, T>, start: usize, n: usize) -> F::Acc {
    let mut buf = Vec::new();
    let mut acc = None;
    seq.for_each_run(start, n, &mut buf, |_, run| {
        let init = acc.unwrap_or_else(|| F::map(run[0]));
        acc = Some(fold_slice::<T, F>(run, init));
    });
    acc.expect("a fold over at least one element")
}

/// Folds a non-empty sequence, chunk by chunk.
pub(crate) fn fold_seq<T: Element, F: Fold<T>>(seq: &Seq<'_, '_, T>, parallel: bool) -> F::Acc {
    let n = seq.len();
    let chunks = n.div_ceil(FOLD_CHUNK);
    let chunk = |c: usize| {
        let start = c * FOLD_CHUNK;
        fold_range::<T, F>(seq, start, FOLD_CHUNK.min(n - start))
    };
    if parallel && chunks > 1 {
        let parts: Vec<F::Acc> = (0..chunks).into_par_iter().map(chunk).collect();
        parts.into_iter().reduce(F::op).expect("at least one chunk")
    } else {
        (1..chunks).fold(chunk(0), |acc, c| F::op(acc, chunk(c)))
    }
}

/// Folds each column of a tile of rows (at least one row) into `out`.
pub(crate) fn fold_rows<T: Element, F: Fold<T>>(rows: &Rows<'_, '_, T>, out: &mut [F::Acc], parallel: bool) {
    assert_eq!(out.len(), rows.width());
    let mut copies: [Vec<T>; 8] = std::array::from_fn(|_| Vec::new());
    fold_rows_range::<T, F>(rows, 0, rows.len(), out, &mut copies, parallel);
}

/// Folds eight rows, as a tree, into `out` (or sets `out` without `FOLD`).
#[inline]
fn fold_group<const FOLD: bool, T: Copy, F: Fold<T>>(out: &mut [F::Acc], rows: [&[T]; 8]) {
    let width = out.len();
    let r: [&[T]; 8] = rows.map(|row| &row[..width]);
    for (j, o) in out.iter_mut().enumerate() {
        let m = |k: usize| F::map(r[k][j]);
        let group = F::op(F::op(F::op(m(0), m(1)), F::op(m(2), m(3))), F::op(F::op(m(4), m(5)), F::op(m(6), m(7))));
        *o = if FOLD { F::op(*o, group) } else { group };
    }
}

fn fold_rows_range<T: Element, F: Fold<T>>(
    rows: &Rows<'_, '_, T>,
    start: usize,
    n: usize,
    out: &mut [F::Acc],
    copies: &mut [Vec<T>; 8],
    parallel: bool,
) {
    if parallel && n >= 2 && n * out.len() >= 2 * ROWS_TASK_LEN {
        let half = n / 2;
        let mut right: Vec<F::Acc> = out.to_vec();
        rayon::join(
            || fold_rows_range::<T, F>(rows, start, half, out, copies, true),
            || {
                let mut copies = std::array::from_fn(|_| Vec::new());
                fold_rows_range::<T, F>(rows, start + half, n - half, &mut right, &mut copies, true);
            },
        );
        for (o, &r) in out.iter_mut().zip(&right) {
            *o = F::op(*o, r);
        }
        return;
    }
    // The folds are associative (the same element wins whatever the
    // grouping), so rows can be taken eight at a time.
    let end = start + n;
    let mut r = start;
    while r + 8 <= end {
        let mut copies = copies.iter_mut();
        let group: [&[T]; 8] = std::array::from_fn(|k| rows.row(r + k, copies.next().expect("eight buffers")));
        if r == start {
            fold_group::<false, T, F>(out, group);
        } else {
            fold_group::<true, T, F>(out, group);
        }
        r += 8;
    }
    if r == start {
        for (o, &x) in out.iter_mut().zip(rows.row(r, &mut copies[0])) {
            *o = F::map(x);
        }
        r += 1;
    }
    for r in r..end {
        for (o, &x) in out.iter_mut().zip(rows.row(r, &mut copies[0])) {
            *o = F::op(*o, F::map(x));
        }
    }
}

/// Which extreme `argmin`/`argmax` looks for.
pub(crate) trait Extreme<T: Element>: Sync {
    /// The fold giving the extreme value of a run (NaN propagating).
    type Fold: Fold<T, Acc = T>;
    /// Whether `a` is strictly more extreme than `b` (false if either is NaN).
    fn better(a: T, b: T) -> bool;
}

/// `argmin`.
#[derive(Debug)]
pub(crate) struct Smallest;
/// `argmax`.
#[derive(Debug)]
pub(crate) struct Largest;

impl<T: Element> Extreme<T> for Smallest {
    type Fold = MinFold;
    #[inline(always)]
    fn better(a: T, b: T) -> bool {
        a < b
    }
}

impl<T: Element> Extreme<T> for Largest {
    type Fold = MaxFold;
    #[inline(always)]
    fn better(a: T, b: T) -> bool {
        a > b
    }
}

/// The best element so far and its position.
#[derive(Debug, Clone, Copy)]
struct Best<T> {
    value: T,
    index: usize,
}

/// `a` (earlier) or `b` (later): the first NaN wins, then the strictly more
/// extreme value, then the earlier one.
#[inline]
fn pick<T: Element, E: Extreme<T>>(a: Best<T>, b: Best<T>) -> Best<T> {
    if !a.value.is_nan() && (b.value.is_nan() || E::better(b.value, a.value)) { b } else { a }
}

/// Folds the run `x`, whose first element is at position `offset`, into `best`.
fn arg_slice<T: Element, E: Extreme<T>>(x: &[T], offset: usize, best: &mut Option<Best<T>>) {
    const BLOCK: usize = 1024;
    for (b, block) in x.chunks(BLOCK).enumerate() {
        let at = offset + b * BLOCK;
        let current = match *best {
            Some(current) if current.value.is_nan() => return,
            Some(current) => current,
            None => Best { value: block[0], index: at },
        };
        let extreme = fold_slice::<T, E::Fold>(block, block[0]);
        let found = if extreme.is_nan() {
            block.iter().position(|v| v.is_nan())
        } else if E::better(extreme, current.value) {
            block.iter().position(|&v| v == extreme)
        } else {
            None
        };
        *best = Some(match found {
            Some(k) => Best { value: block[k], index: at + k },
            None => current,
        });
    }
}

fn arg_range<T: Element, E: Extreme<T>>(seq: &Seq<'_, '_, T>, start: usize, n: usize) -> Option<Best<T>> {
    let mut buf = Vec::new();
    let mut best = None;
    seq.for_each_run(start, n, &mut buf, |at, run| arg_slice::<T, E>(run, at, &mut best));
    best
}

/// The position of the first extreme (or first NaN) of a non-empty sequence.
pub(crate) fn arg_seq<T: Element, E: Extreme<T>>(seq: &Seq<'_, '_, T>, parallel: bool) -> usize {
    let n = seq.len();
    let chunks = n.div_ceil(FOLD_CHUNK);
    let best = if parallel && chunks > 1 {
        let parts: Vec<Option<Best<T>>> = (0..chunks)
            .into_par_iter()
            .map(|c| arg_range::<T, E>(seq, c * FOLD_CHUNK, FOLD_CHUNK.min(n - c * FOLD_CHUNK)))
            .collect();
        parts.into_iter().flatten().reduce(pick::<T, E>)
    } else {
        arg_range::<T, E>(seq, 0, n)
    };
    best.map_or(0, |b| b.index)
}

/// For each column of a tile of rows (at least one row), the row of its
/// first extreme (or first NaN), written to `out`.
pub(crate) fn arg_rows<T: Element, E: Extreme<T>>(rows: &Rows<'_, '_, T>, out: &mut [i64], parallel: bool) {
    assert_eq!(out.len(), rows.width());
    let mut values = vec![T::ZERO; rows.width()];
    arg_rows_range::<T, E>(rows, 0, rows.len(), &mut values, out, &mut Vec::new(), parallel);
}

fn arg_rows_range<T: Element, E: Extreme<T>>(
    rows: &Rows<'_, '_, T>,
    start: usize,
    n: usize,
    values: &mut [T],
    index: &mut [i64],
    buf: &mut Vec<T>,
    parallel: bool,
) {
    let width = values.len();
    if parallel && n >= 2 && n * width >= 2 * ROWS_TASK_LEN {
        let half = n / 2;
        let (mut right_values, mut right_index) = (vec![T::ZERO; width], vec![0; width]);
        rayon::join(
            || arg_rows_range::<T, E>(rows, start, half, values, index, buf, true),
            || {
                let mut buf = vec![T::ZERO; width];
                arg_rows_range::<T, E>(
                    rows,
                    start + half,
                    n - half,
                    &mut right_values,
                    &mut right_index,
                    &mut buf,
                    true,
                )
            },
        );
        for j in 0..width {
            let a = Best { value: values[j], index: 0 };
            let b = Best { value: right_values[j], index: 1 };
            if pick::<T, E>(a, b).index == 1 {
                values[j] = right_values[j];
                index[j] = right_index[j];
            }
        }
        return;
    }
    values.copy_from_slice(rows.row(start, buf));
    index.fill(start as i64);
    for r in start + 1..start + n {
        let r = r as i64;
        for ((v, i), &x) in values.iter_mut().zip(index.iter_mut()).zip(rows.row(r as usize, buf)) {
            let take = !v.is_nan() & (x.is_nan() | E::better(x, *v));
            *v = if take { x } else { *v };
            *i = if take { r } else { *i };
        }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, s};

    use super::*;
    use crate::kernels::strided::{Lane, Source};

    fn first_extreme(x: &[f64], smallest: bool) -> usize {
        if let Some(i) = x.iter().position(|v| v.is_nan()) {
            return i;
        }
        let mut best = 0;
        for (i, &v) in x.iter().enumerate() {
            if (smallest && v < x[best]) || (!smallest && v > x[best]) {
                best = i;
            }
        }
        best
    }

    fn data(n: usize) -> Vec<f64> {
        (0..n).map(|i| ((i * 7919) % 1013) as f64 - 506.0).collect()
    }

    #[test]
    fn folds_propagate_nan_and_find_extremes() {
        for n in [1, 7, 8, 9, 300, 40_000] {
            let mut x = data(n);
            for parallel in [false, true] {
                let seq = Seq::Lane(Lane::from_slice(&x));
                let min = fold_seq::<f64, MinFold>(&seq, parallel);
                assert_eq!(min, x.iter().copied().fold(f64::INFINITY, f64::min));
                assert_eq!(arg_seq::<f64, Smallest>(&seq, parallel), first_extreme(&x, true));
                assert_eq!(arg_seq::<f64, Largest>(&seq, parallel), first_extreme(&x, false));
                assert!(fold_seq::<f64, AnyFold>(&seq, parallel));
            }
            x[n / 2] = f64::NAN;
            x[n - 1] = f64::NAN;
            let seq = Seq::Lane(Lane::from_slice(&x));
            assert!(fold_seq::<f64, MaxFold>(&seq, true).is_nan());
            assert_eq!(arg_seq::<f64, Largest>(&seq, true), n / 2);
            assert_eq!(arg_seq::<f64, Smallest>(&seq, false), n / 2);
        }
    }

    #[test]
    fn rows_fold_each_column() {
        let mut a = Array2::from_shape_vec((1000, 40), data(40_000)).unwrap();
        a[[700, 3]] = f64::NAN;
        a[[900, 3]] = f64::NAN;
        let view = a.slice(s![.., ..;-1]).into_dyn();
        let src = Source::new(&view, &[vec![0], vec![1]]);
        let rows = Rows::new(&src, 0, 1000, 0, 40);
        for parallel in [false, true] {
            let (mut max, mut arg, mut all) = (vec![0.0; 40], vec![0; 40], vec![false; 40]);
            fold_rows::<f64, MaxFold>(&rows, &mut max, parallel);
            arg_rows::<f64, Smallest>(&rows, &mut arg, parallel);
            fold_rows::<f64, AllFold>(&rows, &mut all, parallel);
            for j in 0..40 {
                let column = a.column(39 - j).to_vec();
                let expected = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                assert!(max[j] == expected || (j == 36 && max[j].is_nan()));
                assert_eq!(arg[j] as usize, first_extreme(&column, true));
                assert_eq!(all[j], column.iter().all(|&v| v != 0.0));
            }
        }
    }
}
