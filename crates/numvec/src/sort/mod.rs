//! Sorting and selection along an axis: NumPy's `sort`, `argsort`,
//! `partition` and `argpartition`, and a single-pass `top_k` (NumPy 2.6's
//! `numpy.top_k`).
//!
//! The order is NumPy's for every element type: `false` before `true`,
//! integers by value, floats by value with `-0.0` equal to `0.0` and NaN
//! after everything (including `inf`). [`argsort`] is always stable: equal
//! elements keep their input order, as with NumPy's `kind="stable"`.
//!
//! Elements are compared through order-preserving unsigned keys (see
//! [`Sortable`]), so sorts are radix sorts ([`argsort`] and [`sort`] run a
//! stable most-significant-digit radix sort) and selections compare integers.
//! `axis = None` works on the array flattened in C order, as in NumPy.
//! Inputs may have any rank and strides; results are owned arrays in C
//! order. Arrays of [`crate::elementwise::PARALLEL_MIN_LEN`]
//! elements or more are processed on rayon's pool (lanes in parallel, and a
//! single long lane's sort in parallel); results never depend on the number
//! of threads.

mod argsort;
pub mod key;
mod partition;
mod radix;
mod top_k;

use std::mem::MaybeUninit;

use ndarray::{ArrayD, ArrayView2, ArrayViewD, ArrayViewMut2, CowArray, Dim, IxDyn, Order};

pub use self::argsort::{argsort, sort};
pub use self::key::Sortable;
pub use self::partition::{argpartition, partition};
pub use self::top_k::{TopKMode, top_k};
use crate::axis::normalize_axis;
use crate::elementwise::PARALLEL_MIN_LEN;
use crate::error::{Error, Result};
use crate::kernels::uninit::filled;
use crate::lanes::{LaneShape, for_each_lane_group, for_each_slab, standard_3d};

/// The array a sort works on and the axis of its lanes: `a` along `axis`,
/// or `a` flattened in C order (a single lane) for `None`.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when `axis` is not in `-ndim..ndim` (a 0-d
/// array has no axis, as in NumPy).
fn along<'a, A: Clone>(a: &'a ArrayViewD<'_, A>, axis: Option<isize>) -> Result<(CowArray<'a, A, IxDyn>, usize)> {
    match axis {
        Some(axis) => Ok((CowArray::from(a.view()), normalize_axis(axis, a.ndim())?)),
        None => {
            let flat = a.to_shape((a.len(), Order::RowMajor)).map_err(|e| Error::Shape(e.to_string()))?;
            Ok((flat.into_dyn(), 0))
        }
    }
}

/// `a` as NumPy's index-returning `argsort` and `argpartition` see it: a
/// 0-d array counts as 1-d (so axis 0 and -1 are valid and the result has
/// one element), unlike in `sort` and `partition`.
fn as_index_input<'a, A>(a: ArrayViewD<'a, A>) -> ArrayViewD<'a, A> {
    if a.ndim() == 0 { a.into_shape_with_order(IxDyn(&[1])).expect("one element") } else { a }
}

/// An operation that turns each lane of `n` elements into a lane of
/// results (of the length [`map_lanes`] is given).
trait LaneOp<A, C>: Sync {
    /// Computes the results of one contiguous lane; stores every element
    /// of `out`.
    fn lane(&self, x: &[A], out: &mut [MaybeUninit<C>]);

    /// Computes the results of the lanes that run down the columns of `x`
    /// (an `(n, c)` slab) into the columns of `out`; stores every element of
    /// `out`. By default, each column is copied into a contiguous lane.
    fn slab(&self, x: ArrayView2<'_, A>, mut out: ArrayViewMut2<'_, MaybeUninit<C>>)
    where
        A: Copy,
        C: Copy,
    {
        let mut lane = Vec::with_capacity(x.nrows());
        let mut results = vec![MaybeUninit::uninit(); out.nrows()];
        for (column, mut out_column) in x.columns().into_iter().zip(out.columns_mut()) {
            lane.clear();
            lane.extend(column.iter().copied());
            self.lane(&lane, &mut results);
            out_column.iter_mut().zip(&results).for_each(|(o, r)| *o = *r);
        }
    }
}

/// Runs `op` on every lane of `x` along axis `ax`, each giving `out_len`
/// results, and returns them in an array shaped like `x` with axis `ax`
/// resized to `out_len`.
///
/// # Errors
/// [`Error::TooLarge`] when `x` is a broadcast view too large to copy.
fn map_lanes<A: Copy + Send + Sync, C: Copy + Send + Sync>(
    x: ArrayViewD<'_, A>,
    ax: usize,
    out_len: usize,
    op: &impl LaneOp<A, C>,
) -> Result<ArrayD<C>> {
    let lanes = LaneShape::around(x.shape(), ax);
    let out_lanes = lanes.with_len(out_len);
    let x3 = standard_3d(&x, lanes)?;
    let parallel = lanes.size() >= PARALLEL_MIN_LEN;
    let out = filled(Dim(out_lanes.dim()), |mut out| {
        if out_lanes.size() == 0 {
            return Ok(());
        }
        match (lanes.inner, x3.as_slice(), out.as_slice_mut()) {
            (1, Some(x), Some(out)) if lanes.len > 0 => {
                for_each_lane_group(x, lanes.len, out, out_len, parallel, |x, out| {
                    x.chunks_exact(lanes.len).zip(out.chunks_exact_mut(out_len)).for_each(|(x, out)| op.lane(x, out));
                });
            }
            _ => for_each_slab(x3.view(), out.view_mut(), parallel, |x, out| op.slab(x, out)),
        }
        Ok::<_, Error>(())
    })?;
    let mut shape = x.shape().to_vec();
    shape[ax] = out_len;
    out.into_shape_with_order(shape).map_err(|e| Error::Shape(e.to_string()))
}
