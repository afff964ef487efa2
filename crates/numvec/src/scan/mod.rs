//! Scans along an axis: NumPy's `cumsum` and `cumprod`, and the sums and
//! means of sliding windows (NumPy's
//! `sliding_window_view(x, w, axis).sum(-1)` / `.mean(-1)`, in O(n) whatever
//! the window length).
//!
//! Inputs may have any rank and strides. Results are owned arrays in C order,
//! except that a Fortran-ordered input gives a Fortran-ordered result along
//! an axis (NumPy's `order='K'`).
//! Arrays of [`PARALLEL_MIN_LEN`] elements or more are processed on rayon's
//! pool; every result is the same whatever the number of threads.

mod cumulative;
mod window;

use ndarray::{Array, ArrayD, ArrayViewD, AsArray, Dim, Dimension};

use self::cumulative::Scan;
use self::window::Window;
use crate::axis::normalize_axis;
use crate::broadcast::into_dimensionality;
use crate::element::{Element, Float};
use crate::elementwise::PARALLEL_MIN_LEN;
use crate::error::{Error, Result};
use crate::lanes::{LaneShape, for_each_lane_group, for_each_slab, fortran_transposed, mirrored, standard_3d};
use crate::output::zeros;

/// Lanes of at most this many elements are accumulated by [`cumsum`] and
/// [`cumprod`] strictly in order, as NumPy does; longer lanes are accumulated
/// in blocks of this many elements.
pub const SCAN_BLOCK_LEN: usize = 1 << 16;

/// NumPy's `numpy.cumsum(a, axis)`: the running sums along `axis`; `None`
/// flattens `a` in C order first (the result is then 1-D). A 0-d array is
/// treated as 1-D, as in NumPy.
///
/// The result type is NumPy's: `int64` for `bool`, `int32` and `int64`
/// (integers wrap on overflow, as in NumPy), the input type for floats.
///
/// Order of operations: a lane of at most [`SCAN_BLOCK_LEN`] elements is
/// accumulated strictly in order (`out[i] = out[i - 1] + a[i]`), exactly as
/// NumPy does, so float results equal NumPy's bit for bit. A longer lane is
/// cut into fixed blocks of `SCAN_BLOCK_LEN` elements so that it can be
/// scanned in parallel: each block's total is accumulated in order, block `k`
/// starts from the running sum of the totals of blocks `0..k`, and is then
/// accumulated in order. The blocks do not depend on the number of threads,
/// so results are reproducible; float results may differ from NumPy's
/// strictly sequential ones in the last bits (the rounding of the block
/// starts). Integer results are exact.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when `axis` is not in `-ndim..ndim`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(numvec::cumsum(&a, Some(1))?, array![[1_i64, 3, 6], [4, 9, 15]].into_dyn());
/// assert_eq!(numvec::cumsum(&a, Some(-2))?, array![[1_i64, 2, 3], [5, 7, 9]].into_dyn());
/// assert_eq!(numvec::cumsum(&a, None)?, array![1_i64, 3, 6, 10, 15, 21].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn cumsum<'a, A: Element, D: Dimension>(a: impl AsArray<'a, A, D>, axis: Option<isize>) -> Result<ArrayD<A::Acc>> {
    accumulate(a.into().into_dyn(), axis, Scan { conv: A::to_acc, op: <A::Acc as Element>::add })
}

/// NumPy's `numpy.cumprod(a, axis)`: the running products along `axis`;
/// `None` flattens `a` in C order first (the result is then 1-D).
///
/// Result types and the order of operations are those of [`cumsum`]: strictly
/// in order (NumPy's) for lanes of at most [`SCAN_BLOCK_LEN`] elements, in
/// fixed blocks beyond; integers wrap on overflow, as in NumPy.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when `axis` is not in `-ndim..ndim`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// assert_eq!(numvec::cumprod(&a, Some(1))?, array![[1.0, 2.0, 6.0], [4.0, 20.0, 120.0]].into_dyn());
/// assert_eq!(numvec::cumprod(&array![true, true, false], None)?, array![1_i64, 1, 0].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn cumprod<'a, A: Element, D: Dimension>(a: impl AsArray<'a, A, D>, axis: Option<isize>) -> Result<ArrayD<A::Acc>> {
    accumulate(a.into().into_dyn(), axis, Scan { conv: A::to_acc, op: <A::Acc as Element>::mul })
}

/// Validates, plans and runs a scan.
fn accumulate<A: Element, C: Element>(
    a: ArrayViewD<'_, A>,
    axis: Option<isize>,
    scan: Scan<impl Fn(A) -> C + Sync, impl Fn(C, C) -> C + Sync>,
) -> Result<ArrayD<C>> {
    let (lanes, shape) = match axis {
        None => (LaneShape::single(a.len()), vec![a.len()]),
        Some(axis) if a.ndim() == 0 => {
            normalize_axis(axis, 1)?;
            (LaneShape::single(1), vec![1])
        }
        Some(axis) => {
            let ax = normalize_axis(axis, a.ndim())?;
            if let Some(t) = fortran_transposed(&a) {
                return Ok(accumulate(t, Some(mirrored(ax, a.ndim())), scan)?.reversed_axes());
            }
            (LaneShape::around(a.shape(), ax), a.shape().to_vec())
        }
    };
    let mut out = zeros::<C, _>(Dim(lanes.dim()))?;
    let x = standard_3d(&a, lanes)?;
    if lanes.size() > 0 {
        let parallel = lanes.size() >= PARALLEL_MIN_LEN;
        let n = lanes.len;
        let contiguous = match (lanes.inner, x.as_slice(), out.as_slice_mut()) {
            (1, Some(x), Some(out)) => {
                for_each_lane_group(x, n, out, n, parallel, |x, out| {
                    x.chunks_exact(n).zip(out.chunks_exact_mut(n)).for_each(|(x, out)| scan.lane(x, out, parallel));
                });
                true
            }
            _ => false,
        };
        if !contiguous {
            for_each_slab(x.view(), out.view_mut(), parallel, |x, out| scan.slab(x, out, parallel));
        }
    }
    out.into_shape_with_order(shape).map_err(|e| Error::Shape(e.to_string()))
}

