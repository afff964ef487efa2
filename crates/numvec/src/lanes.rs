//! Lanes along one axis. Every array is seen as `(outer, n, inner)`, where `n`
//! is the length of the chosen axis: lane `(o, i)` is the 1-D sequence
//! `x[o, .., i]`. Scans, window sums and lane-wise arg-reductions plan their
//! work on this layout:
//!
//! - `inner == 1` (the axis is the last non-trivial one): lanes are
//!   contiguous; kernels run on slices, a group of whole lanes per task.
//! - `inner > 1`: each `o` is an `(n, inner)` slab whose rows are contiguous;
//!   kernels run row by row, vectorized across the lanes of a row, on column
//!   chunks of the slab.

use ndarray::{ArrayView2, ArrayView3, ArrayViewD, ArrayViewMut2, ArrayViewMut3, Axis, CowArray, Ix3, Order};
use rayon::prelude::*;

use crate::axis::checked_size;
use crate::error::{Error, Result};

/// Elements of input per unit of parallel work.
const UNIT_LEN: usize = 1 << 16;
/// Columns of a slab handled together (the width of a row accumulator).
const COL_CHUNK: usize = 1024;

/// The `(outer, n, inner)` decomposition of a shape around one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LaneShape {
    /// The product of the axes before the lane axis.
    pub outer: usize,
    /// The length of the lane axis.
    pub len: usize,
    /// The product of the axes after the lane axis.
    pub inner: usize,
}

impl LaneShape {
    /// The decomposition of `shape` around `axis` (which must be in range).
    pub(crate) fn around(shape: &[usize], axis: usize) -> Self {
        LaneShape { outer: shape[..axis].iter().product(), len: shape[axis], inner: shape[axis + 1..].iter().product() }
    }

    /// A single lane of `len` elements.
    pub(crate) fn single(len: usize) -> Self {
        LaneShape { outer: 1, len, inner: 1 }
    }

    /// The number of elements.
    pub(crate) fn size(self) -> usize {
        self.outer * self.len * self.inner
    }

    /// The same decomposition with the lane axis resized to `len`.
    pub(crate) fn with_len(self, len: usize) -> Self {
        LaneShape { len, ..self }
    }

    /// The shape `(outer, n, inner)`.
    pub(crate) fn dim(self) -> (usize, usize, usize) {
        (self.outer, self.len, self.inner)
    }
}

/// `x` (in C order) as an `(outer, n, inner)` array in standard layout:
/// a view when the strides allow it, a copy otherwise (reversed, transposed
/// or broadcast inputs).
pub(crate) fn standard_3d<'a, A: Clone>(x: &'a ArrayViewD<'_, A>, lanes: LaneShape) -> Result<CowArray<'a, A, Ix3>> {
    let x3 = x.to_shape((lanes.dim(), Order::RowMajor)).map_err(|e| Error::Shape(e.to_string()))?;
    if x3.is_standard_layout() {
        return Ok(x3);
    }
    // A broadcast view may describe more elements than memory holds.
    checked_size(x.shape(), size_of::<A>())?;
    Ok(CowArray::from(x3.as_standard_layout().into_owned()))
}

/// The transpose of `x` when `x` is Fortran-ordered (and not also C-ordered):
/// the operations along an axis run on it, C-ordered, along the mirrored axis
/// (`ndim - 1 - axis`), and transpose their result back, which keeps the
/// input's memory order as NumPy does and avoids a copy.
pub(crate) fn fortran_transposed<'a, A>(x: &ArrayViewD<'a, A>) -> Option<ArrayViewD<'a, A>> {
    let transposed = x.clone().reversed_axes();
    (x.ndim() >= 2 && !x.is_standard_layout() && transposed.is_standard_layout()).then_some(transposed)
}

/// The axis of the transpose that corresponds to axis `axis` (in range) of
/// an array of rank `ndim`, as a signed axis argument.
pub(crate) fn mirrored(axis: usize, ndim: usize) -> isize {
    (ndim - 1 - axis) as isize
}

