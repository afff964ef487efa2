//! isclose, allclose and array_equal: NumPy's formulas and special values.

use ndarray::{Array1, ArrayD, IxDyn, arr0, array};
use numvec::{Error, allclose, array_equal, isclose};
use proptest::prelude::*;

const RTOL: f64 = 1e-5;
const ATOL: f64 = 1e-8;

#[test]
fn numpy_asymmetric_formula() {
    // |a - b| <= atol + rtol * |b|: b is the reference.
    let a = array![1.0, 100.0, 0.0, 1e-9];
    let b = array![1.0 + 1e-6, 100.002, 1e-8, 0.0];
    assert_eq!(isclose(&a, &b, RTOL, ATOL, false).unwrap(), array![true, false, true, true]);
    assert_eq!(isclose(&array![10.0], &array![11.05], 0.1, 0.0, false).unwrap(), array![true]);
    assert_eq!(isclose(&array![11.05], &array![10.0], 0.1, 0.0, false).unwrap(), array![false]);
}

#[test]
fn infinities_and_nans() {
    let inf = f64::INFINITY;
    let a = array![inf, -inf, inf, f64::NAN, 1.0, 1e308];
    let b = array![inf, inf, 1e308, f64::NAN, inf, inf];
    assert_eq!(isclose(&a, &b, RTOL, ATOL, false).unwrap(), array![true, false, false, false, false, false]);
    assert_eq!(isclose(&a, &b, RTOL, ATOL, true).unwrap(), array![true, false, false, true, false, false]);
    assert_eq!(isclose(&array![f64::NAN], &array![1.0], RTOL, ATOL, true).unwrap(), array![false]);
    assert_eq!(isclose(&array![-0.0], &array![0.0], 0.0, 0.0, false).unwrap(), array![true]);
}

#[test]
fn integers_and_bools_compare_as_float64() {
    assert_eq!(isclose(&array![1_i32, 2], &array![1, 5], 0.5, 0.0, false).unwrap(), array![true, false]);
    assert_eq!(isclose(&array![100_i64], &array![101], 0.01, 0.0, false).unwrap(), array![true]);
    assert_eq!(isclose(&array![i64::MAX], &array![i64::MAX - 1], 0.0, 0.0, false).unwrap(), array![true]);
    assert_eq!(isclose(&array![true, false], &array![true, true], RTOL, ATOL, false).unwrap(), array![true, false]);
}

#[test]
fn float32_compares_in_float32() {
    // NumPy: np.isclose(np.float32([1, 2]), np.float32([1.00002, 2])) -> [False, True]
    let a = array![1.0_f32, 2.0];
    let b = array![1.00002_f32, 2.0];
    assert_eq!(isclose(&a, &b, RTOL, ATOL, false).unwrap(), array![false, true]);
    assert_eq!(isclose(&array![1e10_f32], &array![1.00001e10_f32], RTOL, ATOL, false).unwrap(), array![false]);
}

#[test]
fn broadcasting_and_shapes() {
    let grid = array![[1.0, 2.0], [3.0, 4.0]];
    let r = isclose(&grid, &array![1.0, 4.0], RTOL, ATOL, false).unwrap();
    assert_eq!(r, array![[true, false], [false, true]]);
    assert_eq!(isclose(&arr0(1.0), &arr0(1.0), RTOL, ATOL, false).unwrap(), arr0(true));
    let err = isclose(&array![1.0, 2.0, 3.0], &array![1.0, 2.0], RTOL, ATOL, false).unwrap_err();
    assert_eq!(err.to_string(), "operands could not be broadcast together with shapes (3,) (2,)");
    assert!(matches!(
        allclose(&array![1.0, 2.0, 3.0], &array![1.0, 2.0], RTOL, ATOL, false),
        Err(Error::Broadcast { .. })
    ));
}

#[test]
fn allclose_reduces_isclose() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    assert!(allclose(&a, &(&a + 1e-9), RTOL, ATOL, false).unwrap());
    assert!(!allclose(&a, &(&a + 1e-3), RTOL, ATOL, false).unwrap());
    assert!(allclose(&a.row(0), &a.slice(ndarray::s![..1, ..]), RTOL, ATOL, false).unwrap());
    assert!(allclose(&Array1::<f64>::zeros(0), &Array1::<f64>::zeros(0), RTOL, ATOL, false).unwrap());
    assert!(!allclose(&array![f64::NAN], &array![f64::NAN], RTOL, ATOL, false).unwrap());
    assert!(allclose(&array![f64::NAN], &array![f64::NAN], RTOL, ATOL, true).unwrap());
    let big = Array1::from_iter((0..100_000).map(|i| i as f64));
    let mut near = big.clone() + 1e-9;
    assert!(allclose(&big, &near, RTOL, ATOL, false).unwrap());
    near[77_777] += 1.0;
    assert!(!allclose(&big, &near, RTOL, ATOL, false).unwrap());
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    assert!(!single.install(|| allclose(&big, &near, RTOL, ATOL, false).unwrap()));
}

#[test]
fn array_equal_follows_numpy() {
    assert!(array_equal(&array![1, 2], &array![1, 2], false));
    assert!(!array_equal(&array![1, 2], &array![1, 2, 3], false));
    assert!(!array_equal(&array![0.0, 0.0, 0.0], &array![[0.0, 0.0, 0.0]], false));
    assert!(array_equal(&array![-0.0], &array![0.0], false));
    assert!(!array_equal(&array![f64::NAN], &array![f64::NAN], false));
    assert!(array_equal(&array![1.0, f64::NAN], &array![1.0, f64::NAN], true));
    assert!(!array_equal(&array![1.0, f64::NAN], &array![f64::NAN, 1.0], true));
    assert!(array_equal(&ArrayD::<i32>::zeros(IxDyn(&[0, 3])), &ArrayD::<i32>::zeros(IxDyn(&[0, 3])), false));
    assert!(array_equal(&array![true, false], &array![true, false], true));
    let x = array![[1, 2], [3, 4]];
    assert!(array_equal(x.t(), &array![[1, 3], [2, 4]], false));
    let big = Array1::from_iter(0..100_000_i64);
    let mut other = big.clone();
    assert!(array_equal(&big, &other, false));
    other[99_999] = 0;
    assert!(!array_equal(&big, &other, false));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn isclose_equals_the_numpy_formula(
        pairs in prop::collection::vec((-1e3..1e3_f64, -1e-2..1e-2_f64), 0..50),
        rtol in 0.0..1e-3_f64,
        atol in 0.0..1e-3_f64,
    ) {
        let a = Array1::from_iter(pairs.iter().map(|p| p.0));
        let b = Array1::from_iter(pairs.iter().map(|p| p.0 + p.1));
        let expected = a.iter().zip(&b).map(|(&x, &y)| (x - y).abs() <= atol + rtol * y.abs()).collect::<Array1<_>>();
        prop_assert_eq!(isclose(&a, &b, rtol, atol, false).unwrap(), expected.clone());
        prop_assert_eq!(allclose(&a, &b, rtol, atol, false).unwrap(), expected.iter().all(|&c| c));
        prop_assert!(array_equal(&a, &a, false));
        prop_assert_eq!(array_equal(&a, &b, false), a == b);
    }
}
