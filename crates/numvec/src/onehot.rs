//! One-hot encodings of lane-wise arg-reductions: a mask with a one at the
//! position NumPy's `argmax` picks in each lane.

use std::mem::MaybeUninit;

use ndarray::{Array, ArrayD, ArrayView2, ArrayViewD, ArrayViewMut2, AsArray, Dim, Dimension, IxDyn};

use crate::axis::normalize_axis;
use crate::broadcast::into_dimensionality;
use crate::element::Element;
use crate::elementwise::PARALLEL_MIN_LEN;
use crate::error::{Error, Result};
use crate::kernels::prefetch;
use crate::lanes::{LaneShape, for_each_lane_group, for_each_slab, fortran_transposed, mirrored, standard_3d};
use crate::output::{written, zeros};

/// The one-hot encoding of NumPy's `argmax` along `axis`: an array of the
/// shape and type of `x` with one (`A::ONE`) at the first maximum of each lane
/// along `axis` and zero elsewhere. Equivalent to NumPy's
/// `r = np.zeros_like(x); np.put_along_axis(r, np.argmax(x, axis, keepdims=True), 1, axis)`.
///
/// Ties go to the first maximum; a NaN counts as the maximum, so the first
/// NaN of a lane wins, exactly as in `np.argmax`. `-0.0` and `0.0` are equal.
/// A 0-d array is treated as 1-D (its one element is the maximum). The
/// result is in C order, or in Fortran order for a Fortran-ordered input.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when `axis` is not in `-ndim..ndim`;
/// [`Error::EmptyArgReduction`] when the axis has length zero (NumPy's
/// "attempt to get argmax of an empty sequence").
///
/// # Example
/// ```
/// use ndarray::array;
/// let logits = array![[0.1, 2.0, 2.0], [f64::NAN, 1.0, f64::NAN], [-3.0, -1.0, -2.0]];
/// let onehot = numvec::argmax_onehot(&logits, 1)?;
/// assert_eq!(onehot, array![[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]);
/// assert_eq!(numvec::argmax_onehot(&array![[1, 5], [7, 2]], 0)?, array![[0, 1], [1, 0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn argmax_onehot<'a, A: Element, D: Dimension>(x: impl AsArray<'a, A, D>, axis: isize) -> Result<Array<A, D>> {
    into_dimensionality(onehot(x.into().into_dyn(), axis)?)
}

fn onehot<A: Element>(x: ArrayViewD<'_, A>, axis: isize) -> Result<ArrayD<A>> {
    if x.ndim() == 0 {
        normalize_axis(axis, 1)?;
        return Ok(ArrayD::from_elem(IxDyn(&[]), A::ONE));
    }
    let ax = normalize_axis(axis, x.ndim())?;
    let lanes = LaneShape::around(x.shape(), ax);
    if lanes.len == 0 {
        return Err(Error::EmptyArgReduction { op: "argmax" });
    }
    if let Some(t) = fortran_transposed(&x) {
        return Ok(onehot(t, mirrored(ax, x.ndim()))?.reversed_axes());
    }
    let x3 = standard_3d(&x, lanes)?;
    let parallel = lanes.size() >= PARALLEL_MIN_LEN;
    let out = match (lanes.inner, x3.as_slice()) {
        (1, Some(x)) => written(Dim(lanes.dim()), |out| write_contiguous_lanes(x, lanes.len, out, parallel))?,
        _ => {
            let mut out = zeros::<A, _>(Dim(lanes.dim()))?;
            for_each_slab(x3.view(), out.view_mut(), parallel, mark_slab_argmax);
            out
        }
    };
    out.into_shape_with_order(x.shape()).map_err(|e| Error::Shape(e.to_string()))
}

/// Writes every lane of `out` (lanes of `n` elements, as in `x`) whole: one
/// at the first maximum of the matching lane of `x`, zero elsewhere.
fn write_contiguous_lanes<A: Element>(x: &[A], n: usize, out: &mut [MaybeUninit<A>], parallel: bool) {
    for_each_lane_group(x, n, out, n, parallel, |x, out| {
        for (x, out) in x.chunks_exact(n).zip(out.chunks_exact_mut(n)) {
            let hot = argmax_lane(x);
            for (i, slot) in out.iter_mut().enumerate() {
                slot.write(if i == hot { A::ONE } else { A::ZERO });
            }
        }
    });
}

/// Lanes are reduced in this many independent strands (vectorizable).
const STRANDS: usize = 8;

/// The position of the first maximum of a lane, a NaN being the maximum
/// (0 for an empty lane, which callers exclude). Two passes: the maximum
/// (and whether there is a NaN) with branch-free strands, then the first
/// position that holds it.
#[inline]
fn argmax_lane<A: Element>(x: &[A]) -> usize {
    let Some(&first) = x.first() else {
        return 0;
    };
    let mut best = [first; STRANDS];
    let mut nan = false;
    let chunks = x.chunks_exact(STRANDS);
    let rest = chunks.remainder();
    for chunk in chunks {
        prefetch::line_ahead(chunk.as_ptr());
        for (b, &v) in best.iter_mut().zip(chunk) {
            nan |= v.is_nan();
            *b = if v > *b { v } else { *b };
        }
    }
    for &v in rest {
        nan |= v.is_nan();
        best[0] = if v > best[0] { v } else { best[0] };
    }
    if nan {
        return x.iter().position(|v| v.is_nan()).unwrap_or(0);
    }
    let max = best.iter().fold(first, |m, &b| if b > m { b } else { m });
    x.iter().position(|&v| v == max).unwrap_or(0)
}

/// Marks the first maximum of every lane (column) of an `(n, c)` slab.
fn mark_slab_argmax<A: Element>(x: ArrayView2<'_, A>, mut out: ArrayViewMut2<'_, A>) {
    let mut rows = x.outer_iter();
    let Some(first) = rows.next() else {
        return;
    };
    let mut best = first.to_vec();
    let mut pos = vec![0_usize; best.len()];
    // Branch-free: a lane keeps its first NaN; otherwise a NaN or a strictly
    // greater value takes over.
    let step = |i: usize, ((b, p), &v): ((&mut A, &mut usize), &A)| {
        let take = !b.is_nan() & ((v > *b) | v.is_nan());
        *b = if take { v } else { *b };
        *p = if take { i } else { *p };
    };
    for (i, row) in rows.enumerate() {
        match row.as_slice() {
            Some(row) => best.iter_mut().zip(&mut pos).zip(row).for_each(|lane| step(i + 1, lane)),
            None => best.iter_mut().zip(&mut pos).zip(row).for_each(|lane| step(i + 1, lane)),
        }
    }
    for (mut column, &p) in out.columns_mut().into_iter().zip(&pos) {
        column[p] = A::ONE;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_maximum_and_first_nan_win() {
        assert_eq!(argmax_lane(&[1.0, 3.0, 3.0, 2.0]), 1);
        assert_eq!(argmax_lane(&[1.0, f64::NAN, 3.0, f64::NAN]), 1);
        assert_eq!(argmax_lane(&[f64::NAN, 5.0]), 0);
        assert_eq!(argmax_lane(&[-0.0, 0.0]), 0);
        assert_eq!(argmax_lane(&[f64::NEG_INFINITY, f64::NEG_INFINITY]), 0);
        assert_eq!(argmax_lane(&[false, true, true]), 1);
        assert_eq!(argmax_lane(&[i32::MIN, i32::MIN]), 0);
    }
}
