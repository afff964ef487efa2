//! Z-score normalization along an axis, in place: `(x - mean) / std`, the
//! seed's `memory_efficient_normalize` and SciPy's `zscore`.
//!
//! # Passes and memory
//!
//! Two passes over the data: one computes every lane's mean and standard
//! deviation, the other normalizes. Extra memory is a few values per lane
//! (the statistics), never a copy of the data: [`zscore_inplace`] works on
//! the caller's array whatever its strides.
//!
//! # Accuracy
//!
//! Each lane is shifted by the mean of its first block of values, and its
//! moments are computed block by block (a block's mean, then its squared
//! deviations from that mean, while the block is in cache) and merged
//! pairwise with Chan, Golub and LeVeque's update. Values are normalized as
//! `((x - shift) - mean) / std`: for data with a large offset (`1e6 + randn`)
//! the offset cancels exactly before any rounding, so results stay within a
//! few ulps of the exact ones, where NumPy's own
//! `(X - X.mean(axis)) / X.std(axis)` loses about `1e-9` relative to the
//! offset's rounding. Splits depend only on the shape, so results do not
//! depend on the number of threads.

use std::convert::Infallible;

use ndarray::{
    Array, ArrayView1, ArrayView2, ArrayViewMut, ArrayViewMut1, ArrayViewMut2, ArrayViewMutD, AsArray, Axis, Dimension,
    Order, Zip, s,
};
use rayon::prelude::*;

use crate::axis::normalize_axis;
use crate::element::{Element, Float};
use crate::elementwise::PARALLEL_MIN_LEN;
use crate::error::{Error, Result};
use crate::kernels::uninit::{Slot, filled};
use crate::lanes::{LaneShape, fortran_transposed, mirrored};

/// Values (rows of a slab) whose moments are computed directly, in cache,
/// before being merged with their neighbours'.
const BLOCK: usize = 128;

/// NumPy's `(x - x.mean(axis)) / x.std(axis, ddof=ddof)` (SciPy's
/// `scipy.stats.zscore(x, axis, ddof)`), except that a lane whose standard
/// deviation is 0 is divided by 1 (it becomes 0, where NumPy gives NaN):
/// the seed's rule. A lane with NaN stays NaN; `n - ddof <= 0` divides by
/// zero as NumPy does. `bool` and the integers give `f64`.
///
/// See the [module documentation](self) for the passes and the accuracy.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] for an axis outside `-ndim..ndim`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let x = array![[1.0, 5.0], [3.0, 5.0]];
/// assert_eq!(numvec::zscore(&x, 0, 0)?, array![[-1.0, 0.0], [1.0, 0.0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn zscore<'a, A: Element, D: Dimension>(
    x: impl AsArray<'a, A, D>,
    axis: isize,
    ddof: usize,
) -> Result<Array<A::Float, D>> {
    let x = x.into();
    normalize_axis(axis, x.ndim())?;
    let Ok(mut out) = filled(x.raw_dim(), |out| {
        Zip::from(out).and(&x).par_for_each(|o, &v| o.set(v.to_float()));
        Ok::<(), Infallible>(())
    });
    zscore_inplace(&mut out, axis, ddof)?;
    Ok(out)
}

/// [`zscore`] written into `out`, which must have `x`'s shape.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] for a bad axis, [`Error::OutputShape`] when
/// `out`'s shape is not `x`'s; `out` is untouched then.
///
/// # Example
/// ```
/// use ndarray::{array, Array2};
/// let x = array![[1, 2], [3, 6]];
/// let mut out = Array2::<f64>::zeros((2, 2));
/// numvec::zscore_into(&x, -1, 0, &mut out)?;
/// assert_eq!(out, array![[-1.0, 1.0], [-1.0, 1.0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn zscore_into<'a, 'o, A: Element, D: Dimension, Do: Dimension>(
    x: impl AsArray<'a, A, D>,
    axis: isize,
    ddof: usize,
    out: impl Into<ArrayViewMut<'o, A::Float, Do>>,
) -> Result<()> {
    let (x, mut out) = (x.into(), out.into());
    normalize_axis(axis, x.ndim())?;
    if out.shape() != x.shape() {
        return Err(Error::OutputShape { out: out.shape().to_vec(), expected: x.shape().to_vec() });
    }
    Zip::from(out.view_mut().into_dyn()).and(x.into_dyn()).par_for_each(|o, &v| *o = v.to_float());
    zscore_inplace(out, axis, ddof)
}

