//! The seed document's challenges ported to Rust, with the seed's own
//! assertions: numvec supplies the vectorized solutions, the seed's loop
//! versions (ported literally) are the reference.
//!
//! Inputs come from [`Rng`], a small deterministic generator defined here
//! (SplitMix64 feeding the Box–Muller transform), drawn in the order the
//! seed draws from `np.random.seed(42)`. Its values are standard normal but
//! not NumPy's Mersenne Twister stream.

use ndarray::{Array, Array1, Array2, ArrayView, ArrayView1, ArrayView2, Axis, Dimension, IntoDimension, Slice, array};

/// `np.allclose(a, b)` with NumPy's default tolerances, for arrays of the
/// same shape: `|a - b| <= 1e-8 + 1e-5 * |b|` elementwise, infinities equal
/// only to themselves, NaN close to nothing.
fn assert_allclose<D1: Dimension, D2: Dimension>(a: ArrayView<'_, f64, D1>, b: ArrayView<'_, f64, D2>) {
    assert_eq!(a.shape(), b.shape(), "shapes differ");
    let (a, b) = (a.into_dyn(), b.into_dyn());
    for ((index, &x), &y) in a.indexed_iter().zip(b.iter()) {
        let close = if x.is_infinite() || y.is_infinite() { x == y } else { (x - y).abs() <= 1e-8 + 1e-5 * y.abs() };
        assert!(close, "{x} and {y} not close at index {:?}", index.slice());
    }
}

/// Standard-normal values from a seed, in the role of `np.random.seed` and
/// `np.random.randn`: SplitMix64 (Steele, Lea & Flood, 2014) for uniform
/// bits, the Box–Muller transform for pairs of normals.
struct Rng {
    state: u64,
    spare: Option<f64>,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng { state: seed, spare: None }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `(0, 1]`, so that its logarithm is finite.
    fn open_unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let radius = (-2.0 * self.open_unit().ln()).sqrt();
        let angle = std::f64::consts::TAU * self.open_unit();
        self.spare = Some(radius * angle.sin());
        radius * angle.cos()
    }

    /// `np.random.randn(*shape)`: an array filled in C order.
    fn randn<Sh: IntoDimension>(&mut self, shape: Sh) -> Array<f64, Sh::Dim> {
        let dim = shape.into_dimension();
        let values = (0..dim.size()).map(|_| self.normal()).collect();
        Array::from_shape_vec(dim, values).expect("the size is the shape's")
    }
}

/// Challenge 1: replace loops with vectorized ops.
mod challenge1 {
    use super::*;

    fn running_sum_loop(x: ArrayView1<'_, f64>) -> Array1<f64> {
        let mut result = Array1::zeros(x.len());
        let mut total = 0.0;
        for i in 0..x.len() {
            total += x[i];
            result[i] = total;
        }
        result
    }

