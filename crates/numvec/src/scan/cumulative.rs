//! Kernels of the cumulative sum and product. A lane of at most
//! [`SCAN_BLOCK_LEN`] elements is accumulated strictly in order. A longer lane
//! is cut into blocks of `SCAN_BLOCK_LEN` elements (the partition is fixed,
//! whatever the number of threads): each block's total is accumulated in
//! order, block `k` starts from the running combination of the totals of
//! blocks `0..k`, and is accumulated in order from there. Lanes along the
//! last axis (slices) and lanes across rows (slabs) follow the same order of
//! operations, so a lane's result depends only on the lane.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};
use rayon::prelude::*;

use super::SCAN_BLOCK_LEN;

/// Blocks of a long lane scanned together, so that their dependency chains
/// overlap (the order of operations within each block is unchanged).
const INTERLEAVE: usize = 4;

/// A scan: `conv` maps an input element into the accumulator type, `op`
/// combines the running value with the next element.
#[derive(Clone, Copy)]
pub(crate) struct Scan<Cv, Op> {
    pub conv: Cv,
    pub op: Op,
}

/// The starting value of each block: none for the first, then the running
/// combination of the totals of the blocks before.
fn block_starts<T: Clone>(totals: Vec<T>, combine: impl Fn(&T, &T) -> T) -> Vec<Option<T>> {
    let mut starts = Vec::with_capacity(totals.len() + 1);
    starts.push(None);
    let mut running: Option<T> = None;
    for total in totals {
        let next = match &running {
            None => total,
            Some(running) => combine(running, &total),
        };
        starts.push(Some(next.clone()));
        running = Some(next);
    }
    starts
}

