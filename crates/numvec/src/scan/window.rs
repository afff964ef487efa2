//! Kernels of the sliding-window sums. A lane is cut into blocks of `w`
//! elements, counted from its start. The window starting at offset `j` of
//! block `k` is the suffix sum of block `k` from `j` plus the prefix sum of
//! block `k + 1` up to the window's end, so no running sum spans more than `w`
//! elements: O(1) work per window whatever `w`, and no drift along the lane
//! (the cumulative-sum difference loses the low digits of large values).
//! Every partial sum starts from zero, as NumPy's `sum` does.
//!
//! Long lanes are split, for parallel work, at multiples of `w`, which keeps
//! the blocks, and so the results, the same.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis, s};
use rayon::prelude::*;

use crate::element::Element;

/// Windows per unit of parallel work (rounded to a multiple of `w`).
const WINDOW_CHUNK: usize = 1 << 14;

/// Sliding sums of `w` elements: `conv` maps an input element into the sum's
/// type, `finish` maps each window's sum to the result (identity or the mean).
#[derive(Clone, Copy)]
pub(crate) struct Window<Cv, Fin> {
    pub w: usize,
    pub conv: Cv,
    pub finish: Fin,
}

impl<Cv, Fin> Window<Cv, Fin> {
    /// Windows per parallel task over lanes of `width` columns: a multiple of `w`.
    fn chunk_len(&self, width: usize) -> usize {
        self.w * (WINDOW_CHUNK / (self.w * width.max(1))).max(1)
    }

    /// The windows of one block (`out.len() <= w` windows starting at
    /// `x[0]`; `x` holds at least `out.len() + w - 1` elements).
    fn block_windows<A: Copy, U: Element>(&self, x: &[A], out: &mut [U])
    where
        Cv: Fn(A) -> U,
        Fin: Fn(U) -> U,
    {
        let (w, len) = (self.w, out.len());
        if len == 0 {
            return;
        }
        let block = &x[..w];
        let mut suffix = U::ZERO;
        for &v in block[len..].iter().rev() {
            suffix = suffix.add((self.conv)(v));
        }
        for (o, &v) in out.iter_mut().zip(&block[..len]).rev() {
            suffix = suffix.add((self.conv)(v));
            *o = suffix;
        }
        let mut prefix = U::ZERO;
        for (o, &v) in out[1..].iter_mut().zip(&x[w..w + len - 1]) {
            prefix = prefix.add((self.conv)(v));
            *o = o.add(prefix);
        }
        out.iter_mut().for_each(|o| *o = (self.finish)(*o));
    }

    /// The windows of two whole blocks (`out.len() == 2 * w`; `x` holds at
    /// least `3 * w - 1` elements). The suffix sums of both blocks and the
    /// prefix sums of the blocks after them are computed in one loop, so that
    /// their four dependency chains overlap; `prefixes` is scratch space of
    /// `2 * w` elements. The sums are exactly those of [`Self::block_windows`].
    fn pair_windows<A: Copy, U: Element>(&self, x: &[A], out: &mut [U], prefixes: &mut [U])
    where
        Cv: Fn(A) -> U,
        Fin: Fn(U) -> U,
    {
        let w = self.w;
        let c = &self.conv;
        let (o0, o1) = out.split_at_mut(w);
        let (p0, p1) = prefixes.split_at_mut(w);
        let (b0, b1, b2) = (&x[..w], &x[w..2 * w], &x[2 * w..3 * w - 1]);
        let (mut s0, mut s1, mut q0, mut q1) = (U::ZERO, U::ZERO, U::ZERO, U::ZERO);
        let chains = (b0[1..].iter().rev().zip(o0[1..].iter_mut().rev()))
            .zip(b1[1..].iter().rev().zip(o1[1..].iter_mut().rev()))
            .zip(b1[..w - 1].iter().zip(p0[1..].iter_mut()))
            .zip(b2.iter().zip(p1[1..].iter_mut()));
        for ((((&x0, o0), (&x1, o1)), (&y0, r0)), (&y1, r1)) in chains {
            s0 = s0.add(c(x0));
            s1 = s1.add(c(x1));
            q0 = q0.add(c(y0));
            q1 = q1.add(c(y1));
            (*o0, *o1, *r0, *r1) = (s0, s1, q0, q1);
        }
        o0[0] = s0.add(c(b0[0]));
        o1[0] = s1.add(c(b1[0]));
        for (out, prefixes) in [(o0, p0), (o1, p1)] {
            out[0] = (self.finish)(out[0]);
            for (o, &p) in out[1..].iter_mut().zip(&prefixes[1..]) {
                *o = (self.finish)(o.add(p));
            }
        }
    }

    /// The windows of one contiguous lane whose blocks start at `x[0]`:
    /// `out[i]` is the window `x[i..i + w]`; `x` holds at least
    /// `out.len() + w - 1` elements.
    fn lane_windows<A: Copy, U: Element>(&self, x: &[A], out: &mut [U])
    where
        Cv: Fn(A) -> U,
        Fin: Fn(U) -> U,
    {
        let w = self.w;
        let pair = 2 * w;
        let mut prefixes = Vec::new();
        for (i, out) in out.chunks_mut(pair).enumerate() {
            let x = &x[i * pair..];
            if out.len() == pair {
                prefixes.resize(pair, U::ZERO);
                self.pair_windows(x, out, &mut prefixes);
            } else {
                for (k, out) in out.chunks_mut(w).enumerate() {
                    self.block_windows(&x[k * w..], out);
                }
            }
        }
    }

