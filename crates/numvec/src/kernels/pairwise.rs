//! NumPy's pairwise summation.
//!
//! A run of at most [`PW_BLOCKSIZE`] elements is summed with eight partial
//! sums (element `i` goes to partial `i % 8`), combined as
//! `((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))`, then the last
//! `n % 8` elements are added in order; a run shorter than 8 is summed in
//! order from `-0.0`. A longer run is split at `n / 2` rounded down to a
//! multiple of 8 and the two halves' sums are added. This is NumPy's
//! `pairwise_sum`, so sums of contiguous lanes match NumPy bit for bit.
//!
//! [`sum_rows`] sums the columns of a tile of rows, adding whole rows into a
//! buffer of column sums (NumPy adds rows one after another here): eight rows
//! at a time summed as a tree, group sums in order within blocks of
//! [`ROW_BLOCK`] rows, block sums pairwise. Parallel runs split at the same
//! points as sequential ones, so results never depend on the number of
//! threads.

use crate::element::{Arithmetic, Element};
use crate::elementwise::PARALLEL_MIN_LEN;

use super::ROWS_TASK_LEN;
use super::prefetch;
use super::seq::{Rows, Seq};

/// NumPy's cutoff between blocked and recursive summation.
pub(crate) const PW_BLOCKSIZE: usize = 128;

/// Where a run of `n > PW_BLOCKSIZE` elements splits.
#[inline]
fn split_point(n: usize) -> usize {
    let half = n / 2;
    half - half % 8
}

/// The sum of `map(x)` over a run of at most [`PW_BLOCKSIZE`] elements.
#[inline]
fn leaf<T: Copy, S: Arithmetic>(x: &[T], map: &impl Fn(T) -> S) -> S {
    let n = x.len();
    if n < 8 {
        return x.iter().fold(S::ZERO.neg(), |acc, &v| acc.add(map(v)));
    }
    let whole = n - n % 8;
    let mut p: [S; 8] = std::array::from_fn(|k| map(x[k]));
    for chunk in x[8..whole].chunks_exact(8) {
        for k in 0..8 {
            p[k] = p[k].add(map(chunk[k]));
        }
    }
    let mut sum = p[0].add(p[1]).add(p[2].add(p[3])).add(p[4].add(p[5]).add(p[6].add(p[7])));
    for &v in &x[whole..] {
        sum = sum.add(map(v));
    }
    sum
}

/// NumPy's pairwise sum of `map(x)` over a contiguous slice; with `parallel`,
/// long runs split across rayon's pool (same split points, same result).
pub(crate) fn sum_slice<T, S, M>(x: &[T], map: &M, parallel: bool) -> S
where
    T: Copy + Sync,
    S: Arithmetic,
    M: Fn(T) -> S + Sync,
{
    let n = x.len();
    if n <= PW_BLOCKSIZE {
        prefetch::ahead(x);
        return leaf(x, map);
    }
    let (left, right) = x.split_at(split_point(n));
    if parallel && n >= PARALLEL_MIN_LEN {
        let (l, r) = rayon::join(|| sum_slice(left, map, true), || sum_slice(right, map, true));
        l.add(r)
    } else {
        sum_slice(left, map, false).add(sum_slice(right, map, false))
    }
}

/// NumPy's pairwise sum of `map(x)` over a sequence, as if it were copied
/// to a contiguous lane first.
pub(crate) fn sum_seq<T, S, M>(seq: &Seq<'_, '_, T>, map: &M, parallel: bool) -> S
where
    T: Element,
    S: Arithmetic,
    M: Fn(T) -> S + Sync,
{
    if let Some(x) = seq.as_slice() {
        return sum_slice(x, map, parallel);
    }
    seq_range(seq, 0, seq.len(), map, parallel, &mut Vec::new())
}

