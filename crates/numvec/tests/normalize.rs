//! zscore: values against a plain two-pass reference on every layout, the
//! zero-variance rule, NaN, ddof, in-place and `_into` forms, errors.

use ndarray::{Array, Array2, Array3, ArrayD, Axis, IxDyn, ShapeBuilder, array, s};
use numvec::{Error, zscore, zscore_inplace, zscore_into};
use proptest::prelude::*;

/// `(x - mean) / std` lane by lane, two passes with compensated sums over
/// the offsets from the lane's first value (exact for data with a large
/// offset, so the offset's rounding does not reach the result), with a std
/// of 0 replaced by 1.
fn reference(x: &ArrayD<f64>, axis: usize, ddof: usize) -> ArrayD<f64> {
    let mut out = x.clone();
    for mut lane in out.lanes_mut(Axis(axis)) {
        let (n, first) = (lane.len() as f64, lane[0]);
        let mean = kahan(lane.iter().map(|&v| v - first)) / n;
        let deviation = |v: f64| (v - first) - mean;
        let var = kahan(lane.iter().map(|&v| deviation(v) * deviation(v))) / (n - ddof as f64).max(0.0);
        let std = if var.sqrt() == 0.0 { 1.0 } else { var.sqrt() };
        lane.mapv_inplace(|v| deviation(v) / std);
    }
    out
}

fn kahan(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut carry) = (0.0_f64, 0.0_f64);
    for v in values {
        let y = v - carry;
        let t = sum + y;
        carry = (t - sum) - y;
        sum = t;
    }
    sum
}

fn assert_close(actual: &ArrayD<f64>, expected: &ArrayD<f64>, tol: f64) {
    assert_eq!(actual.shape(), expected.shape());
    for (a, e) in actual.iter().zip(expected) {
        let ok = (a.is_nan() && e.is_nan()) || (a - e).abs() <= tol * e.abs().max(1.0);
        assert!(ok, "{a} vs {e}");
    }
}

fn values(shape: &[usize], offset: f64) -> ArrayD<f64> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    ArrayD::from_shape_fn(IxDyn(shape), |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        offset + (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    })
}

#[test]
fn columns_and_rows_match_the_reference() {
    for shape in [[300, 7], [7, 300], [1, 5], [5, 1], [1000, 64]] {
        let x = values(&shape, 0.0);
        for axis in [0, 1] {
            let z = zscore(&x, axis as isize, 0).unwrap();
            assert_close(&z, &reference(&x, axis, 0), 1e-13);
        }
    }
}

#[test]
fn large_offsets_lose_no_precision() {
    let x = values(&[20_000, 3], 1e6);
    let z = zscore(&x, 0, 0).unwrap();
    assert_close(&z, &reference(&x, 0, 0), 1e-12);
    assert_close(&zscore(&x.t(), 1, 1).unwrap(), &reference(&x.t().to_owned(), 1, 1), 1e-12);
}

#[test]
fn a_constant_lane_is_divided_by_one() {
    let x = array![[3.0_f64, 1.0], [3.0, 2.0], [3.0, 3.0]];
    let z = zscore(&x, 0, 0).unwrap();
    assert_eq!(z.column(0).to_vec(), vec![0.0, 0.0, 0.0]);
    assert!(z.column(0).iter().all(|v| v.is_sign_positive()));
}

#[test]
fn nan_and_ddof_follow_numpy() {
    let x = array![[1.0_f64, f64::NAN], [2.0, 1.0]];
    let z = zscore(&x, 0, 0).unwrap();
    assert!(z.column(1).iter().all(|v| v.is_nan()));
    assert_eq!(z.column(0).to_vec(), vec![-1.0, 1.0]);
    // n - ddof = 0: std is inf, every value becomes a signed zero.
    let z = zscore(&array![1.0_f64, 3.0], 0, 2).unwrap();
    assert_eq!(z.to_vec(), vec![-0.0, 0.0]);
    assert!(z[0].is_sign_negative());
    // A single value with ddof=1: std 0/0 = NaN.
    assert!(zscore(&array![5.0_f64], 0, 1).unwrap()[0].is_nan());
}

#[test]
fn integers_give_float64_and_f32_stays_f32() {
    let z: Array2<f64> = zscore(&array![[1, 2], [3, 4]], 0, 0).unwrap();
    assert_eq!(z, array![[-1.0, -1.0], [1.0, 1.0]]);
    let z32: Array2<f32> = zscore(&array![[1.0_f32], [3.0]], 0, 0).unwrap();
    assert_eq!(z32, array![[-1.0_f32], [1.0]]);
}

#[test]
fn in_place_and_into_agree_with_the_allocating_form() {
    let x = values(&[40, 6, 5], 10.0);
    for axis in [-3, -2, -1, 0, 1, 2] {
        let expected = zscore(&x, axis, 1).unwrap();
        let mut y = x.clone();
        zscore_inplace(&mut y, axis, 1).unwrap();
        assert_eq!(y, expected);
        let mut out = Array3::<f64>::zeros((40, 6, 5)).into_dyn();
        zscore_into(&x, axis, 1, &mut out).unwrap();
        assert_eq!(out, expected);
    }
}

#[test]
fn errors_leave_the_array_untouched() {
    let mut x = array![[1.0, 2.0], [3.0, 5.0]];
    assert_eq!(zscore_inplace(&mut x, 2, 0), Err(Error::AxisOutOfBounds { axis: 2, ndim: 2 }));
    let mut out = Array2::<f64>::zeros((2, 3));
    assert!(matches!(zscore_into(&x, 0, 0, &mut out), Err(Error::OutputShape { .. })));
    assert_eq!(out, Array2::zeros((2, 3)));
    assert_eq!(x, array![[1.0, 2.0], [3.0, 5.0]]);
    assert!(zscore(&Array2::<f64>::zeros((0, 3)), 0, 0).unwrap().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every layout (C, Fortran, reversed, strided) gives the reference's values.
    #[test]
    fn every_layout_matches_the_reference(
        shape in prop::collection::vec(1usize..9, 1..4),
        axis_seed in 0usize..4,
        layout in 0usize..4,
        ddof in 0usize..2,
        offset in prop_oneof![Just(0.0), Just(1e6)],
    ) {
        let x = values(&shape, offset);
        let axis = axis_seed % shape.len();
        let expected = reference(&x, axis, ddof);
        let mut y: ArrayD<f64> = match layout {
            0 => x.clone(),
            1 => { let mut f = Array::zeros(IxDyn(&shape).f()); f.assign(&x); f }
            2 => { let mut r = x.clone(); r.invert_axis(Axis(axis)); r.assign(&x); r }
            _ => {
                let mut wide_shape = shape.clone();
                *wide_shape.last_mut().unwrap() *= 2;
                let mut wide = ArrayD::zeros(IxDyn(&wide_shape));
                let last = shape.len() - 1;
                wide.slice_axis_mut(Axis(last), ndarray::Slice::new(0, None, 2)).assign(&x);
                let mut view = wide.slice_axis_mut(Axis(last), ndarray::Slice::new(0, None, 2));
                zscore_inplace(&mut view, axis as isize, ddof).unwrap();
                let got = view.to_owned();
                assert_close(&got, &expected, 1e-12);
                return Ok(());
            }
        };
        zscore_inplace(&mut y, axis as isize, ddof).unwrap();
        assert_close(&y, &expected, 1e-12);
        let _ = s![..];
    }
}
