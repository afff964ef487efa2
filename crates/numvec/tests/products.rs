//! outer: NumPy's `outer` (both inputs flattened in C order) on every dtype
//! and layout.

use ndarray::{Array, Array1, Array2, ArrayD, IxDyn, arr0, array, s};
use numvec::{Element, Error, outer};
use proptest::prelude::*;

fn naive_outer<A: Element>(a: &[A], b: &[A]) -> Array2<A> {
    Array2::from_shape_fn((a.len(), b.len()), |(i, j)| a[i].mul(b[j]))
}

#[test]
fn every_dtype() {
    assert_eq!(outer(&array![true, false], &array![true, true]).unwrap(), array![[true, true], [false, false]]);
    assert_eq!(
        outer(&array![2_i32, -3], &array![i32::MAX, 4]).unwrap(),
        array![[-2, 8], [i32::MAX.wrapping_mul(-3), -12]]
    );
    assert_eq!(outer(&array![1_i64 << 40], &array![1_i64 << 30]).unwrap(), array![[0_i64]]);
    assert_eq!(outer(&array![0.5_f32, 2.0], &array![4.0_f32]).unwrap(), array![[2.0_f32], [8.0]]);
    let r = outer(&array![-0.0, f64::INFINITY], &array![1.0, 0.0, f64::NAN]).unwrap();
    assert!(r[[0, 0]].is_sign_negative() && r[[1, 1]].is_nan() && r[[1, 0]] == f64::INFINITY && r[[0, 2]].is_nan());
}

#[test]
fn inputs_are_flattened_in_c_order() {
    let a = array![[1, 2], [3, 4]];
    let b = array![10, 100];
    assert_eq!(outer(&a, &b).unwrap(), array![[10, 100], [20, 200], [30, 300], [40, 400]]);
    assert_eq!(outer(a.t(), &b).unwrap(), array![[10, 100], [30, 300], [20, 200], [40, 400]]);
    assert_eq!(outer(&arr0(3), &b).unwrap(), array![[30, 300]]);
    let rev = Array1::from(vec![1.0, 2.0, 3.0, 4.0]);
    assert_eq!(outer(rev.slice(s![..;-2]), &array![1.0]).unwrap(), array![[4.0], [2.0]]);
    let broadcast = b.broadcast((2, 2)).unwrap();
    assert_eq!(outer(&array![1], &broadcast).unwrap(), array![[10, 100, 10, 100]]);
}

#[test]
fn empty_inputs_give_empty_results() {
    assert_eq!(outer(&Array1::<f64>::zeros(0), &array![1.0, 2.0]).unwrap().shape(), &[0, 2]);
    assert_eq!(outer(&array![1.0], &ArrayD::<f64>::zeros(IxDyn(&[3, 0]))).unwrap().shape(), &[1, 0]);
}

#[test]
fn impossible_sizes_are_errors() {
    let huge = arr0(1.0_f64);
    let long = huge.broadcast(1_usize << 40).unwrap();
    assert!(matches!(outer(&long, &long), Err(Error::TooLarge { .. })));
}

#[test]
fn large_outputs_match_the_naive_product_whatever_the_thread_count() {
    let a = Array::from_iter((0..300).map(|i| (i as f64).sin()));
    let b = Array::from_iter((0..500).map(|i| (i as f64).cos()));
    let run = || outer(&a, &b).unwrap();
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(run);
    assert_eq!(run(), single);
    assert_eq!(run(), naive_outer(a.as_slice().unwrap(), b.as_slice().unwrap()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn outer_equals_the_naive_product(
        a in prop::collection::vec(-1e6..1e6_f64, 0..40),
        b in prop::collection::vec(-1e6..1e6_f64, 0..40),
        rows in 1..4_usize,
    ) {
        prop_assert_eq!(outer(&Array1::from(a.clone()), &Array1::from(b.clone())).unwrap(), naive_outer(&a, &b));
        let ints: Vec<i64> = a.iter().map(|&v| v as i64).collect();
        prop_assert_eq!(outer(&Array1::from(ints.clone()), &Array1::from(ints.clone())).unwrap(), naive_outer(&ints, &ints));
        let cut = a.len() / rows * rows;
        let grid = Array2::from_shape_vec((rows, cut / rows), a[..cut].to_vec()).unwrap();
        prop_assert_eq!(outer(grid.t(), &Array1::from(b.clone())).unwrap(), naive_outer(&grid.t().iter().copied().collect::<Vec<_>>(), &b));
    }
}