fn seq_range<T, S, M>(seq: &Seq<'_, '_, T>, start: usize, n: usize, map: &M, parallel: bool, buf: &mut Vec<T>) -> S
where
    T: Element,
    S: Arithmetic,
    M: Fn(T) -> S + Sync,
{
    if n <= PW_BLOCKSIZE {
        return leaf(seq.chunk(start, n, buf), map);
    }
    let half = split_point(n);
    if parallel && n >= PARALLEL_MIN_LEN {
        let (l, r) = rayon::join(
            || seq_range(seq, start, half, map, true, &mut Vec::new()),
            || seq_range(seq, start + half, n - half, map, true, &mut Vec::new()),
        );
        l.add(r)
    } else {
        let l = seq_range(seq, start, half, map, false, buf);
        l.add(seq_range(seq, start + half, n - half, map, false, buf))
    }
}

/// Rows of a tile are summed into one buffer in blocks of this many; the
/// blocks' sums are then added pairwise.
pub(crate) const ROW_BLOCK: usize = 64;

/// Where a run of `n > ROW_BLOCK` rows splits: half, rounded down to whole blocks.
#[inline]
fn row_split_point(n: usize) -> usize {
    (n / 2).max(ROW_BLOCK) / ROW_BLOCK * ROW_BLOCK
}

/// Work buffers of one thread summing a tile of rows.
struct Scratch<T, S> {
    /// One buffer of sums per level of the pairwise tree below this one.
    levels: Vec<Vec<S>>,
    /// Copies of strided rows, for a group of eight.
    rows: [Vec<T>; 8],
}

impl<T, S> Scratch<T, S> {
    fn new() -> Self {
        Scratch { levels: Vec::new(), rows: std::array::from_fn(|_| Vec::new()) }
    }
}

/// For each column `j` of the tile, the sum over the rows of
/// `map(row[j], params[j])`, written to `out[j]`. Rows are taken eight at a
/// time and summed as `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`;
/// within a block of [`ROW_BLOCK`] rows these group sums (then the rows left
/// over) are added in order, and block sums are added pairwise (halving at
/// whole blocks). Every column gets the same summation tree.
///
/// # Panics
/// When `params` or `out` is not as wide as the tile.
pub(crate) fn sum_rows<T, P, S, M>(rows: &Rows<'_, '_, T>, map: &M, params: &[P], out: &mut [S], parallel: bool)
where
    T: Element,
    P: Copy + Sync,
    S: Arithmetic,
    M: Fn(T, P) -> S + Sync,
{
    assert!(params.len() == rows.width() && out.len() == rows.width());
    let mut scratch = Scratch::new();
    rows_range(rows, 0, rows.len(), map, params, out, &mut scratch, 0, parallel);
}

#[inline]
fn set_row<T: Copy, P: Copy, S>(dst: &mut [S], row: &[T], params: &[P], map: &impl Fn(T, P) -> S) {
    for ((d, &x), &p) in dst.iter_mut().zip(row).zip(params) {
        *d = map(x, p);
    }
}

#[inline]
fn add_row<T: Copy, P: Copy, S: Arithmetic>(dst: &mut [S], row: &[T], params: &[P], map: &impl Fn(T, P) -> S) {
    for ((d, &x), &p) in dst.iter_mut().zip(row).zip(params) {
        *d = d.add(map(x, p));
    }
}

#[inline]
fn add_into<S: Arithmetic>(dst: &mut [S], src: &[S]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = d.add(s);
    }
}

/// `dst[j]` set to (or, with `ADD`, increased by) the tree sum of eight rows.
#[inline]
fn add_group<const ADD: bool, T: Copy, P: Copy, S: Arithmetic>(
    dst: &mut [S],
    rows: [&[T]; 8],
    params: &[P],
    map: &impl Fn(T, P) -> S,
) {
    let width = dst.len();
    let r: [&[T]; 8] = rows.map(|row| &row[..width]);
    let params = &params[..width];
    for (j, d) in dst.iter_mut().enumerate() {
        let p = params[j];
        let m = |k: usize| map(r[k][j], p);
        let sum = m(0).add(m(1)).add(m(2).add(m(3))).add(m(4).add(m(5)).add(m(6).add(m(7))));
        *d = if ADD { d.add(sum) } else { sum };
    }
}

