//! cdist: every metric against the direct difference formulas, tile
//! boundaries, identical points, errors.

use ndarray::{Array2, ArrayView2, array, s};
use numvec::Error;
use numvec::linalg::distance::{Metric, cdist, cdist_into};
use proptest::prelude::*;

const METRICS: [Metric; 4] = [Metric::Euclidean, Metric::SqEuclidean, Metric::Cosine, Metric::Cityblock];

fn direct(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>, metric: Metric) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
        let (x, y) = (a.row(i), b.row(j));
        let squared: f64 = x.iter().zip(y).map(|(p, q)| (p - q) * (p - q)).sum();
        match metric {
            Metric::Euclidean => squared.sqrt(),
            Metric::SqEuclidean => squared,
            Metric::Cityblock => x.iter().zip(y).map(|(p, q)| (p - q).abs()).sum(),
            Metric::Cosine => {
                let dot: f64 = x.iter().zip(y).map(|(p, q)| p * q).sum();
                let norms = x.dot(&x).sqrt() * y.dot(&y).sqrt();
                1.0 - (dot / norms).clamp(-1.0, 1.0)
            }
        }
    })
}

fn points(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    Array2::from_shape_fn((rows, cols), |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0
    })
}

fn assert_close(actual: &Array2<f64>, expected: &Array2<f64>, rtol: f64) {
    assert_eq!(actual.dim(), expected.dim());
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() <= rtol * e.abs() + 1e-13, "{a} vs {e}");
    }
}

#[test]
fn every_metric_across_tile_boundaries() {
    for (m, n) in [(255, 511), (256, 512), (257, 513), (1, 1), (3, 1030)] {
        let (a, mut b) = (points(m, 7, 1), points(n, 7, 2));
        b.slice_mut(s![0, ..]).assign(&a.row(0));
        for metric in METRICS {
            let d = cdist(&a, &b, metric).unwrap();
            assert_close(&d, &direct(a.view(), b.view(), metric), 1e-10);
            assert_eq!(d[[0, 0]], 0.0, "{metric:?}");
        }
    }
}

#[test]
fn empty_inputs_and_zero_features() {
    let d = cdist(&Array2::<f64>::zeros((0, 3)), &points(4, 3, 1), Metric::Euclidean).unwrap();
    assert_eq!(d.dim(), (0, 4));
    let d = cdist(&Array2::<f64>::zeros((2, 0)), &Array2::<f64>::zeros((3, 0)), Metric::Cityblock).unwrap();
    assert_eq!(d, Array2::zeros((2, 3)));
    assert!(cdist(&array![[0.0_f64, 0.0]], &array![[1.0, 0.0]], Metric::Cosine).unwrap()[[0, 0]].is_nan());
}

#[test]
fn near_points_far_from_the_origin_stay_accurate() {
    let a = points(50, 8, 3).mapv(|v| v + 1e4);
    let b = &a + &points(50, 8, 4).mapv(|v| v * 1e-6);
    assert_close(&cdist(&a, &b, Metric::Euclidean).unwrap(), &direct(a.view(), b.view(), Metric::Euclidean), 1e-10);
}

#[test]
fn errors_name_the_problem() {
    let (a, b) = (points(2, 3, 1), points(2, 4, 1));
    assert!(matches!(cdist(&a, &b, Metric::Euclidean), Err(Error::Shape(_))));
    assert_eq!("hamming".parse::<Metric>(), Err(Error::InvalidArgument("Unknown Distance Metric: hamming".into())));
    assert!(matches!(cdist(&ndarray::Array1::<f64>::zeros(3), &a, Metric::Euclidean), Err(Error::Shape(_))));
    let mut out = Array2::from_elem((3, 2), 7.0);
    assert!(cdist_into(&a, &a, Metric::Euclidean, &mut out).is_err());
    assert!(out.iter().all(|&v| v == 7.0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn strided_inputs_match_contiguous_ones(m in 1usize..40, n in 1usize..40, d in 1usize..9, seed in 0u64..100) {
        let (a, b) = (points(2 * m, d, seed), points(n, 2 * d, seed + 1));
        let (a, b) = (a.slice(s![..;-2, ..]), b.slice(s![.., ..;2]));
        for metric in METRICS {
            let strided = cdist(&a, &b, metric).unwrap();
            let contiguous = cdist(&a.to_owned(), &b.to_owned(), metric).unwrap();
            // The GEMM may round differently for other strides.
            assert_close(&strided, &contiguous, 1e-13);
            assert_close(&strided, &direct(a, b, metric), 1e-10);
        }
    }
}