impl<Cv, Op> Scan<Cv, Op> {
    /// The in-order combination of a non-empty lane.
    fn fold_lane<A: Copy, C: Copy>(&self, x: &[A]) -> Option<C>
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let (&first, rest) = x.split_first()?;
        Some(rest.iter().fold((self.conv)(first), |acc, &v| (self.op)(acc, (self.conv)(v))))
    }

    /// The in-order scan of a lane, from `start` or, without one, from its
    /// first element.
    fn scan_lane<A: Copy, C: Copy>(&self, x: &[A], out: &mut [C], start: Option<C>)
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let (mut acc, x, out) = match start {
            Some(start) => (start, x, out),
            None => {
                let (Some((&first, x)), Some((o, out))) = (x.split_first(), out.split_first_mut()) else {
                    return;
                };
                *o = (self.conv)(first);
                (*o, x, out)
            }
        };
        for (o, &v) in out.iter_mut().zip(x) {
            acc = (self.op)(acc, (self.conv)(v));
            *o = acc;
        }
    }

    /// The in-order combinations of [`INTERLEAVE`] blocks of equal length,
    /// computed together so that their dependency chains overlap.
    fn fold_interleaved<A: Copy, C: Copy>(&self, blocks: [&[A]; INTERLEAVE]) -> Option<[C; INTERLEAVE]>
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let [(f0, x0), (f1, x1), (f2, x2), (f3, x3)] =
            [blocks[0].split_first()?, blocks[1].split_first()?, blocks[2].split_first()?, blocks[3].split_first()?];
        let (c, op) = (&self.conv, &self.op);
        let mut acc = [c(*f0), c(*f1), c(*f2), c(*f3)];
        for (((&v0, &v1), &v2), &v3) in x0.iter().zip(x1).zip(x2).zip(x3) {
            acc = [op(acc[0], c(v0)), op(acc[1], c(v1)), op(acc[2], c(v2)), op(acc[3], c(v3))];
        }
        Some(acc)
    }

    /// The in-order scans of [`INTERLEAVE`] blocks of equal length, each from
    /// its start, computed together so that their dependency chains overlap.
    fn scan_interleaved<A: Copy, C: Copy>(
        &self,
        x: [&[A]; INTERLEAVE],
        out: [&mut [C]; INTERLEAVE],
        starts: [Option<C>; INTERLEAVE],
    ) where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let (c, op) = (&self.conv, &self.op);
        let first = |x: &[A], out: &mut [C], start: Option<C>| {
            let v = c(x[0]);
            out[0] = match start {
                Some(start) => op(start, v),
                None => v,
            };
            out[0]
        };
        let [x0, x1, x2, x3] = x;
        let [o0, o1, o2, o3] = out;
        if [x0.len(), x1.len(), x2.len(), x3.len()].contains(&0) {
            return;
        }
        let mut acc =
            [first(x0, o0, starts[0]), first(x1, o1, starts[1]), first(x2, o2, starts[2]), first(x3, o3, starts[3])];
        let lanes = (x0[1..].iter().zip(&mut o0[1..]))
            .zip(x1[1..].iter().zip(&mut o1[1..]))
            .zip(x2[1..].iter().zip(&mut o2[1..]))
            .zip(x3[1..].iter().zip(&mut o3[1..]));
        for ((((&v0, o0), (&v1, o1)), (&v2, o2)), (&v3, o3)) in lanes {
            acc = [op(acc[0], c(v0)), op(acc[1], c(v1)), op(acc[2], c(v2)), op(acc[3], c(v3))];
            [*o0, *o1, *o2, *o3] = acc;
        }
    }

    /// The totals of a group of consecutive whole blocks.
    fn fold_group<A: Copy, C: Copy>(&self, x: &[A]) -> Vec<C>
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let blocks: Vec<&[A]> = x.chunks(SCAN_BLOCK_LEN).collect();
        match <[&[A]; INTERLEAVE]>::try_from(blocks.as_slice()) {
            Ok(group) if x.len() == INTERLEAVE * SCAN_BLOCK_LEN => {
                self.fold_interleaved(group).map(Vec::from).unwrap_or_default()
            }
            _ => blocks.into_iter().filter_map(|b| self.fold_lane(b)).collect(),
        }
    }

    /// The scans of a group of consecutive blocks from their starts.
    fn scan_group<A: Copy, C: Copy>(&self, x: &[A], out: &mut [C], starts: &[Option<C>])
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        if x.len() == INTERLEAVE * SCAN_BLOCK_LEN {
            let blocks: Vec<&[A]> = x.chunks(SCAN_BLOCK_LEN).collect();
            let outs: Vec<&mut [C]> = out.chunks_mut(SCAN_BLOCK_LEN).collect();
            let group = (<[&[A]; INTERLEAVE]>::try_from(blocks), <[&mut [C]; INTERLEAVE]>::try_from(outs));
            if let ((Ok(x), Ok(out)), Ok(starts)) = (group, <[Option<C>; INTERLEAVE]>::try_from(starts)) {
                self.scan_interleaved(x, out, starts);
            }
            return;
        }
        for ((x, out), &start) in x.chunks(SCAN_BLOCK_LEN).zip(out.chunks_mut(SCAN_BLOCK_LEN)).zip(starts) {
            self.scan_lane(x, out, start);
        }
    }

    /// Scans one contiguous lane into `out` (same length).
    pub(crate) fn lane<A: Copy + Sync, C: Copy + Send + Sync>(&self, x: &[A], out: &mut [C], parallel: bool)
    where
        Cv: Fn(A) -> C + Sync,
        Op: Fn(C, C) -> C + Sync,
    {
        if x.len() <= SCAN_BLOCK_LEN {
            return self.scan_lane(x, out, None);
        }
        // Every block but the last is whole; only their totals are needed.
        let whole = &x[..(x.len() - 1) / SCAN_BLOCK_LEN * SCAN_BLOCK_LEN];
        let group = INTERLEAVE * SCAN_BLOCK_LEN;
        let totals: Vec<C> = if parallel {
            whole.par_chunks(group).flat_map_iter(|g| self.fold_group(g)).collect()
        } else {
            whole.chunks(group).flat_map(|g| self.fold_group(g)).collect()
        };
        let starts = block_starts(totals, |a, b| (self.op)(*a, *b));
        if parallel {
            x.par_chunks(group)
                .zip(out.par_chunks_mut(group))
                .zip(starts.par_chunks(INTERLEAVE))
                .for_each(|((x, out), starts)| self.scan_group(x, out, starts));
        } else {
            x.chunks(group)
                .zip(out.chunks_mut(group))
                .zip(starts.chunks(INTERLEAVE))
                .for_each(|((x, out), starts)| self.scan_group(x, out, starts));
        }
    }

    /// `acc[j] = op(acc[j], conv(row[j]))` for every lane `j` of a row.
    #[inline]
    fn combine_row<A: Copy, C: Copy>(&self, acc: &mut [C], row: ArrayView1<'_, A>)
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        match row.as_slice() {
            Some(row) => acc.iter_mut().zip(row).for_each(|(a, &v)| *a = (self.op)(*a, (self.conv)(v))),
            None => acc.iter_mut().zip(row).for_each(|(a, &v)| *a = (self.op)(*a, (self.conv)(v))),
        }
    }

    /// The in-order combination of the rows of a slab, lane by lane.
    fn fold_rows<A: Copy, C: Copy>(&self, x: ArrayView2<'_, A>) -> Option<Vec<C>>
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        match x.as_slice() {
            // Whole contiguous rows: no view per row (it matters for narrow rows).
            Some(flat) if x.ncols() > 0 => self.fold_row_iter(flat.chunks_exact(x.ncols()).map(ArrayView1::from)),
            _ => self.fold_row_iter(x.outer_iter()),
        }
    }

    fn fold_row_iter<'r, A: Copy + 'r, C: Copy>(
        &self,
        mut rows: impl Iterator<Item = ArrayView1<'r, A>>,
    ) -> Option<Vec<C>>
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let mut acc: Vec<C> = rows.next()?.iter().map(|&v| (self.conv)(v)).collect();
        for row in rows {
            self.combine_row(&mut acc, row);
        }
        Some(acc)
    }

    /// `acc[j] = op(acc[j], conv(row[j]))`, then `out[j] = acc[j]`, for every
    /// lane `j` of a row (one fused pass).
    #[inline]
    fn combine_store_row<A: Copy, C: Copy>(&self, acc: &mut [C], row: ArrayView1<'_, A>, out: &mut ArrayViewMut1<'_, C>)
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let step = |(a, &v): (&mut C, &A), o: &mut C| {
            *a = (self.op)(*a, (self.conv)(v));
            *o = *a;
        };
        match (row.as_slice(), out.as_slice_mut()) {
            (Some(row), Some(out)) => acc.iter_mut().zip(row).zip(out).for_each(|(p, o)| step(p, o)),
            _ => acc.iter_mut().zip(row).zip(out.iter_mut()).for_each(|(p, o)| step(p, o)),
        }
    }

    /// The in-order scan of every lane (column) of a slab, from `start` or,
    /// without one, from the first row.
    fn scan_rows<A: Copy, C: Copy>(&self, x: ArrayView2<'_, A>, mut out: ArrayViewMut2<'_, C>, start: Option<&[C]>)
    where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let width = x.ncols();
        if let (Some(flat), Some(out), true) = (x.as_slice(), out.as_slice_mut(), width > 0) {
            // Whole contiguous rows: no view per row (it matters for narrow rows).
            let rows = flat.chunks_exact(width).map(ArrayView1::from);
            return self.scan_row_iter(rows.zip(out.chunks_exact_mut(width).map(ArrayViewMut1::from)), start);
        }
        self.scan_row_iter(x.outer_iter().zip(out.outer_iter_mut()), start);
    }

    fn scan_row_iter<'r, A: Copy + 'r, C: Copy + 'r>(
        &self,
        mut rows: impl Iterator<Item = (ArrayView1<'r, A>, ArrayViewMut1<'r, C>)>,
        start: Option<&[C]>,
    ) where
        Cv: Fn(A) -> C,
        Op: Fn(C, C) -> C,
    {
        let mut acc = match start {
            Some(start) => start.to_vec(),
            None => {
                let Some((first, mut o)) = rows.next() else {
                    return;
                };
                let acc: Vec<C> = first.iter().map(|&v| (self.conv)(v)).collect();
                store_row(&mut o, &acc);
                acc
            }
        };
        for (row, mut o) in rows {
            self.combine_store_row(&mut acc, row, &mut o);
        }
    }

    /// Scans every lane (column) of an `(n, c)` slab into `out` (same shape).
    pub(crate) fn slab<A: Copy + Sync, C: Copy + Send + Sync>(
        &self,
        x: ArrayView2<'_, A>,
        mut out: ArrayViewMut2<'_, C>,
        parallel: bool,
    ) where
        Cv: Fn(A) -> C + Sync,
        Op: Fn(C, C) -> C + Sync,
    {
        let n = x.nrows();
        if n <= SCAN_BLOCK_LEN {
            return self.scan_rows(x, out, None);
        }
        let blocks = n.div_ceil(SCAN_BLOCK_LEN);
        let totals: Vec<Vec<C>> = if parallel {
            x.axis_chunks_iter(Axis(0), SCAN_BLOCK_LEN)
                .into_par_iter()
                .take(blocks - 1)
                .filter_map(|b| self.fold_rows(b))
                .collect()
        } else {
            x.axis_chunks_iter(Axis(0), SCAN_BLOCK_LEN).take(blocks - 1).filter_map(|b| self.fold_rows(b)).collect()
        };
        let starts =
            block_starts(totals, |a: &Vec<C>, b: &Vec<C>| a.iter().zip(b).map(|(&a, &b)| (self.op)(a, b)).collect());
        if parallel {
            x.axis_chunks_iter(Axis(0), SCAN_BLOCK_LEN)
                .into_par_iter()
                .zip(out.axis_chunks_iter_mut(Axis(0), SCAN_BLOCK_LEN))
                .zip(starts)
                .for_each(|((x, out), start)| self.scan_rows(x, out, start.as_deref()));
        } else {
            x.axis_chunks_iter(Axis(0), SCAN_BLOCK_LEN)
                .zip(out.axis_chunks_iter_mut(Axis(0), SCAN_BLOCK_LEN))
                .zip(starts)
                .for_each(|((x, out), start)| self.scan_rows(x, out, start.as_deref()));
        }
    }
}

