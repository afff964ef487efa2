//! argmax_onehot: NumPy's argmax rules (first maximum, first NaN wins) on
//! every dtype, axis form and layout.

use ndarray::{Array, ArrayD, ArrayViewD, Axis, IxDyn, ShapeBuilder, arr0, array, s};
use numvec::{Element, Error, argmax_onehot};
use proptest::prelude::*;

/// NumPy's `argmax` of every lane, one-hot encoded.
fn naive_onehot<A: Element>(x: ArrayViewD<'_, A>, axis: usize) -> ArrayD<A> {
    let mut out = ArrayD::from_elem(x.raw_dim(), A::ZERO);
    for (lane, mut o) in x.lanes(Axis(axis)).into_iter().zip(out.lanes_mut(Axis(axis))) {
        let mut best = 0;
        for (i, &v) in lane.iter().enumerate() {
            if lane[best].is_nan() {
                break;
            }
            if v.is_nan() || v > lane[best] {
                best = i;
            }
        }
        o[best] = A::ONE;
    }
    out
}

#[test]
fn every_dtype() {
    assert_eq!(argmax_onehot(&array![false, true, true], 0).unwrap(), array![false, true, false]);
    assert_eq!(argmax_onehot(&array![false, false], 0).unwrap(), array![true, false]);
    assert_eq!(
        argmax_onehot(&array![[3_i32, 9, 9], [i32::MIN, i32::MIN, -1]], 1).unwrap(),
        array![[0, 1, 0], [0, 0, 1]]
    );
    assert_eq!(argmax_onehot(&array![[3_i64, 1], [2, 4]], 0).unwrap(), array![[1, 0], [0, 1]]);
    assert_eq!(
        argmax_onehot(&array![0.5_f32, f32::NAN, 2.0], 0).unwrap().mapv(|v| v == 1.0),
        array![false, true, false]
    );
    assert_eq!(argmax_onehot(&array![1.0, 3.0, 2.0], -1).unwrap(), array![0.0, 1.0, 0.0]);
}