/// Runs `f` on groups of whole contiguous lanes: `x` holds lanes of `n`
/// elements, `out` the matching lanes of `m` elements. Each call receives a
/// whole number of lanes. `n` and `m` must be non-zero.
pub(crate) fn for_each_lane_group<A: Sync, C: Send>(
    x: &[A],
    n: usize,
    out: &mut [C],
    m: usize,
    parallel: bool,
    f: impl Fn(&[A], &mut [C]) + Sync + Send,
) {
    let lanes = (UNIT_LEN / n.max(m)).max(1);
    if parallel {
        x.par_chunks(lanes * n).zip(out.par_chunks_mut(lanes * m)).for_each(|(x, out)| f(x, out));
    } else {
        x.chunks(lanes * n).zip(out.chunks_mut(lanes * m)).for_each(|(x, out)| f(x, out));
    }
}

/// Runs `f` on every `(n, c)` slab of `x` (shape `(outer, n, inner)`) with the
/// matching `(m, c)` slab of `out` (shape `(outer, m, inner)`), where the
/// slabs cover column chunks of at most `COL_CHUNK` lanes. Whole slabs of
/// several `o` are grouped into one task when they are small.
pub(crate) fn for_each_slab<A: Sync, C: Send + Sync>(
    x: ArrayView3<'_, A>,
    mut out: ArrayViewMut3<'_, C>,
    parallel: bool,
    f: impl Fn(ArrayView2<'_, A>, ArrayViewMut2<'_, C>) + Sync + Send,
) {
    let (outer, n, inner) = x.dim();
    if outer == 0 || inner == 0 {
        return;
    }
    let cols = inner.min(COL_CHUNK);
    let group = if cols < inner { 1 } else { (UNIT_LEN / (n.max(out.len_of(Axis(1))) * inner).max(1)).max(1) };
    let unit = |x: ArrayView3<'_, A>, mut out: ArrayViewMut3<'_, C>| {
        for (x, out) in x.outer_iter().zip(out.outer_iter_mut()) {
            f(x, out);
        }
    };
    let columns = |x: ArrayView3<'_, A>, mut out: ArrayViewMut3<'_, C>| {
        if parallel && cols < inner {
            x.axis_chunks_iter(Axis(2), cols)
                .into_par_iter()
                .zip(out.axis_chunks_iter_mut(Axis(2), cols))
                .for_each(|(x, out)| unit(x, out));
        } else {
            x.axis_chunks_iter(Axis(2), cols)
                .zip(out.axis_chunks_iter_mut(Axis(2), cols))
                .for_each(|(x, out)| unit(x, out));
        }
    };
    if parallel {
        x.axis_chunks_iter(Axis(0), group)
            .into_par_iter()
            .zip(out.axis_chunks_iter_mut(Axis(0), group))
            .for_each(|(x, out)| columns(x, out));
    } else {
        x.axis_chunks_iter(Axis(0), group)
            .zip(out.axis_chunks_iter_mut(Axis(0), group))
            .for_each(|(x, out)| columns(x, out));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_shape_splits_around_the_axis() {
        assert_eq!(LaneShape::around(&[2, 3, 4], 1).dim(), (2, 3, 4));
        assert_eq!(LaneShape::around(&[2, 3, 4], 0).dim(), (1, 2, 12));
        assert_eq!(LaneShape::around(&[2, 3, 4], 2).dim(), (6, 4, 1));
        assert_eq!(LaneShape::around(&[5], 0).size(), 5);
    }

    #[test]
    fn standard_3d_copies_only_when_needed() {
        let x = ndarray::Array::from_iter(0..24).into_shape_with_order((2, 3, 4)).unwrap().into_dyn();
        let view = x.view();
        let x3 = standard_3d(&view, LaneShape::around(x.shape(), 1)).unwrap();
        assert!(x3.is_view());
        let t = x.t();
        let t3 = standard_3d(&t, LaneShape::around(t.shape(), 0)).unwrap();
        assert!(t3.is_standard_layout());
        assert_eq!(t3.iter().copied().collect::<Vec<_>>(), t.iter().copied().collect::<Vec<_>>());
    }
}
