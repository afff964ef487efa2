//! Elementwise operations: broadcasting, layouts, NumPy's special-value rules
//! and errors.

use ndarray::{Array, Array1, Array2, ArrayD, Axis, IxDyn, arr0, array, s};
use numvec::{Error, Result};
use proptest::prelude::*;

fn single_threaded<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(f)
}

#[test]
fn broadcasting_follows_numpy() -> Result<()> {
    let column = array![[1.0], [2.0]];
    let row = array![10.0, 20.0, 30.0];
    let sum = numvec::add(&column, &row)?;
    assert_eq!(sum, array![[11.0, 21.0, 31.0], [12.0, 22.0, 32.0]]);
    let table = numvec::multiply(&Array1::from_iter(1..=10).insert_axis(Axis(1)), &Array1::from_iter(1..=10))?;
    assert_eq!(table[[2, 3]], 12);
    assert_eq!(table[[9, 9]], 100);
    Ok(())
}

#[test]
fn mismatched_shapes_are_errors_with_numpys_message() {
    let err = numvec::add(&array![1.0, 2.0, 3.0], &array![1.0, 2.0]).unwrap_err();
    assert_eq!(err.to_string(), "operands could not be broadcast together with shapes (3,) (2,)");
}

#[test]
fn into_rejects_a_too_small_output_and_leaves_it_untouched() {
    let mut out = Array1::from_elem(3, 7.0);
    let err = numvec::add_into(&array![[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], &arr0(1.0), &mut out).unwrap_err();
    assert!(matches!(err, Error::OutputShape { .. }), "{err}");
    assert_eq!(out, Array1::from_elem(3, 7.0));
}

#[test]
fn into_broadcasts_inputs_to_a_larger_output() -> Result<()> {
    let mut out = Array2::zeros((2, 3));
    numvec::add_into(&array![1, 2, 3], &arr0(1), &mut out)?;
    assert_eq!(out, array![[2, 3, 4], [2, 3, 4]]);
    Ok(())
}

#[test]
fn maximum_and_minimum_propagate_nan_and_prefer_the_second_on_ties() -> Result<()> {
    let a = array![f64::NAN, 1.0, -0.0, 0.0];
    let b = array![1.0, f64::NAN, 0.0, -0.0];
    let max = numvec::maximum(&a, &b)?;
    assert!(max[0].is_nan() && max[1].is_nan());
    assert!(max[2].is_sign_positive() && max[3].is_sign_negative());
    let min = numvec::minimum(&a, &b)?;
    assert!(min[0].is_nan() && min[1].is_nan());
    Ok(())
}

#[test]
fn relu_is_maximum_with_zero() {
    let x = array![-1.5, 0.0, -0.0, 2.0, f64::NAN];
    let r = numvec::relu(&x);
    assert_eq!(r.slice(s![..4]), array![0.0, 0.0, 0.0, 2.0]);
    assert!(r[2].is_sign_positive());
    assert!(r[4].is_nan());
}

#[test]
fn integers_wrap_like_numpy() -> Result<()> {
    assert_eq!(numvec::add(&array![i32::MAX], &array![1])?, array![i32::MIN]);
    assert_eq!(numvec::negative(&array![i64::MIN]), array![i64::MIN]);
    assert_eq!(numvec::abs(&array![i32::MIN, -3]), array![i32::MIN, 3]);
    Ok(())
}

#[test]
fn booleans_add_as_or_and_multiply_as_and() -> Result<()> {
    assert_eq!(numvec::add(&array![true, false, false], &array![true, true, false])?, array![true, true, false]);
    assert_eq!(numvec::multiply(&array![true, false], &array![true, true])?, array![true, false]);
    Ok(())
}

#[test]
fn clip_and_where_broadcast_three_ways() -> Result<()> {
    let x = array![[-2.0, 0.5, 3.0], [1.0, f64::NAN, -1.0]];
    let clipped = numvec::clip(&x, &array![0.0, 0.0, 0.0], &arr0(1.0))?;
    assert_eq!(clipped.slice(s![0, ..]), array![0.0, 0.5, 1.0]);
    assert!(clipped[[1, 1]].is_nan());
    let low_above_high = numvec::clip(&array![5], &arr0(3), &arr0(1))?;
    assert_eq!(low_above_high, array![1].into_dyn());
    let picked = numvec::where_(&array![[true], [false]], &array![1, 2], &arr0(0))?;
    assert_eq!(picked, array![[1, 2], [0, 0]].into_dyn());
    Ok(())
}

#[test]
fn inplace_updates_the_left_operand() -> Result<()> {
    let mut x = array![[1.0, 2.0], [3.0, 4.0]];
    numvec::subtract_inplace(&mut x, &array![1.0, 2.0])?;
    numvec::divide_inplace(&mut x, &array![[2.0], [1.0]])?;
    assert_eq!(x, array![[0.0, 0.0], [2.0, 2.0]]);
    numvec::sqrt_inplace(&mut x);
    assert_eq!(x[[1, 0]], 2.0_f64.sqrt());
    let err = numvec::add_inplace(&mut array![1.0, 2.0], &array![[1.0, 2.0], [1.0, 2.0]]).unwrap_err();
    assert!(matches!(err, Error::OutputShape { .. }));
    Ok(())
}

#[test]
fn zero_dimensional_and_empty_operands() -> Result<()> {
    assert_eq!(numvec::add(&arr0(1.0), &arr0(2.0))?, arr0(3.0));
    let empty = Array2::<f64>::zeros((0, 3));
    assert_eq!(numvec::multiply(&empty, &array![1.0, 2.0, 3.0])?.shape(), &[0, 3]);
    Ok(())
}

#[test]
fn comparisons_give_booleans_and_nan_compares_unequal() -> Result<()> {
    let x = array![1.0, f64::NAN, 3.0];
    assert_eq!(numvec::greater(&x, &arr0(2.0))?, array![false, false, true]);
    assert_eq!(numvec::not_equal(&x, &x)?, array![false, true, false]);
    assert_eq!(numvec::less_equal(&array![1, 2], &array![2, 2])?, array![true, true]);
    Ok(())
}

/// A naive reference: index every element of the broadcast result.
fn reference_add(a: &ArrayD<f64>, b: &ArrayD<f64>) -> ArrayD<f64> {
    let shape = numvec::broadcast_shapes(&[a.shape(), b.shape()]).unwrap();
    let (a, b) = (a.broadcast(IxDyn(&shape)).unwrap(), b.broadcast(IxDyn(&shape)).unwrap());
    Array::from_shape_fn(IxDyn(&shape), |index| a[&index] + b[&index])
}

fn shape_and_values(max_rank: usize) -> impl Strategy<Value = ArrayD<f64>> {
    proptest::collection::vec(0usize..5, 0..=max_rank).prop_flat_map(|shape| {
        let len = shape.iter().product::<usize>();
        proptest::collection::vec(-100.0..100.0f64, len)
            .prop_map(move |values| ArrayD::from_shape_vec(shape.clone(), values).unwrap())
    })
}

proptest! {
    #[test]
    fn add_matches_the_naive_reference(a in shape_and_values(3), b in shape_and_values(3)) {
        let reference_shape = numvec::broadcast_shapes(&[a.shape(), b.shape()]);
        match numvec::add(&a, &b) {
            Ok(sum) => prop_assert_eq!(sum, reference_add(&a, &b)),
            Err(err) => prop_assert!(reference_shape.is_err(), "{}", err),
        }
    }

    #[test]
    fn strided_and_reversed_views_match_contiguous_copies(a in shape_and_values(3), flip in 0usize..3) {
        let mut view = a.view();
        if view.ndim() > 0 {
            let axis = Axis(flip % view.ndim());
            view.invert_axis(axis);
        }
        let expected = numvec::multiply(&view.to_owned(), &view.to_owned())?;
        prop_assert_eq!(numvec::multiply(&view, &view)?, expected);
        let transposed = a.t();
        prop_assert_eq!(numvec::exp(&transposed), numvec::exp(&transposed.to_owned()));
    }

    #[test]
    fn parallel_results_equal_single_threaded(len in 40_000usize..70_000, offset in -3.0..3.0f64) {
        let x = Array1::from_shape_fn(len, |i| (i as f64).sin() + offset);
        let y = x.slice(s![..;-1]).to_owned();
        let parallel = numvec::maximum(&x, &y)?;
        let sequential = single_threaded(|| numvec::maximum(&x, &y))?;
        prop_assert_eq!(parallel, sequential);
    }
}