/// Copies `acc` into an output row.
#[inline]
pub(crate) fn store_row<C: Copy>(o: &mut ArrayViewMut1<'_, C>, acc: &[C]) {
    match o.as_slice_mut() {
        Some(o) => o.copy_from_slice(acc),
        None => o.iter_mut().zip(acc).for_each(|(o, &a)| *o = a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn sum() -> Scan<impl Fn(f64) -> f64 + Sync + Copy, impl Fn(f64, f64) -> f64 + Sync + Copy> {
        Scan { conv: |x: f64| x, op: |a: f64, b: f64| a + b }
    }

    #[test]
    fn block_starts_run_over_the_totals() {
        assert_eq!(block_starts(vec![1, 2, 3], |a, b| a + b), vec![None, Some(1), Some(3), Some(6)]);
        assert_eq!(block_starts(Vec::<i32>::new(), |a, b| a + b), vec![None]);
    }

    #[test]
    fn lane_and_slab_agree_on_long_lanes() {
        let n = 2 * SCAN_BLOCK_LEN + 17;
        let x: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64 * 0.001 + 0.1).collect();
        let mut lane = vec![0.0; n];
        sum().lane(&x, &mut lane, false);
        let mut par = vec![0.0; n];
        sum().lane(&x, &mut par, true);
        assert_eq!(lane, par);
        let x2 = Array2::from_shape_fn((n, 2), |(i, _)| x[i]);
        let mut out = Array2::zeros((n, 2));
        sum().slab(x2.view(), out.view_mut(), true);
        assert_eq!(out.column(0).to_vec(), lane);
        assert_eq!(out.column(1).to_vec(), lane);
    }
}