    /// The windows of one contiguous lane, `out.len() == x.len() - w + 1`.
    pub(crate) fn lane<A: Copy + Sync, U: Element>(&self, x: &[A], out: &mut [U], parallel: bool)
    where
        Cv: Fn(A) -> U + Sync,
        Fin: Fn(U) -> U + Sync,
    {
        let chunk = self.chunk_len(1);
        if parallel && out.len() > chunk {
            out.par_chunks_mut(chunk).enumerate().for_each(|(i, out)| {
                let start = i * chunk;
                self.lane_windows(&x[start..start + out.len() + self.w - 1], out);
            });
        } else {
            self.lane_windows(x, out);
        }
    }

    /// `acc[j] += conv(row[j])` for every lane `j` of a row.
    #[inline]
    fn add_row<A: Copy, U: Element>(&self, acc: &mut [U], row: ArrayView1<'_, A>)
    where
        Cv: Fn(A) -> U,
    {
        match row.as_slice() {
            Some(row) => acc.iter_mut().zip(row).for_each(|(a, &v)| *a = a.add((self.conv)(v))),
            None => acc.iter_mut().zip(row).for_each(|(a, &v)| *a = a.add((self.conv)(v))),
        }
    }

    /// `acc[j] += conv(row[j])`, then `out[j] = emit(out[j], acc[j])`, for
    /// every lane `j` of a row (one fused pass).
    #[inline]
    fn add_emit_row<A: Copy, U: Element>(
        &self,
        acc: &mut [U],
        row: ArrayView1<'_, A>,
        out: &mut ArrayViewMut1<'_, U>,
        emit: impl Fn(U, U) -> U,
    ) where
        Cv: Fn(A) -> U,
    {
        let step = |(a, &v): (&mut U, &A), o: &mut U| {
            *a = a.add((self.conv)(v));
            *o = emit(*o, *a);
        };
        match (row.as_slice(), out.as_slice_mut()) {
            (Some(row), Some(out)) => acc.iter_mut().zip(row).zip(out).for_each(|(p, o)| step(p, o)),
            _ => acc.iter_mut().zip(row).zip(out.iter_mut()).for_each(|(p, o)| step(p, o)),
        }
    }

    /// The windows of every lane (column) of a slab whose blocks start at row 0.
    fn slab_windows<A: Copy, U: Element>(&self, x: ArrayView2<'_, A>, mut out: ArrayViewMut2<'_, U>)
    where
        Cv: Fn(A) -> U,
        Fin: Fn(U) -> U,
    {
        let w = self.w;
        let mut acc = vec![U::ZERO; x.ncols()];
        for (k, mut out) in out.axis_chunks_iter_mut(Axis(0), w).enumerate() {
            let base = k * w;
            let len = out.nrows();
            let block = x.slice(s![base..base + w, ..]);
            acc.fill(U::ZERO);
            for row in block.slice(s![len.., ..]).outer_iter().rev() {
                self.add_row(&mut acc, row);
            }
            for (row, mut o) in block.slice(s![..len, ..]).outer_iter().zip(out.outer_iter_mut()).rev() {
                self.add_emit_row(&mut acc, row, &mut o, |_, sum| sum);
            }
            acc.fill(U::ZERO);
            let next = x.slice(s![base + w..base + w + len - 1, ..]);
            for (row, mut o) in next.outer_iter().zip(out.outer_iter_mut().skip(1)) {
                self.add_emit_row(&mut acc, row, &mut o, |suffix, prefix| suffix.add(prefix));
            }
            out.map_inplace(|o| *o = (self.finish)(*o));
        }
    }

    /// The windows of every lane (column) of an `(n, c)` slab into the
    /// `(n - w + 1, c)` slab `out`.
    pub(crate) fn slab<A: Copy + Sync, U: Element>(
        &self,
        x: ArrayView2<'_, A>,
        mut out: ArrayViewMut2<'_, U>,
        parallel: bool,
    ) where
        Cv: Fn(A) -> U + Sync,
        Fin: Fn(U) -> U + Sync,
    {
        let chunk = self.chunk_len(x.ncols());
        if parallel && out.nrows() > chunk {
            out.axis_chunks_iter_mut(Axis(0), chunk).into_par_iter().enumerate().for_each(|(i, out)| {
                let start = i * chunk;
                self.slab_windows(x.slice(s![start..start + out.nrows() + self.w - 1, ..]), out);
            });
        } else {
            self.slab_windows(x, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn lane_windows_match_direct_sums() {
        let x: Vec<i64> = (0..50).map(|i| (i * 37 % 11) - 5).collect();
        for w in [1, 2, 3, 7, 10, 50] {
            let window = Window { w, conv: |v: i64| v, finish: |s: i64| s };
            let m = x.len() - w + 1;
            let mut out = vec![0; m];
            window.lane(&x, &mut out, false);
            let direct: Vec<i64> = x.windows(w).map(|win| win.iter().sum()).collect();
            assert_eq!(out, direct, "w={w}");
            let x2 = Array2::from_shape_fn((x.len(), 3), |(i, j)| x[i] * (j as i64 + 1));
            let mut out2 = Array2::zeros((m, 3));
            window.slab(x2.view(), out2.view_mut(), false);
            assert_eq!(out2.column(2).to_vec(), direct.iter().map(|s| s * 3).collect::<Vec<_>>());
        }
    }
}