    fn pairwise_products_loop(a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> Array2<f64> {
        let (m, n) = (a.len(), b.len());
        let mut result = Array2::zeros((m, n));
        for i in 0..m {
            for j in 0..n {
                result[[i, j]] = a[i] * b[j];
            }
        }
        result
    }

    fn window_mean_loop(x: ArrayView1<'_, f64>, w: usize) -> Array1<f64> {
        let n = x.len() - w + 1;
        let mut result = Array1::zeros(n);
        for i in 0..n {
            result[i] = x.slice_axis(Axis(0), Slice::from(i..i + w)).mean().unwrap();
        }
        result
    }

    fn replace_negatives_loop(x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut result = x.to_owned();
        for i in 0..x.nrows() {
            for j in 0..x.ncols() {
                if result[[i, j]] < 0.0 {
                    result[[i, j]] = 0.0;
                }
            }
        }
        result
    }

    fn argmax_onehot_loop(x: ArrayView2<'_, f64>) -> Array2<f64> {
        let (n, c) = x.dim();
        let mut result = Array2::zeros((n, c));
        for i in 0..n {
            let mut j = 0;
            for k in 1..c {
                if x[[i, k]] > x[[i, j]] {
                    j = k;
                }
            }
            result[[i, j]] = 1.0;
        }
        result
    }

    /// The seed's verification: one generator, drawn from in the seed's order.
    #[test]
    fn all_five_vectorizations_match_the_loops() {
        let mut rng = Rng::new(42);

        let x = rng.randn(1000);
        assert_allclose(running_sum_loop(x.view()).view(), numvec::cumsum(&x, None).unwrap().view());

        let (a, b) = (rng.randn(50), rng.randn(60));
        assert_allclose(pairwise_products_loop(a.view(), b.view()).view(), numvec::outer(&a, &b).unwrap().view());

        let x = rng.randn(100);
        assert_allclose(window_mean_loop(x.view(), 5).view(), numvec::window_mean(&x, 5, -1).unwrap().view());

        let x = rng.randn((100, 50));
        assert_allclose(replace_negatives_loop(x.view()).view(), numvec::relu(&x).view());

        let x = rng.randn((100, 10));
        assert_allclose(argmax_onehot_loop(x.view()).view(), numvec::argmax_onehot(&x, 1).unwrap().view());
    }

    #[test]
    fn window_mean_matches_the_loop_for_every_width() {
        let x = Rng::new(7).randn(20);
        for w in 1..=20 {
            assert_allclose(window_mean_loop(x.view(), w).view(), numvec::window_mean(&x, w, -1).unwrap().view());
        }
    }

    #[test]
    fn argmax_onehot_picks_the_first_of_tied_maxima_like_the_loop() {
        let x = Rng::new(9).randn((200, 6)).mapv(f64::round);
        assert_eq!(numvec::argmax_onehot(&x, 1).unwrap(), argmax_onehot_loop(x.view()));
    }

    /// Where the seed's loop and NumPy part ways: the loop's `>` never picks
    /// a NaN, NumPy's `argmax` picks the first NaN, and numvec follows NumPy.
    #[test]
    fn argmax_onehot_picks_the_first_nan_like_numpy() {
        let x = array![[f64::NAN, 1.0, 2.0], [1.0, f64::NAN, 3.0]];
        assert_eq!(numvec::argmax_onehot(&x, 1).unwrap(), array![[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]);
    }

    #[test]
    fn replace_negatives_keeps_nan_like_the_loop() {
        let x = array![[-1.0, f64::NAN], [2.0, f64::NEG_INFINITY]];
        let vectorized = numvec::relu(&x);
        assert!(vectorized[[0, 1]].is_nan());
        assert_eq!(vectorized[[1, 1]], 0.0);
        assert!(replace_negatives_loop(x.view())[[0, 1]].is_nan());
    }
}

/// Challenge 3: memory-efficient operations.
mod challenge3 {
    use ndarray::{s, stack};
    use numvec::linalg::distance::{Metric, cdist};

    use super::*;

    /// The seed's verification script, in order, from one generator.
    #[test]
    fn normalization_chunked_distances_and_views() {
        let mut rng = Rng::new(42);

        // In-place normalization: the same array, column means ~0.
        let mut x = rng.randn((100, 10));
        let address = x.as_ptr();
        numvec::zscore_inplace(&mut x, 0, 0).unwrap();
        assert_eq!(x.as_ptr(), address, "Should return the same array (in-place)");
        let mean = numvec::mean(&x, 0, false).unwrap();
        assert!(mean.iter().all(|m| m.abs() <= 1e-10), "Mean should be ~0");

        // Chunked distances against the full expansion.
        let (a, b) = (rng.randn((500, 64)), rng.randn((300, 64)));
        let dist_chunked = cdist(&a, &b, Metric::Euclidean).unwrap();
        let a_sq = a.map_axis(Axis(1), |r| r.dot(&r)).insert_axis(Axis(1));
        let b_sq = b.map_axis(Axis(1), |r| r.dot(&r)).insert_axis(Axis(0));
        let dist_full = (&a_sq + &b_sq - 2.0 * a.dot(&b.t())).mapv(|v| v.max(0.0).sqrt());
        for (x, y) in dist_chunked.iter().zip(&dist_full) {
            assert!((x - y).abs() <= 1e-6 + 1e-5 * y.abs(), "Chunked should match full");
        }

        // Views and copies.
        let x = Array2::from_shape_fn((3, 4), |(i, j)| (4 * i + j) as i64);
        let row_view = x.row(0);
        let row_copy = x.row(0).to_owned();
        assert!(numvec::shares_memory(&x, &row_view, None).unwrap(), "Slicing creates views");
        assert!(!numvec::shares_memory(&x, &row_copy, None).unwrap(), "copy() creates independent array");
        assert!(numvec::shares_memory(&x, &x.t(), None).unwrap(), "Transpose is a view");
        let fancy_copy = stack![Axis(0), x.row(0), x.row(2)];
        assert!(!numvec::shares_memory(&x, &fancy_copy, None).unwrap(), "Fancy indexing creates copies");
        assert!(!numvec::shares_memory(&x.slice(s![.., ..;2]), &x.slice(s![.., 1..;2]), None).unwrap());
    }
}

/// Challenge 4: broadcasting tricks.
mod challenge4 {
    use super::*;

    /// The seed's script, in order, from one generator.
    #[test]
    fn all_seven_broadcasting_tricks() {
        let mut rng = Rng::new(42);

        // A: multiplication table, (10, 1) * (10,) -> (10, 10).
        let r = Array1::from_iter(1..=10_i64);
        let mult_table = numvec::multiply(&r.view().insert_axis(Axis(1)), &r).unwrap();
        assert!(mult_table[[0, 0]] == 1 && mult_table[[9, 9]] == 100);
        assert_eq!(mult_table[[2, 3]], 12);

        // B: subtract each row's mean.
        let x = rng.randn((5, 4));
        let x_centered = numvec::subtract(&x, &numvec::mean(&x, 1, true).unwrap()).unwrap();
        assert_allclose(numvec::mean(&x_centered, 1, false).unwrap().view(), Array1::zeros(5).view());

        // C: divide each row by its L2 norm, (5, 4) / (5, 1).
        let norms = numvec::norm(&x, 1, true).unwrap();
        assert_eq!(norms.shape(), [5, 1]);
        let x_normalized = numvec::divide(&x, &norms).unwrap();
        assert_allclose(numvec::norm(&x_normalized, 1, false).unwrap().view(), Array1::ones(5).view());

        // D: distance matrix of 1-D points, (4, 1) - (4,) -> (4, 4).
        let points = array![1.0, 3.0, 5.0, 7.0];
        let dist_1d = numvec::abs(&numvec::subtract(&points.view().insert_axis(Axis(1)), &points).unwrap());
        assert!(dist_1d[[0, 3]] == 6.0 && dist_1d[[1, 2]] == 2.0);

        // E: one threshold per feature, (100, 5) > (5,).
        let x = rng.randn((100, 5));
        let thresholds = array![0.0, 0.5, -0.5, 1.0, -1.0];
        let mask = numvec::greater(&x, &thresholds).unwrap();
        assert_eq!(mask.shape(), [100, 5]);

        // F: softmax temperature scaling, (10, 5) / (1, 5).
        let logits = rng.randn((10, 5));
        let temperatures = array![0.1, 0.5, 1.0, 2.0, 5.0];
        let scaled = numvec::divide(&logits, &temperatures.view().insert_axis(Axis(0))).unwrap();
        assert_eq!(scaled.shape(), [10, 5]);

        // G: weighted average of feature matrices, (3, 1, 1) * (3, 100, 64) summed over axis 0.
        let matrices = rng.randn((3, 100, 64));
        let weights = array![0.5, 0.3, 0.2];
        let weighted = numvec::multiply(&weights.view().into_shape_with_order((3, 1, 1)).unwrap(), &matrices);
        let weighted_avg = numvec::sum(&weighted.unwrap(), 0, false).unwrap();
        assert_eq!(weighted_avg.shape(), [100, 64]);
    }

    /// Beyond the seed's shape checks: every trick equals its loop version.
    #[test]
    fn broadcasting_tricks_match_their_loops() {
        let mut rng = Rng::new(4);

        let r = Array1::from_iter(1..=10_i64);
        let table = numvec::multiply(&r.view().insert_axis(Axis(1)), &r).unwrap();
        assert_eq!(table, Array2::from_shape_fn((10, 10), |(i, j)| r[i] * r[j]));

        let x = rng.randn((5, 4));
        let centered = numvec::subtract(&x, &numvec::mean(&x, 1, true).unwrap()).unwrap();
        let expected = Array2::from_shape_fn((5, 4), |(i, j)| x[[i, j]] - x.row(i).sum() / 4.0);
        assert_allclose(expected.view(), centered.view());

        let normalized = numvec::divide(&x, &numvec::norm(&x, 1, true).unwrap()).unwrap();
        let norm = |i: usize| x.row(i).iter().map(|v| v * v).sum::<f64>().sqrt();
        let expected = Array2::from_shape_fn((5, 4), |(i, j)| x[[i, j]] / norm(i));
        assert_allclose(expected.view(), normalized.view());

        let points = rng.randn(7);
        let dist = numvec::abs(&numvec::subtract(&points.view().insert_axis(Axis(1)), &points).unwrap());
        assert_eq!(dist, Array2::from_shape_fn((7, 7), |(i, j)| (points[i] - points[j]).abs()));

        let x = rng.randn((100, 5));
        let thresholds = array![0.0, 0.5, -0.5, 1.0, -1.0];
        let mask = numvec::greater(&x, &thresholds).unwrap();
        assert_eq!(mask, Array2::from_shape_fn((100, 5), |(i, j)| x[[i, j]] > thresholds[j]));

        let temperatures = array![0.1, 0.5, 1.0, 2.0, 5.0];
        let scaled = numvec::divide(&x, &temperatures).unwrap();
        assert_eq!(scaled, Array2::from_shape_fn((100, 5), |(i, j)| x[[i, j]] / temperatures[j]));

        let matrices = rng.randn((3, 100, 64));
        let weights = array![0.5, 0.3, 0.2];
        let column = weights.view().into_shape_with_order((3, 1, 1)).unwrap();
        let average = numvec::sum(&numvec::multiply(&column, &matrices).unwrap(), 0, false).unwrap();
        let expected =
            Array2::from_shape_fn((100, 64), |(i, j)| (0..3).map(|k| weights[k] * matrices[[k, i, j]]).sum());
        assert_allclose(expected.view(), average.view());
    }
}