/// The sum of every window of `w` consecutive elements along `axis`: NumPy's
/// `sliding_window_view(x, w, axis).sum(axis=-1)`. The result has NumPy's
/// "valid" length `n - w + 1` along `axis` (`n` the length of the axis); the
/// other axes are unchanged. The sum type is [`cumsum`]'s (`int64` for
/// `bool` and integers, which wrap on overflow; the input type for floats).
///
/// Runs in O(n) whatever `w`, and accurately: the lane is cut into blocks of
/// `w` elements, and window `i` is the sum of its part of one block (a suffix
/// sum) and its part of the next (a prefix sum), each accumulated in order
/// from zero. No running sum spans more than `w` elements, so the rounding
/// error is that of summing `w` elements, as for a direct sum; it does not
/// grow along the lane as with the cumulative-sum difference
/// `cs[i + w] - cs[i]`. Results do not depend on the number of threads.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when `axis` is not in `-ndim..ndim` (a 0-d
/// array has no axis); [`Error::InvalidArgument`] when `w == 0` or `w > n`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let x = array![[1, 2, 3, 4], [10, 20, 30, 40]];
/// assert_eq!(numvec::window_sum(&x, 2, 1)?, array![[3_i64, 5, 7], [30, 50, 70]]);
/// assert_eq!(numvec::window_sum(&x, 2, 0)?, array![[11_i64, 22, 33, 44]]);
/// assert!(numvec::window_sum(&x, 5, -1).is_err());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn window_sum<'a, A: Element, D: Dimension>(
    x: impl AsArray<'a, A, D>,
    w: usize,
    axis: isize,
) -> Result<Array<A::Acc, D>> {
    into_dimensionality(windows(x.into().into_dyn(), w, axis, "window_sum", A::to_acc, |s| s)?)
}

/// The mean of every window of `w` consecutive elements along `axis`:
/// NumPy's `sliding_window_view(x, w, axis).mean(axis=-1)`, the moving
/// average. The result has length `n - w + 1` along `axis`; its type is
/// NumPy's `mean` type (`float64` for `bool` and integers, which are
/// converted before summing, the input type for floats).
///
/// Each window's sum is computed as in [`window_sum`] (O(n) whatever `w`,
/// rounding error of a `w`-element sum, independent of the lane length), then
/// divided by `w`.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when `axis` is not in `-ndim..ndim` (a 0-d
/// array has no axis); [`Error::InvalidArgument`] when `w == 0` or `w > n`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let x = array![1.0, 2.0, 3.0, 4.0, 5.0];
/// assert_eq!(numvec::window_mean(&x, 2, 0)?, array![1.5, 2.5, 3.5, 4.5]);
/// let prices = array![1e8 + 1.0, 1e8 + 2.0, 1e8 + 6.0];
/// assert_eq!(numvec::window_mean(&prices, 3, -1)?, array![1e8 + 3.0]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn window_mean<'a, A: Element, D: Dimension>(
    x: impl AsArray<'a, A, D>,
    w: usize,
    axis: isize,
) -> Result<Array<A::Float, D>> {
    let len = <A::Float as Float>::from_usize(w);
    into_dimensionality(windows(x.into().into_dyn(), w, axis, "window_mean", A::to_float, move |s| s.div(len))?)
}

/// Validates, plans and runs a window sum.
fn windows<A: Element, U: Element>(
    x: ArrayViewD<'_, A>,
    w: usize,
    axis: isize,
    op: &str,
    conv: impl Fn(A) -> U + Sync,
    finish: impl Fn(U) -> U + Sync,
) -> Result<ArrayD<U>> {
    let ax = normalize_axis(axis, x.ndim())?;
    let n = x.shape()[ax];
    if w == 0 || w > n {
        return Err(Error::InvalidArgument(format!(
            "{op}: window length w={w} must be between 1 and n={n}, the length of axis {axis}"
        )));
    }
    if let Some(t) = fortran_transposed(&x) {
        return Ok(windows(t, w, mirrored(ax, x.ndim()), op, conv, finish)?.reversed_axes());
    }
    let lanes = LaneShape::around(x.shape(), ax);
    let m = n - w + 1;
    let out_lanes = lanes.with_len(m);
    let mut out = zeros::<U, _>(Dim(out_lanes.dim()))?;
    let x3 = standard_3d(&x, lanes)?;
    if out_lanes.size() > 0 {
        let parallel = lanes.size() >= PARALLEL_MIN_LEN;
        let window = Window { w, conv, finish };
        let contiguous = match (lanes.inner, x3.as_slice(), out.as_slice_mut()) {
            (1, Some(x), Some(out)) => {
                for_each_lane_group(x, n, out, m, parallel, |x, out| {
                    x.chunks_exact(n).zip(out.chunks_exact_mut(m)).for_each(|(x, out)| window.lane(x, out, parallel));
                });
                true
            }
            _ => false,
        };
        if !contiguous {
            for_each_slab(x3.view(), out.view_mut(), parallel, |x, out| window.slab(x, out, parallel));
        }
    }
    let mut shape = x.shape().to_vec();
    shape[ax] = m;
    out.into_shape_with_order(shape).map_err(|e| Error::Shape(e.to_string()))
}