/// [`zscore`] in place: `x` is normalized along `axis`, with extra memory
/// proportional to the number of lanes only.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] for a bad axis; `x` is untouched then.
///
/// # Example
/// ```
/// use ndarray::array;
/// let mut x = array![[1.0, 10.0], [3.0, 30.0], [5.0, 50.0]];
/// numvec::zscore_inplace(&mut x, 0, 1)?;
/// assert_eq!(x.column(0).to_vec(), vec![-1.0, 0.0, 1.0]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn zscore_inplace<'o, F: Float, D: Dimension>(
    x: impl Into<ArrayViewMut<'o, F, D>>,
    axis: isize,
    ddof: usize,
) -> Result<()> {
    let x = x.into().into_dyn();
    let axis = normalize_axis(axis, x.ndim())?;
    if x.is_empty() {
        return Ok(());
    }
    let ndim = x.ndim();
    match fortran_transposed(&x.view()).is_some() {
        true => normalize_standard(x.reversed_axes(), mirrored(axis, ndim) as usize, ddof),
        false => normalize_standard(x, axis, ddof),
    }
}

/// Normalizes a non-empty `x` along `axis` (in range), fast for standard layout.
fn normalize_standard<F: Float>(mut x: ArrayViewMutD<'_, F>, axis: usize, ddof: usize) -> Result<()> {
    let lanes = LaneShape::around(x.shape(), axis);
    if !x.is_standard_layout() {
        Zip::from(x.lanes_mut(Axis(axis))).par_for_each(|lane| normalize_lane(lane, ddof));
        return Ok(());
    }
    let mut x3 = x.into_shape_with_order((lanes.dim(), Order::RowMajor)).map_err(|e| Error::Shape(e.to_string()))?;
    if lanes.inner == 1 {
        let rows = (PARALLEL_MIN_LEN / lanes.len).max(1);
        x3.index_axis_mut(Axis(2), 0)
            .axis_chunks_iter_mut(Axis(0), rows)
            .into_par_iter()
            .for_each(|mut chunk| chunk.rows_mut().into_iter().for_each(|lane| normalize_lane(lane, ddof)));
    } else if lanes.outer > 1 && lanes.len * lanes.inner < PARALLEL_MIN_LEN {
        x3.outer_iter_mut().into_par_iter().for_each(|slab| normalize_slab(slab, ddof));
    } else {
        x3.outer_iter_mut().for_each(|slab| normalize_slab(slab, ddof));
    }
    Ok(())
}

/// The count, mean and sum of squared deviations of some values (offsets
/// from a shift), merged with Chan, Golub and LeVeque's update.
#[derive(Debug, Clone, Copy)]
struct Moments<F> {
    count: usize,
    mean: F,
    squares: F,
}

impl<F: Float> Moments<F> {
    /// The moments of a block of `lane - shift`, in two passes over the
    /// (cached) block.
    fn of_block(block: ArrayView1<'_, F>, shift: F) -> Self {
        let count = block.len();
        let mean = block.iter().fold(F::ZERO, |acc, &v| acc.add(v.sub(shift))).div(F::from_usize(count));
        let squares = block.iter().fold(F::ZERO, |acc, &v| {
            let d = v.sub(shift).sub(mean);
            acc.add(d.mul(d))
        });
        Moments { count, mean, squares }
    }

    fn merge(self, other: Self) -> Self {
        let count = self.count + other.count;
        let (n_a, n_b, n) = (F::from_usize(self.count), F::from_usize(other.count), F::from_usize(count));
        let delta = other.mean.sub(self.mean);
        let mean = self.mean.add(delta.mul(n_b.div(n)));
        let squares = self.squares.add(other.squares).add(delta.mul(delta).mul(n_a.mul(n_b).div(n)));
        Moments { count, mean, squares }
    }

    /// `1 / std`, or 1 when the standard deviation is 0.
    fn inverse_scale(&self, ddof: usize) -> F {
        let dof = F::from_usize(self.count.saturating_sub(ddof));
        let std = F::ZERO.add(self.squares).div(dof).sqrt();
        if std == F::ZERO { F::ONE } else { F::ONE.div(std) }
    }
}

/// Where a split of `len` values (more than one block) falls: half-way,
/// rounded down to whole blocks.
fn split_point(len: usize) -> usize {
    ((len / 2) / BLOCK).max(1) * BLOCK
}

// ---------------------------------------------------------------- one lane

/// The moments of `lane - shift`, pairwise over blocks.
fn lane_moments<F: Float>(lane: ArrayView1<'_, F>, shift: F) -> Moments<F> {
    let n = lane.len();
    if n <= BLOCK {
        return Moments::of_block(lane, shift);
    }
    let (head, tail) = lane.split_at(Axis(0), split_point(n));
    let (a, b) = if n >= PARALLEL_MIN_LEN {
        rayon::join(|| lane_moments(head, shift), || lane_moments(tail, shift))
    } else {
        (lane_moments(head, shift), lane_moments(tail, shift))
    };
    a.merge(b)
}

