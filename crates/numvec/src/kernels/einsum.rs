//! The einsum kernels that are not matrix products: diagonal views of
//! repeated labels, and the fused sum of products over any number of
//! operands.

use ndarray::{ArrayView1, ArrayViewD, ArrayViewMutD, Axis, Ix1, Ix2, IxDyn, ShapeBuilder, Zip};
use rayon::prelude::*;

use super::prefetch;
use crate::element::Element;

/// Work (output elements x summed elements x operands) above which the sum
/// of products splits its outputs across threads.
const PARALLEL_MIN_WORK: usize = 1 << 17;

/// Partial sums of a contiguous inner loop: independent accumulators let
/// the loop run on SIMD lanes.
const LANES: usize = 8;

/// A view of `view` with the axes of each group merged into one axis that
/// walks their common diagonal (`groups[d]` lists the input axes of output
/// axis `d`; every input axis is in exactly one group).
///
/// # Panics
/// When the axes of a group differ in length, a group is empty, or an axis
/// is missing or repeated (planning errors, never user errors).
pub(crate) fn diagonal_view<'a, A>(view: ArrayViewD<'a, A>, groups: &[Vec<usize>]) -> ArrayViewD<'a, A> {
    let mut covered = vec![false; view.ndim()];
    let mut shape = Vec::with_capacity(groups.len());
    let mut strides = Vec::with_capacity(groups.len());
    for group in groups {
        let len = view.len_of(Axis(group[0]));
        for &axis in group {
            assert!(view.len_of(Axis(axis)) == len && !std::mem::replace(&mut covered[axis], true));
        }
        shape.push(len);
        strides.push(group.iter().map(|&axis| view.strides()[axis]).sum::<isize>());
    }
    assert!(covered.iter().all(|&c| c), "every axis belongs to a group");
    if shape.contains(&0) {
        return ArrayViewD::from_shape(IxDyn(&shape), &[]).expect("an empty shape fits an empty slice");
    }
    // Walk every axis upwards from its lowest element, then flip the axes
    // whose stride was negative back.
    let mut start = 0isize;
    let mut flipped = Vec::new();
    for (d, stride) in strides.iter_mut().enumerate() {
        if *stride < 0 {
            start += (shape[d] as isize - 1) * *stride;
            *stride = -*stride;
            flipped.push(d);
        }
    }
    let unsigned: Vec<usize> = strides.iter().map(|&s| s as usize).collect();
    let ptr = view.as_ptr().wrapping_offset(start);
    // SAFETY: element `(i_0, .., i_{D-1})` of the new view, at
    // `start + sum_d i_d * |stride_d|`, is element `idx` of `view` where
    // `idx[axis] = i_d` (or `len_d - 1 - i_d` on a flipped axis) for every
    // axis of group `d`: each `i_d < len_d`, the length of every axis of the
    // group, so `idx` is in bounds and every address is an element of `view`,
    // which is borrowed immutably for `'a`. Strides are non-negative and
    // the shape is not empty, as `from_shape_ptr` requires.
    let mut diagonal = unsafe { ArrayViewD::from_shape_ptr(IxDyn(&shape).strides(IxDyn(&unsigned)), ptr) };
    for d in flipped {
        diagonal.invert_axis(Axis(d));
    }
    diagonal
}

/// A read-only strided operand: a pointer to element 0 and one stride per
/// dimension.
#[derive(Clone, Copy)]
struct Operand<'s, A> {
    ptr: *const A,
    strides: &'s [isize],
}

// SAFETY: an `Operand` only reads elements of an `ArrayView` borrowed for
// the whole kernel call; shared reads of `A: Sync` may happen on any thread.
unsafe impl<A: Sync> Send for Operand<'_, A> {}
// SAFETY: as above.
unsafe impl<A: Sync> Sync for Operand<'_, A> {}

/// The output: a pointer to element 0 of a mutable view and its strides.
#[derive(Clone, Copy)]
struct Output<'s, A> {
    ptr: *mut A,
    strides: &'s [isize],
}

