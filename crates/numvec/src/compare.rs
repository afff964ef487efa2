//! Whole-array and tolerance comparisons: NumPy's `isclose`, `allclose` and
//! `array_equal`.

use ndarray::{Array, ArrayView, AsArray, DimMax, Dimension, Zip};

use crate::broadcast::{broadcast_pair, broadcast_to, into_dimensionality};
use crate::element::{Element, Float};
use crate::elementwise::{Broadcast, PARALLEL_MIN_LEN};
use crate::error::Result;

/// NumPy's closeness test of one pair, in the float type `F`.
#[derive(Clone, Copy)]
struct Tolerance<F> {
    rtol: F,
    atol: F,
    equal_nan: bool,
}

impl<F: Float> Tolerance<F> {
    fn new(rtol: f64, atol: f64, equal_nan: bool) -> Self {
        Tolerance { rtol: F::from_f64(rtol), atol: F::from_f64(atol), equal_nan }
    }

    /// `|x - y| <= atol + rtol * |y|` for finite `y`, or `x == y` (so an
    /// infinity is close only to itself), or both NaN when `equal_nan`.
    #[inline(always)]
    fn close(self, x: F, y: F) -> bool {
        let finite = y.abs() < F::INFINITY;
        x == y
            || (finite && x.sub(y).abs() <= self.atol.add(self.rtol.mul(y.abs())))
            || (self.equal_nan && x.is_nan() && y.is_nan())
    }
}

/// NumPy's `numpy.isclose(a, b, rtol, atol, equal_nan)`: elementwise, with
/// broadcasting, whether `|a - b| <= atol + rtol * |b|` (NumPy's asymmetric
/// test: `b` is the reference). Infinities are close only to the same
/// infinity; NaN is close to NaN only when `equal_nan`. Integers and `bool`
/// are compared after conversion to `float64`; `float32` inputs are compared
/// in `float32`, with `rtol` and `atol` rounded to `float32`, as NumPy does.
/// NumPy's defaults are `rtol = 1e-5`, `atol = 1e-8`, `equal_nan = false`.
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) when the shapes do not broadcast.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![1.0, 1e10, f64::INFINITY, f64::NAN];
/// let b = array![1.0 + 1e-9, 1.00001e10, f64::INFINITY, f64::NAN];
/// assert_eq!(numvec::isclose(&a, &b, 1e-5, 1e-8, false)?, array![true, true, true, false]);
/// assert_eq!(numvec::isclose(&a, &b, 1e-5, 1e-8, true)?, array![true, true, true, true]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn isclose<'a, A: Element, D1: Dimension + DimMax<D2>, D2: Dimension>(
    a: impl AsArray<'a, A, D1>,
    b: impl AsArray<'a, A, D2>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> Result<Array<bool, Broadcast<D1, D2>>> {
    let (a, b): (ArrayView<'_, A, D1>, ArrayView<'_, A, D2>) = (a.into(), b.into());
    let shape = broadcast_pair(a.shape(), b.shape())?;
    let tol = Tolerance::<A::Float>::new(rtol, atol, equal_nan);
    let zip = Zip::from(broadcast_to(&a, &shape)?).and(broadcast_to(&b, &shape)?);
    let op = |&x: &A, &y: &A| tol.close(x.to_float(), y.to_float());
    let result = if zip.size() >= PARALLEL_MIN_LEN { zip.par_map_collect(op) } else { zip.map_collect(op) };
    into_dimensionality(result)
}

/// NumPy's `numpy.allclose(a, b, rtol, atol, equal_nan)`: whether every pair
/// of the broadcast `a` and `b` is close in the sense of [`isclose`]. True for
/// empty arrays.
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) when the shapes do not broadcast.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert!(numvec::allclose(&a, &array![1.0 + 1e-9, 2.0], 1e-5, 1e-8, false).is_ok());
/// assert!(numvec::allclose(&a, &(&a + 1e-9), 1e-5, 1e-8, false)?);
/// assert!(!numvec::allclose(&a, &(&a + 1e-3), 1e-5, 1e-8, false)?);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn allclose<'a, A: Element, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, A, D1>,
    b: impl AsArray<'a, A, D2>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> Result<bool> {
    let (a, b): (ArrayView<'_, A, D1>, ArrayView<'_, A, D2>) = (a.into(), b.into());
    let shape = broadcast_pair(a.shape(), b.shape())?;
    let tol = Tolerance::<A::Float>::new(rtol, atol, equal_nan);
    let zip = Zip::from(broadcast_to(&a, &shape)?).and(broadcast_to(&b, &shape)?);
    let close = |&x: &A, &y: &A| tol.close(x.to_float(), y.to_float());
    Ok(if zip.size() >= PARALLEL_MIN_LEN {
        zip.par_fold(|| true, |all, x, y| all && close(x, y), |l, r| l && r)
    } else {
        zip.all(close)
    })
}

/// NumPy's `numpy.array_equal(a1, a2, equal_nan)`: whether the arrays have the
/// same shape and equal elements. Shapes that differ (even if they would
/// broadcast) give `false`; `-0.0 == 0.0`; NaN equals NaN only when
/// `equal_nan`.
///
/// # Example
/// ```
/// use ndarray::array;
/// assert!(numvec::array_equal(&array![1.0, -0.0], &array![1.0, 0.0], false));
/// assert!(!numvec::array_equal(&array![f64::NAN], &array![f64::NAN], false));
/// assert!(numvec::array_equal(&array![f64::NAN], &array![f64::NAN], true));
/// assert!(!numvec::array_equal(&array![1, 2], &array![[1, 2]], false));
/// ```
pub fn array_equal<'a, A: Element, D1: Dimension, D2: Dimension>(
    a1: impl AsArray<'a, A, D1>,
    a2: impl AsArray<'a, A, D2>,
    equal_nan: bool,
) -> bool {
    let (a1, a2): (ArrayView<'_, A, D1>, ArrayView<'_, A, D2>) = (a1.into(), a2.into());
    if a1.shape() != a2.shape() {
        return false;
    }
    let zip = Zip::from(a1.into_dyn()).and(a2.into_dyn());
    let equal = |&x: &A, &y: &A| x == y || (equal_nan && x.is_nan() && y.is_nan());
    if zip.size() >= PARALLEL_MIN_LEN {
        zip.par_fold(|| true, |all, x, y| all && equal(x, y), |l, r| l && r)
    } else {
        zip.all(equal)
    }
}
