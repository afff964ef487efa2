//! The seed's checks, `np.allclose(a, b)` and `==`, failing with a message
//! that says where and by how much. Kept apart from numvec's own `allclose`
//! so that a fault there cannot hide a fault in a solution it checks.

use std::fmt::{self, Debug, Display};

use ndarray::{ArrayView, AsArray, Dimension};

/// `np.allclose`'s default relative tolerance.
pub const RTOL: f64 = 1e-5;
/// `np.allclose`'s default absolute tolerance.
pub const ATOL: f64 = 1e-8;

/// A failed check: what differs, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch(pub String);

impl Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Mismatch {}

/// NumPy's `isclose(a, b)` with its defaults: `|a - b| <= ATOL + RTOL * |b|`
/// (not symmetric: `b` is the reference); infinities are close only to the
/// same infinity, and NaN is close to nothing (`equal_nan=False`).
pub fn isclose(a: f64, b: f64) -> bool {
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    (a - b).abs() <= ATOL + RTOL * b.abs()
}

/// NumPy's `allclose(a, b)` for arrays of the same shape.
///
/// # Errors
/// A [`Mismatch`] naming the shapes when they differ, or the first index
/// where the elements are not [`isclose`].
pub fn allclose<'a, 'b, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, f64, D1>,
    b: impl AsArray<'b, f64, D2>,
) -> Result<(), Mismatch> {
    first_difference(a.into(), b.into(), |&x, &y| isclose(x, y), "not close")
}

/// Elementwise equality (NumPy's `array_equal`) for arrays of the same shape.
///
/// # Errors
/// A [`Mismatch`] naming the shapes when they differ, or the first index
/// where the elements differ.
pub fn equal<'a, 'b, T: PartialEq + Debug + 'a + 'b, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, T, D1>,
    b: impl AsArray<'b, T, D2>,
) -> Result<(), Mismatch> {
    first_difference(a.into(), b.into(), T::eq, "differ")
}

/// One of the seed's scalar assertions: `Ok` when `condition` holds.
///
/// # Errors
/// A [`Mismatch`] with the text of the assertion.
pub fn ensure(condition: bool, assertion: &str) -> Result<(), Mismatch> {
    if condition { Ok(()) } else { Err(Mismatch(format!("assertion failed: {assertion}"))) }
}

/// Compares two arrays of the same shape elementwise with `same`.
fn first_difference<T: Debug, D1: Dimension, D2: Dimension>(
    a: ArrayView<'_, T, D1>,
    b: ArrayView<'_, T, D2>,
    same: impl Fn(&T, &T) -> bool,
    verb: &str,
) -> Result<(), Mismatch> {
    if a.shape() != b.shape() {
        return Err(Mismatch(format!("shapes differ: {:?} and {:?}", a.shape(), b.shape())));
    }
    let (a, b) = (a.into_dyn(), b.into_dyn());
    match a.indexed_iter().zip(b.iter()).find(|((_, x), y)| !same(x, y)) {
        None => Ok(()),
        Some(((index, x), y)) => Err(Mismatch(format!("{x:?} and {y:?} {verb} at index {:?}", index.slice()))),
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn isclose_follows_numpy() {
        assert!(isclose(1.0, 1.0 + 1e-6));
        assert!(!isclose(1.0, 1.0 + 1e-4));
        assert!(isclose(0.0, 5e-9));
        assert!(isclose(f64::INFINITY, f64::INFINITY));
        assert!(!isclose(f64::INFINITY, f64::NEG_INFINITY));
        assert!(!isclose(f64::NAN, f64::NAN));
        assert!(!isclose(1.0, f64::NAN));
    }

    #[test]
    fn allclose_reports_the_first_difference() {
        assert_eq!(allclose(&array![1.0, 2.0], &array![1.0, 2.0]), Ok(()));
        let err = allclose(&array![[1.0, 2.0], [3.0, 4.0]], &array![[1.0, 2.0], [3.0, 4.5]]).unwrap_err();
        assert_eq!(err.0, "4.0 and 4.5 not close at index [1, 1]");
        let err = allclose(&array![1.0, f64::NAN], &array![1.0, f64::NAN]).unwrap_err();
        assert!(err.0.contains("[1]"), "{err}");
    }

    #[test]
    fn shapes_must_match() {
        let err = equal(&array![1, 2], &array![[1, 2]]).unwrap_err();
        assert_eq!(err.0, "shapes differ: [2] and [1, 2]");
        assert_eq!(equal(&array![true, false], &array![true, false]), Ok(()));
    }
}
