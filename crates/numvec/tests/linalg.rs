//! matmul: NumPy's semantics (1-D promotion, batch broadcasting, errors) on
//! every dtype and layout, against a naive product.

use ndarray::{Array, Array2, ArrayD, Dimension, IxDyn, array, s};
use numvec::linalg::{matmul, matmul_into};
use numvec::{Error, LinalgElement};
use proptest::prelude::*;

/// The naive `matmul` of two arrays of rank >= 2 with equal batch shapes.
fn naive<A: LinalgElement>(a: &ArrayD<A>, b: &ArrayD<A>) -> ArrayD<A> {
    let nd = a.ndim();
    let (m, k, n) = (a.shape()[nd - 2], a.shape()[nd - 1], b.shape()[nd - 1]);
    let mut shape = a.shape()[..nd - 2].to_vec();
    shape.extend([m, n]);
    ArrayD::from_shape_fn(IxDyn(&shape), |idx| {
        let mut ia = idx.slice().to_vec();
        let mut ib = idx.slice().to_vec();
        (0..k).fold(A::ZERO, |acc, p| {
            ia[nd - 1] = p;
            ib[nd - 2] = p;
            acc.add(a[IxDyn(&ia)].mul(b[IxDyn(&ib)]))
        })
    })
}

#[test]
fn vectors_are_promoted_and_the_added_axes_removed() {
    let a = array![[1, 2, 3], [4, 5, 6]];
    let v = array![1, 0, -1];
    assert_eq!(matmul(&a, &v).unwrap(), array![-2, -2].into_dyn());
    assert_eq!(matmul(&array![1, 1], &a).unwrap(), array![5, 7, 9].into_dyn());
    assert_eq!(matmul(&v, &v).unwrap(), ndarray::arr0(2).into_dyn());
    let batch = Array::from_shape_fn((2, 2, 3), |(b, i, j)| (b * 6 + i * 3 + j) as i64);
    let r = matmul(&batch, &array![1_i64, 1, 1]).unwrap();
    assert_eq!(r, array![[3, 12], [21, 30]].into_dyn());
    let r = matmul(&array![1_i64, 1], &batch).unwrap();
    assert_eq!(r, array![[3, 5, 7], [15, 17, 19]].into_dyn());
}

#[test]
fn batch_axes_broadcast() {
    let a = Array::from_shape_fn((3, 1, 2, 4), |(i, _, j, k)| (i + j * 2 + k) as f64);
    let b = Array::from_shape_fn((5, 4, 3), |(i, j, k)| (i * 3 + j + k) as f64 - 4.0);
    let r = matmul(&a, &b).unwrap();
    assert_eq!(r.shape(), &[3, 5, 2, 3]);
    let full_a = a.broadcast((3, 5, 2, 4)).unwrap().to_owned().into_dyn();
    let full_b = b.broadcast((3, 5, 4, 3)).unwrap().to_owned().into_dyn();
    assert_eq!(r, naive(&full_a, &full_b));
}

#[test]
fn errors_match_numpy() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    assert!(
        matches!(matmul(&a, &array![1.0, 2.0, 3.0]), Err(Error::Shape(m)) if m.contains("mismatch in its core dimension 0"))
    );
    assert!(
        matches!(matmul(&ndarray::arr0(1.0), &a), Err(Error::Shape(m)) if m.contains("operand 0 does not have enough dimensions"))
    );
    let (x, y) = (Array::<f64, _>::zeros((2, 2, 2)), Array::<f64, _>::zeros((3, 2, 2)));
    assert!(matches!(matmul(&x, &y), Err(Error::Broadcast { .. })));
    let mut out = Array2::from_elem((2, 3), 7.0);
    assert!(matches!(matmul_into(&a, &a, out.view_mut().into_dyn()), Err(Error::OutputShape { .. })));
    assert_eq!(out, Array2::from_elem((2, 3), 7.0));
}

#[test]
fn integers_wrap_and_bool_is_or_of_ands() {
    let big = array![[i32::MAX, 2], [1, 1]];
    assert_eq!(
        matmul(&big, &array![[2, 0], [1, 1]]).unwrap(),
        array![[i32::MAX.wrapping_mul(2).wrapping_add(2), 2], [3, 1]].into_dyn()
    );
    let t = array![[true, false], [false, false]];
    assert_eq!(
        matmul(&t, &array![[true, true], [true, false]]).unwrap(),
        array![[true, true], [false, false]].into_dyn()
    );
}

#[test]
fn empty_and_special_values() {
    let r = matmul(&Array2::<f64>::zeros((3, 0)), &Array2::<f64>::zeros((0, 2))).unwrap();
    assert_eq!(r, Array2::<f64>::zeros((3, 2)).into_dyn());
    assert_eq!(matmul(&Array2::<f32>::zeros((0, 4)), &Array2::<f32>::zeros((4, 2))).unwrap().shape(), &[0, 2]);
    let r = matmul(&array![[f64::INFINITY, 1.0]], &array![[0.0], [1.0]]).unwrap();
    assert!(r[[0, 0]].is_nan());
}

fn float_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(i, j)| ((i as u64 * 31 + j as u64 * 17 + seed) % 13) as f64 - 6.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn strided_floats_match_naive(m in 1usize..40, k in 0usize..40, n in 1usize..40, seed in 0u64..100, flip in 0u8..4) {
        let a = float_matrix(m, 2 * k, seed);
        let b = float_matrix(n, k, seed + 1);
        let a_view = if flip & 1 == 1 { a.slice(s![.., ..;-2]) } else { a.slice(s![.., ..;2]) };
        let b_view = if flip & 2 == 2 { b.t().slice_move(s![..;-1, ..]) } else { b.t() };
        let got = matmul(a_view, b_view).unwrap();
        let want = naive(&a_view.to_owned().into_dyn(), &b_view.to_owned().into_dyn());
        // Small integers: every product and sum is exact in f64.
        prop_assert_eq!(got, want);
    }

    #[test]
    fn integers_match_naive(batch in 1usize..4, m in 0usize..20, k in 0usize..20, n in 0usize..20, seed in 0i64..50) {
        let a = Array::from_shape_fn((batch, m, k), |(b, i, j)| (b as i64 * 7 + i as i64 * 3 + j as i64 + seed) % 9 - 4).into_dyn();
        let b = Array::from_shape_fn((batch, k, n), |(b, i, j)| (b as i64 + i as i64 * 5 + j as i64 * 2 + seed) % 7 - 3).into_dyn();
        prop_assert_eq!(matmul(&a, &b).unwrap(), naive(&a, &b));
        let a32 = a.mapv(|x| x as i32);
        let b32 = b.mapv(|x| x as i32);
        prop_assert_eq!(matmul(&a32, &b32).unwrap(), naive(&a32, &b32));
    }
}