/// Normalizes one non-empty lane.
fn normalize_lane<F: Float>(mut lane: ArrayViewMut1<'_, F>, ddof: usize) {
    let first = lane.slice(s![..BLOCK.min(lane.len())]);
    let shift = first.iter().fold(F::ZERO, |acc, &v| acc.add(v)).div(F::from_usize(first.len()));
    let moments = lane_moments(lane.view(), shift);
    let (mean, inverse) = (moments.mean, moments.inverse_scale(ddof));
    let normalize = |v: &mut F| *v = v.sub(shift).sub(mean).mul(inverse);
    if lane.len() >= PARALLEL_MIN_LEN {
        lane.axis_chunks_iter_mut(Axis(0), PARALLEL_MIN_LEN).into_par_iter().for_each(|mut c| c.map_inplace(normalize));
    } else {
        lane.map_inplace(normalize);
    }
}

// ---------------------------------------------------------------- slabs

/// Per-column [`Moments`] of a slab: one lane per column.
struct ColumnMoments<F> {
    count: usize,
    mean: Vec<F>,
    squares: Vec<F>,
}

impl<F: Float> ColumnMoments<F> {
    /// The moments of the columns of a block of rows, two passes in cache.
    fn of_block(rows: ArrayView2<'_, F>, shift: &[F]) -> Self {
        let (count, width) = rows.dim();
        let mut mean = vec![F::ZERO; width];
        for row in rows.rows() {
            Zip::from(&mut mean[..]).and(row).and(shift).for_each(|m, &v, &k| *m = m.add(v.sub(k)));
        }
        let n = F::from_usize(count);
        mean.iter_mut().for_each(|m| *m = m.div(n));
        let mut squares = vec![F::ZERO; width];
        for row in rows.rows() {
            Zip::from(&mut squares[..]).and(row).and(shift).and(&mean[..]).for_each(|q, &v, &k, &m| {
                let d = v.sub(k).sub(m);
                *q = q.add(d.mul(d));
            });
        }
        ColumnMoments { count, mean, squares }
    }

    fn merge(self, other: Self) -> Self {
        let column = |j: usize| {
            let a = Moments { count: self.count, mean: self.mean[j], squares: self.squares[j] };
            a.merge(Moments { count: other.count, mean: other.mean[j], squares: other.squares[j] })
        };
        let merged: Vec<Moments<F>> = (0..self.mean.len()).map(column).collect();
        ColumnMoments {
            count: self.count + other.count,
            mean: merged.iter().map(|m| m.mean).collect(),
            squares: merged.iter().map(|m| m.squares).collect(),
        }
    }
}

/// The column moments of `slab - shift`, pairwise over blocks of rows.
fn slab_moments<F: Float>(slab: ArrayView2<'_, F>, shift: &[F]) -> ColumnMoments<F> {
    let rows = slab.nrows();
    if rows <= BLOCK {
        return ColumnMoments::of_block(slab, shift);
    }
    let (head, tail) = slab.split_at(Axis(0), split_point(rows));
    let (a, b) = if slab.len() >= PARALLEL_MIN_LEN {
        rayon::join(|| slab_moments(head, shift), || slab_moments(tail, shift))
    } else {
        (slab_moments(head, shift), slab_moments(tail, shift))
    };
    a.merge(b)
}

/// Normalizes the columns of a non-empty `(n, inner)` slab with contiguous rows.
fn normalize_slab<F: Float>(mut slab: ArrayViewMut2<'_, F>, ddof: usize) {
    let first = slab.slice(s![..BLOCK.min(slab.nrows()), ..]);
    let count = F::from_usize(first.nrows());
    let mut shift = vec![F::ZERO; slab.ncols()];
    for row in first.rows() {
        Zip::from(&mut shift[..]).and(row).for_each(|k, &v| *k = k.add(v));
    }
    shift.iter_mut().for_each(|k| *k = k.div(count));
    let moments = slab_moments(slab.view(), &shift);
    let inverse: Vec<F> = (0..slab.ncols())
        .map(|j| Moments { count: moments.count, mean: moments.mean[j], squares: moments.squares[j] })
        .map(|m| m.inverse_scale(ddof))
        .collect();
    let normalize_rows = |mut rows: ArrayViewMut2<'_, F>| {
        for row in rows.rows_mut() {
            Zip::from(row).and(&shift[..]).and(&moments.mean[..]).and(&inverse[..]).for_each(|v, &k, &m, &r| {
                *v = v.sub(k).sub(m).mul(r);
            });
        }
    };
    let rows_per_task = (PARALLEL_MIN_LEN / slab.ncols()).max(1);
    if slab.len() >= PARALLEL_MIN_LEN {
        slab.axis_chunks_iter_mut(Axis(0), rows_per_task).into_par_iter().for_each(normalize_rows);
    } else {
        normalize_rows(slab);
    }
}