// SAFETY: the output is a unique mutable view; each thread writes a disjoint
// range of its elements (distinct flat indices map to distinct elements of a
// mutable view), so sending the pointer to other threads is sound for
// `A: Send`.
unsafe impl<A: Send> Send for Output<'_, A> {}
// SAFETY: as above: concurrent users write disjoint elements only.
unsafe impl<A: Send> Sync for Output<'_, A> {}

/// Stores `out[r] = sum_s prod_k operands[k][r, s]`: every operand has shape
/// `out.shape() ++ summed` (stride 0 where it lacks a label). Each output
/// element is summed by one thread in a fixed order (`LANES` partial sums
/// over the innermost summed axis when contiguous), whatever the thread
/// count.
///
/// # Panics
/// When the operands' shapes differ or do not start with `out`'s shape.
pub(crate) fn sum_of_products<A: Element>(operands: &[ArrayViewD<'_, A>], mut out: ArrayViewMutD<'_, A>) {
    let nr = out.ndim();
    let full = operands[0].shape().to_vec();
    assert!(operands.iter().all(|op| op.shape() == full.as_slice()) && full[..nr] == *out.shape());
    let summed_shape = &full[nr..];
    let n_out = out.len();
    if n_out == 0 {
        return;
    }
    if let ([a, b], [_], [_]) = (operands, out.shape(), summed_shape)
        && a.strides()[1] == 1
        && b.strides()[1] == 1
    {
        return row_dots_into(a, b, out);
    }
    let strides: Vec<Vec<isize>> = operands.iter().map(|op| op.strides().to_vec()).collect();
    let ops: Vec<Operand<'_, A>> =
        operands.iter().zip(&strides).map(|(op, strides)| Operand { ptr: op.as_ptr(), strides }).collect();
    let out_strides = out.strides().to_vec();
    let output = Output { ptr: out.as_mut_ptr(), strides: &out_strides };
    let out_shape = &full[..nr];
    let n_summed: usize = summed_shape.iter().product();
    let work = n_out.saturating_mul(n_summed.max(1)).saturating_mul(ops.len());
    let run = |range: std::ops::Range<usize>| fill_range(&ops, output, out_shape, summed_shape, range);
    if work >= PARALLEL_MIN_WORK && n_out > 1 {
        let chunk = (PARALLEL_MIN_WORK / (n_summed.max(1) * ops.len())).clamp(1, n_out.div_ceil(2));
        (0..n_out.div_ceil(chunk)).into_par_iter().for_each(|c| run(c * chunk..((c + 1) * chunk).min(n_out)));
    } else {
        run(0..n_out);
    }
}

/// `out[i] = dot(a[i, :], b[i, :])` for operands whose rows are contiguous
/// (`ij,ij->i`): the fused sum of products of that case without its walk
/// over multi-indices, each row's sum the same.
fn row_dots_into<A: Element>(a: &ArrayViewD<'_, A>, b: &ArrayViewD<'_, A>, out: ArrayViewMutD<'_, A>) {
    let a = a.view().into_dimensionality::<Ix2>().expect("a 2-D operand");
    let b = b.view().into_dimensionality::<Ix2>().expect("a 2-D operand");
    let row_dot = |out: &mut A, a: ArrayView1<'_, A>, b: ArrayView1<'_, A>| {
        *out = dot(a.as_slice().expect("a contiguous row"), b.as_slice().expect("a contiguous row"));
    };
    let out = out.into_dimensionality::<Ix1>().expect("a 1-D result");
    let rows = Zip::from(out).and(a.rows()).and(b.rows());
    if a.len().saturating_mul(2) >= PARALLEL_MIN_WORK {
        rows.par_for_each(row_dot);
    } else {
        rows.for_each(row_dot);
    }
}

/// Computes the output elements at flat (C-order) indices `range`.
fn fill_range<A: Element>(
    ops: &[Operand<'_, A>],
    output: Output<'_, A>,
    out_shape: &[usize],
    summed_shape: &[usize],
    range: std::ops::Range<usize>,
) {
    let nr = out_shape.len();
    // The multi-index of `range.start` and the matching offsets.
    let mut index = vec![0usize; nr];
    let mut rest = range.start;
    for d in (0..nr).rev() {
        index[d] = rest % out_shape[d];
        rest /= out_shape[d];
    }
    let offset_of = |strides: &[isize]| index.iter().zip(strides).map(|(&i, &s)| i as isize * s).sum::<isize>();
    let mut offsets: Vec<isize> = ops.iter().map(|op| offset_of(&op.strides[..nr])).collect();
    let mut out_offset = offset_of(output.strides);
    let mut summed = SummedWalk::new(summed_shape);
    for _ in range {
        let value = summed.sum(ops, &offsets, nr);
        // SAFETY: `index` is a valid multi-index of the output view (it starts
        // from an in-range flat index and advances in C order within
        // `range`), so `out_offset` addresses one of its elements; this
        // thread is the only writer of the flat indices in `range`.
        unsafe { *output.ptr.wrapping_offset(out_offset) = value };
        // Advance the output multi-index (the last step may run past the end; it is never used).
        for d in (0..nr).rev() {
            index[d] += 1;
            out_offset += output.strides[d];
            for (off, op) in offsets.iter_mut().zip(ops) {
                *off += op.strides[d];
            }
            if index[d] < out_shape[d] {
                break;
            }
            let back = out_shape[d] as isize;
            index[d] = 0;
            out_offset -= back * output.strides[d];
            for (off, op) in offsets.iter_mut().zip(ops) {
                *off -= back * op.strides[d];
            }
        }
    }
}

/// The walk over the summed axes of one output element.
struct SummedWalk<'s> {
    shape: &'s [usize],
    /// Whether an axis has length 0 (every sum is then zero).
    empty: bool,
    index: Vec<usize>,
    offsets: Vec<isize>,
}

impl<'s> SummedWalk<'s> {
    fn new(shape: &'s [usize]) -> Self {
        SummedWalk { shape, empty: shape.contains(&0), index: vec![0; shape.len()], offsets: Vec::new() }
    }

    /// The sum over the summed axes of the product of the operands at
    /// `base` offsets (their first `nr` strides are the output axes).
    fn sum<A: Element>(&mut self, ops: &[Operand<'_, A>], base: &[isize], nr: usize) -> A {
        let Some((&inner_len, outer_shape)) = self.shape.split_last() else {
            return product_at(ops, base);
        };
        if self.empty {
            return A::ZERO;
        }
        let inner = nr + outer_shape.len();
        if outer_shape.is_empty() {
            return inner_sum(ops, base, inner, inner_len);
        }
        self.offsets.clear();
        self.offsets.extend_from_slice(base);
        self.index.iter_mut().for_each(|i| *i = 0);
        let mut total = A::ZERO;
        loop {
            total = total.add(inner_sum(ops, &self.offsets, inner, inner_len));
            // Advance the outer summed multi-index.
            let mut d = outer_shape.len();
            loop {
                if d == 0 {
                    return total;
                }
                d -= 1;
                self.index[d] += 1;
                for (off, op) in self.offsets.iter_mut().zip(ops) {
                    *off += op.strides[nr + d];
                }
                if self.index[d] < outer_shape[d] {
                    break;
                }
                let back = outer_shape[d] as isize;
                self.index[d] = 0;
                for (off, op) in self.offsets.iter_mut().zip(ops) {
                    *off -= back * op.strides[nr + d];
                }
            }
        }
    }
}

/// The product of the operands' elements at `offsets`.
#[inline]
fn product_at<A: Element>(ops: &[Operand<'_, A>], offsets: &[isize]) -> A {
    // SAFETY: the caller's offsets address an element of each operand view
    // (a valid multi-index times the view's strides).
    ops.iter().zip(offsets).fold(A::ONE, |acc, (op, &off)| acc.mul(unsafe { *op.ptr.wrapping_offset(off) }))
}

/// The sum over the innermost summed axis (dimension `axis`, `len > 0`
/// elements) of the product of the operands, starting at `offsets`.
#[inline]
fn inner_sum<A: Element>(ops: &[Operand<'_, A>], offsets: &[isize], axis: usize, len: usize) -> A {
    let contiguous = |k: usize| ops[k].strides[axis] == 1;
    let slice = |k: usize| {
        // SAFETY: called only when operand `k` has unit stride on `axis`: the
        // `len` elements from `offsets[k]` are its elements along the
        // innermost summed axis at a valid multi-index of the other axes,
        // `len` consecutive, initialized elements of a view borrowed for the call.
        unsafe { std::slice::from_raw_parts(ops[k].ptr.wrapping_offset(offsets[k]), len) }
    };
    match ops.len() {
        1 if contiguous(0) => total(slice(0)),
        2 if contiguous(0) && contiguous(1) => dot(slice(0), slice(1)),
        _ => {
            let mut offsets = offsets.to_vec();
            let mut total = A::ZERO;
            for _ in 0..len {
                total = total.add(product_at(ops, &offsets));
                for (off, op) in offsets.iter_mut().zip(ops) {
                    *off += op.strides[axis];
                }
            }
            total
        }
    }
}

/// The sum of `x[i] * y[i]` in `LANES` interleaved partial sums, then
/// across the partial sums and the tail in order.
#[inline]
pub(crate) fn dot<A: Element>(x: &[A], y: &[A]) -> A {
    let mut lanes = [A::ZERO; LANES];
    let (xs, ys) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let tail = xs.remainder().iter().zip(ys.remainder());
    for (xc, yc) in xs.zip(ys) {
        prefetch::line_ahead(xc.as_ptr());
        prefetch::line_ahead(yc.as_ptr());
        for l in 0..LANES {
            lanes[l] = lanes[l].add(xc[l].mul(yc[l]));
        }
    }
    let head = lanes.into_iter().fold(A::ZERO, |acc, v| acc.add(v));
    tail.fold(head, |acc, (&a, &b)| acc.add(a.mul(b)))
}

/// [`dot`] of each of `rows` with `x` (each the same value, bit for bit),
/// the rows read together, each prefetched a little ahead.
///
/// # Panics
/// When a row is not as long as `x`.
#[inline]
pub(crate) fn dots<A: Element, const N: usize>(rows: [&[A]; N], x: &[A]) -> [A; N] {
    assert!(rows.iter().all(|row| row.len() == x.len()), "rows as long as the vector");
    let mut lanes = [[A::ZERO; LANES]; N];
    let whole = x.len() - x.len() % LANES;
    for (k, xc) in x[..whole].chunks_exact(LANES).enumerate() {
        let base = k * LANES;
        for (row, lanes) in rows.iter().zip(&mut lanes) {
            let rc = &row[base..base + LANES];
            prefetch::near_ahead(rc.as_ptr());
            for l in 0..LANES {
                lanes[l] = lanes[l].add(rc[l].mul(xc[l]));
            }
        }
    }
    std::array::from_fn(|r| {
        let head = lanes[r].into_iter().fold(A::ZERO, |acc, v| acc.add(v));
        rows[r][whole..].iter().zip(&x[whole..]).fold(head, |acc, (&a, &b)| acc.add(a.mul(b)))
    })
}

/// The sum of `x` in `LANES` interleaved partial sums, as [`dot`].
#[inline]
fn total<A: Element>(x: &[A]) -> A {
    let mut lanes = [A::ZERO; LANES];
    let xs = x.chunks_exact(LANES);
    let tail = xs.remainder();
    for xc in xs {
        prefetch::line_ahead(xc.as_ptr());
        for l in 0..LANES {
            lanes[l] = lanes[l].add(xc[l]);
        }
    }
    let head = lanes.into_iter().fold(A::ZERO, |acc, v| acc.add(v));
    tail.iter().fold(head, |acc, &v| acc.add(v))
}

#[cfg(test)]
mod tests {
    use ndarray::{Array, Array2, Array3, s};

    use super::*;

    #[test]
    fn diagonals_of_any_strides() {
        let a = Array3::from_shape_fn((3, 2, 3), |(i, j, k)| 100 * i + 10 * j + k);
        let d = diagonal_view(a.view().into_dyn(), &[vec![0, 2], vec![1]]);
        assert_eq!(d, Array2::from_shape_fn((3, 2), |(i, j)| 101 * i + 10 * j).into_dyn());
        let rev = a.slice(s![..;-1, .., ..]);
        let d = diagonal_view(rev.into_dyn(), &[vec![1], vec![2, 0]]);
        assert_eq!(d, Array2::from_shape_fn((2, 3), |(j, i)| 100 * (2 - i) + 10 * j + i).into_dyn());
        let e = Array::<u8, _>::zeros((0, 0));
        assert_eq!(diagonal_view(e.view().into_dyn(), &[vec![0, 1]]).shape(), &[0]);
    }

    #[test]
    fn sums_of_products_over_strided_operands() {
        let a = Array2::from_shape_fn((5, 19), |(i, j)| (i * 19 + j) as i64 % 7 - 3);
        let b = Array2::from_shape_fn((19, 5), |(i, j)| (i + 2 * j) as i64 % 5 - 2);
        let mut out = Array::zeros(5);
        sum_of_products(&[a.view().into_dyn(), b.t().into_dyn()], out.view_mut().into_dyn());
        let want = Array::from_shape_fn(5, |i| (0..19).map(|j| a[[i, j]] * b[[j, i]]).sum::<i64>());
        assert_eq!(out, want);
        let mut total = ndarray::arr0(0_i64);
        let third = a.slice(s![.., ..;-1]);
        sum_of_products(&[a.view().into_dyn(), b.t().into_dyn(), third.into_dyn()], total.view_mut().into_dyn());
        let want = (0..5).flat_map(|i| (0..19).map(move |j| (i, j)));
        assert_eq!(total[()], want.map(|(i, j)| a[[i, j]] * b[[j, i]] * a[[i, 18 - j]]).sum::<i64>());
    }

    #[test]
    fn row_dots_of_contiguous_rows_in_any_row_order() {
        for rows in [3, 1 << 13] {
            let a = Array2::from_shape_fn((rows, 20), |(i, j)| ((i * 31 + j * 7) % 23) as f64 / 3.0 - 2.0);
            let b = Array2::from_shape_fn((rows, 20), |(i, j)| ((i * 5 + j * 11) % 17) as f64 / 5.0 - 1.0);
            let reversed = b.slice(s![..;-1, ..]);
            let first = a.slice(s![..1, ..]);
            let broadcast = first.broadcast((rows, 20)).expect("one row repeated");
            for (x, y) in [(a.view(), b.view()), (a.view(), reversed), (broadcast, b.view())] {
                let mut spaced = Array::from_elem(2 * rows, f64::NAN);
                sum_of_products(&[x.into_dyn(), y.into_dyn()], spaced.slice_mut(s![..;2]).into_dyn());
                for (i, &value) in spaced.iter().step_by(2).enumerate() {
                    let row = x.row(i).to_vec();
                    assert_eq!(value.to_bits(), dot(&row, &y.row(i).to_vec()).to_bits(), "row {i} of {rows}");
                }
                assert!(spaced.iter().skip(1).step_by(2).all(|v| v.is_nan()));
            }
        }
    }

    #[test]
    fn grouped_dots_equal_single_dots_bit_for_bit() {
        for len in [0, 1, 7, 8, 9, 63, 200] {
            let value = |i: usize| ((i * 7919) % 101) as f64 / 7.0 - 6.0;
            let rows: Vec<Vec<f64>> = (0..4).map(|r| (0..len).map(|i| value(i + 1000 * r)).collect()).collect();
            let x: Vec<f64> = (0..len).map(|i| value(3 * i + 5)).collect();
            let group = dots([&rows[0][..], &rows[1], &rows[2], &rows[3]], &x);
            for (row, grouped) in rows.iter().zip(group) {
                assert_eq!(grouped.to_bits(), dot(row, &x).to_bits(), "length {len}");
            }
        }
    }
}