/// Sums one block of `n` rows (`1 <= n <= ROW_BLOCK`) into `out`.
#[allow(clippy::too_many_arguments)]
fn rows_block<T, P, S, M>(
    rows: &Rows<'_, '_, T>,
    start: usize,
    n: usize,
    map: &M,
    params: &[P],
    out: &mut [S],
    copies: &mut [Vec<T>; 8],
) where
    T: Element,
    P: Copy + Sync,
    S: Arithmetic,
    M: Fn(T, P) -> S + Sync,
{
    let end = start + n;
    let mut r = start;
    while r + 8 <= end {
        let mut copies = copies.iter_mut();
        let group: [&[T]; 8] = std::array::from_fn(|k| rows.row(r + k, copies.next().expect("eight buffers")));
        if r == start {
            add_group::<false, _, _, _>(out, group, params, map);
        } else {
            add_group::<true, _, _, _>(out, group, params, map);
        }
        r += 8;
    }
    if r == start {
        set_row(out, rows.row(r, &mut copies[0]), params, map);
        r += 1;
    }
    for r in r..end {
        add_row(out, rows.row(r, &mut copies[0]), params, map);
    }
}

/// Sums rows `start..start + n` (`n >= 1`) into `out`; `depth` is the level
/// of this call in the pairwise tree.
#[allow(clippy::too_many_arguments)]
fn rows_range<T, P, S, M>(
    rows: &Rows<'_, '_, T>,
    start: usize,
    n: usize,
    map: &M,
    params: &[P],
    out: &mut [S],
    scratch: &mut Scratch<T, S>,
    depth: usize,
    parallel: bool,
) where
    T: Element,
    P: Copy + Sync,
    S: Arithmetic,
    M: Fn(T, P) -> S + Sync,
{
    let width = out.len();
    if n <= ROW_BLOCK {
        return rows_block(rows, start, n, map, params, out, &mut scratch.rows);
    }
    let half = row_split_point(n);
    if parallel && n * width >= 2 * ROWS_TASK_LEN {
        let mut right = vec![S::ZERO; width];
        rayon::join(
            || rows_range(rows, start, half, map, params, out, scratch, depth + 1, true),
            || rows_range(rows, start + half, n - half, map, params, &mut right, &mut Scratch::new(), 0, true),
        );
        add_into(out, &right);
        return;
    }
    rows_range(rows, start, half, map, params, out, scratch, depth + 1, false);
    if scratch.levels.len() <= depth {
        scratch.levels.resize_with(depth + 1, Vec::new);
    }
    let mut right = std::mem::take(&mut scratch.levels[depth]);
    right.resize(width, S::ZERO);
    rows_range(rows, start + half, n - half, map, params, &mut right, scratch, depth + 1, false);
    add_into(out, &right);
    scratch.levels[depth] = right;
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, s};

    use super::*;
    use crate::kernels::strided::Source;

    /// NumPy's algorithm written as plainly as possible.
    fn reference(x: &[f64]) -> f64 {
        let n = x.len();
        if n < 8 {
            let mut r = -0.0;
            for &v in x {
                r += v;
            }
            r
        } else if n <= 128 {
            let mut r = [0.0; 8];
            r.copy_from_slice(&x[..8]);
            let mut i = 8;
            while i < n - n % 8 {
                for k in 0..8 {
                    r[k] += x[i + k];
                }
                i += 8;
            }
            let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            while i < n {
                res += x[i];
                i += 1;
            }
            res
        } else {
            let mut n2 = n / 2;
            n2 -= n2 % 8;
            reference(&x[..n2]) + reference(&x[n2..])
        }
    }

    fn data(n: usize) -> Vec<f64> {
        (0..n).map(|i| ((i * 7919 % 1009) as f64 - 500.0) * 1.000_001_f64.powi(i as i32) / 3.0).collect()
    }

    #[test]
    fn slices_match_numpys_algorithm_bit_for_bit() {
        for n in [0, 1, 7, 8, 9, 15, 16, 127, 128, 129, 130, 255, 256, 1000, 4099, 70_001] {
            let x = data(n);
            let expected = reference(&x);
            for parallel in [false, true] {
                let got = sum_slice(&x, &|v| v, parallel);
                assert_eq!(got.to_bits(), expected.to_bits(), "n = {n}");
            }
        }
        assert!(sum_slice::<f64, f64, _>(&[], &|v| v, false).is_sign_negative());
    }

    #[test]
    fn strided_sequences_match_contiguous_ones() {
        let a = Array2::from_shape_vec((300, 7), data(2100)).unwrap();
        let view = a.slice(s![.., 1..6]).into_dyn();
        // Lanes along axis 0 (strided), and all of the view as one sequence of lanes.
        let src = Source::new(&view, &[vec![1], vec![0]]);
        for j in 0..5 {
            let column: Vec<f64> = a.column(j + 1).to_vec();
            let got: f64 = sum_seq(&Seq::new(&src, j, 1), &|v| v, false);
            assert_eq!(got.to_bits(), reference(&column).to_bits());
        }
        let src = Source::new(&view, &[vec![0], vec![1]]);
        let flat: Vec<f64> = view.iter().copied().collect();
        for parallel in [false, true] {
            let got: f64 = sum_seq(&Seq::new(&src, 0, 300), &|v| v, parallel);
            assert_eq!(got.to_bits(), reference(&flat).to_bits());
        }
    }

    /// Groups of eight rows as trees, in order within blocks of 64, blocks pairwise.
    fn blocked(x: &[f64]) -> f64 {
        let n = x.len();
        if n > ROW_BLOCK {
            let half = (n / 2).max(ROW_BLOCK) / ROW_BLOCK * ROW_BLOCK;
            return blocked(&x[..half]) + blocked(&x[half..]);
        }
        let tree = |g: &[f64]| ((g[0] + g[1]) + (g[2] + g[3])) + ((g[4] + g[5]) + (g[6] + g[7]));
        let groups = n / 8;
        let mut sum = if groups > 0 { tree(&x[..8]) } else { x[0] };
        for g in 1..groups {
            sum += tree(&x[8 * g..8 * g + 8]);
        }
        for &v in &x[(8 * groups).max(1)..] {
            sum += v;
        }
        sum
    }

    #[test]
    fn row_sums_are_blocked_pairwise_column_sums() {
        for n in [1, 5, 8, 9, 16, 17, 64, 65, 100, 128, 129, 300, 1000] {
            let a = Array2::from_shape_vec((n, 9), data(9 * n)).unwrap();
            let view = a.slice(s![.., 1..]).into_dyn();
            let src = Source::new(&view, &[vec![0], vec![1]]);
            let rows = Rows::new(&src, 0, n, 2, 5);
            for parallel in [false, true] {
                let mut out = [0.0; 5];
                sum_rows(&rows, &|v, p: f64| v * p, &[1.0; 5], &mut out, parallel);
                for (j, o) in out.iter().enumerate() {
                    let column = a.column(j + 3).to_vec();
                    assert_eq!(o.to_bits(), blocked(&column).to_bits(), "n = {n}, j = {j}");
                }
            }
        }
    }

    #[test]
    fn integer_sums_wrap() {
        let x = [i64::MAX, 1, 5];
        assert_eq!(sum_slice(&x, &|v| v, false), i64::MIN + 5);
        let y: Vec<i32> = (0..1000).collect();
        assert_eq!(sum_slice(&y, &|v: i32| i64::from(v), false), 499_500);
    }
}