#[test]
fn nan_inf_and_signed_zero_follow_numpy_argmax() {
    let x = array![
        [1.0, f64::NAN, 3.0, f64::NAN],
        [f64::NAN, f64::INFINITY, 0.0, 0.0],
        [-0.0, 0.0, -1.0, -2.0],
        [f64::NEG_INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY],
        [1.0, f64::INFINITY, f64::INFINITY, 2.0],
    ];
    let expected = array![
        [0.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
    ];
    assert_eq!(argmax_onehot(&x, 1).unwrap(), expected);
    assert_eq!(argmax_onehot(&x.t(), 0).unwrap(), expected.t());
}

#[test]
fn every_axis_of_a_3d_array() {
    let x = Array::from_iter((0..60).map(|i| ((i * 37) % 11) as i64)).into_shape_with_order((3, 4, 5)).unwrap();
    for axis in -3..3_isize {
        let ax = if axis < 0 { (axis + 3) as usize } else { axis as usize };
        assert_eq!(argmax_onehot(&x, axis).unwrap().into_dyn(), naive_onehot(x.view().into_dyn(), ax), "axis {axis}");
    }
}

#[test]
fn reversed_sliced_and_broadcast_views() {
    let x = Array::from_iter((0..42).map(|i| ((i * 29) % 13) as f64)).into_shape_with_order((6, 7)).unwrap();
    let row = x.row(1);
    let views = [x.slice(s![..;-1, ..]), x.slice(s![1.., ..;-3]), x.t(), row.broadcast((3, 7)).unwrap()];
    for v in views {
        for axis in [0, 1, -1] {
            let ax = if axis < 0 { 1 } else { axis as usize };
            let got = argmax_onehot(&v, axis).unwrap();
            assert_eq!(got, argmax_onehot(&v.to_owned(), axis).unwrap());
            assert_eq!(got.into_dyn(), naive_onehot(v.into_dyn(), ax));
        }
    }
}

#[test]
fn fortran_ordered_inputs_keep_their_order() {
    let x = Array::from_iter((0..60).map(|i| ((i * 37) % 11) as f64)).into_shape_with_order((3, 4, 5)).unwrap();
    let f = x.view().reversed_axes().as_standard_layout().reversed_axes().into_owned();
    assert!(f.t().is_standard_layout() && f == x);
    for axis in -3..3_isize {
        let r = argmax_onehot(&f, axis).unwrap();
        assert!(r.t().is_standard_layout());
        assert_eq!(r, argmax_onehot(&x, axis).unwrap());
    }
    assert!(argmax_onehot(&ArrayD::<f64>::zeros(IxDyn(&[2, 0]).f()), 1).is_err());
}

#[test]
fn empty_lanes_raise_like_numpy_and_empty_arrays_do_not() {
    let err = argmax_onehot(&ArrayD::<f64>::zeros(IxDyn(&[3, 0])), 1).unwrap_err();
    assert_eq!(err, Error::EmptyArgReduction { op: "argmax" });
    assert_eq!(err.to_string(), "attempt to get argmax of an empty sequence");
    assert!(argmax_onehot(&ArrayD::<f64>::zeros(IxDyn(&[0, 0])), 1).is_err());
    assert!(argmax_onehot(&ArrayD::<i32>::zeros(IxDyn(&[0])), 0).is_err());
    assert_eq!(argmax_onehot(&ArrayD::<f64>::zeros(IxDyn(&[0, 3])), 1).unwrap().shape(), &[0, 3]);
    assert_eq!(argmax_onehot(&array![[5.0], [2.0]], 1).unwrap(), array![[1.0], [1.0]]);
}

#[test]
fn zero_dimensional_and_axis_errors() {
    assert_eq!(argmax_onehot(&arr0(2.5), 0).unwrap(), arr0(1.0));
    assert_eq!(argmax_onehot(&arr0(7_i32), -1).unwrap(), arr0(1));
    assert_eq!(
        argmax_onehot(&arr0(2.5), 1).unwrap_err().to_string(),
        "axis 1 is out of bounds for array of dimension 1"
    );
    assert_eq!(argmax_onehot(&array![[1.0]], -3).unwrap_err(), Error::AxisOutOfBounds { axis: -3, ndim: 2 });
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let x =
        Array::from_iter((0..80_000).map(|i| ((i * 7919) % 1009) as f64)).into_shape_with_order((5000, 16)).unwrap();
    let run = || (argmax_onehot(&x, 1).unwrap(), argmax_onehot(&x, 0).unwrap());
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(run);
    assert_eq!(run(), single);
    assert_eq!(run().0.into_dyn(), naive_onehot(x.view().into_dyn(), 1));
    assert_eq!(run().1.into_dyn(), naive_onehot(x.view().into_dyn(), 0));
}

fn any_array() -> impl Strategy<Value = ArrayD<f64>> {
    prop::collection::vec(1..5_usize, 1..=3).prop_flat_map(|shape| {
        let len = shape.iter().product::<usize>();
        let value = prop_oneof![
            8 => (-4..4_i32).prop_map(f64::from),
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
        ];
        prop::collection::vec(value, len).prop_map(move |v| ArrayD::from_shape_vec(IxDyn(&shape), v).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn long_lanes_equal_the_naive_argmax(
        lanes in prop::collection::vec(
            prop::collection::vec(prop_oneof![8 => (-3..3_i32).prop_map(f64::from), 1 => Just(f64::NAN)], 24..=24),
            1..6,
        ),
        len in 1..24_usize,
    ) {
        let rows = lanes.len();
        let x = ndarray::Array2::from_shape_fn((rows, len), |(i, j)| lanes[i][j]);
        prop_assert_eq!(argmax_onehot(&x, 1).unwrap().into_dyn(), naive_onehot(x.view().into_dyn(), 1));
        prop_assert_eq!(argmax_onehot(&x.t(), 0).unwrap().into_dyn(), naive_onehot(x.t().into_dyn(), 0));
        let ints = x.mapv(|v| if v.is_nan() { i64::MIN } else { v as i64 });
        prop_assert_eq!(argmax_onehot(&ints, 1).unwrap().into_dyn(), naive_onehot(ints.view().into_dyn(), 1));
    }

    #[test]
    fn onehot_equals_the_naive_argmax(x in any_array(), axis in -3..3_isize) {
        let ndim = x.ndim() as isize;
        if !(-ndim..ndim).contains(&axis) {
            prop_assert!(argmax_onehot(&x, axis).is_err());
            return Ok(());
        }
        let ax = if axis < 0 { axis + ndim } else { axis } as usize;
        prop_assert_eq!(argmax_onehot(&x, axis).unwrap(), naive_onehot(x.view(), ax));
        let ints = x.mapv(|v| if v.is_nan() { 9 } else { v.clamp(-10.0, 10.0) as i32 });
        prop_assert_eq!(argmax_onehot(&ints, axis).unwrap(), naive_onehot(ints.view(), ax));
        let reversed = x.slice_each_axis(|_| ndarray::Slice::new(0, None, -1));
        prop_assert_eq!(argmax_onehot(&reversed, axis).unwrap(), naive_onehot(reversed.view(), ax));
    }
}
