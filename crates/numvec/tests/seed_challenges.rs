//! The seed document's challenges ported to Rust, with the seed's own
//! assertions: numvec supplies the vectorized solutions, the seed's loop
//! versions (ported literally) are the reference.
//!
//! Inputs come from numvec's NumPy-compatible `RandomState`, drawn in the
//! order the seed draws them after `np.random.seed(42)`: the very numbers the
//! seed's Python checks.

use numvec::random::RandomState;

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

/// `np.random.seed(seed)` and the module-level draws after it, with numvec's
/// NumPy-compatible generator: the same numbers as the seed's Python.
struct Rng(RandomState);

impl Rng {
    fn new(seed: u32) -> Self {
        Rng(RandomState::new(seed))
    }

    /// `np.random.randn(*shape)`: an array filled in C order.
    fn randn<Sh: IntoDimension>(&mut self, shape: Sh) -> Array<f64, Sh::Dim> {
        let dim = shape.into_dimension();
        let values = self.0.randn(dim.slice()).expect("a small shape");
        values.into_dimensionality().expect("the shape's rank")
    }

    /// `np.random.randint(low, high, n)`.
    fn randint(&mut self, low: i64, high: i64, n: usize) -> Array1<i64> {
        let values = self.0.randint(low, high, &[n]).expect("a non-empty range");
        values.into_dimensionality().expect("one dimension")
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

/// Challenge 2: einsum mastery.
mod challenge2 {
    use super::*;

    fn einsum(subscripts: &str, operands: &[ArrayView<'_, f64, ndarray::IxDyn>]) -> ndarray::ArrayD<f64> {
        numvec::einsum(subscripts, operands).unwrap()
    }

    /// `A @ B` as the seed checks it: the textbook product.
    fn matmul(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> Array2<f64> {
        Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, k)| (0..a.ncols()).map(|j| a[[i, j]] * b[[j, k]]).sum())
    }

    /// The seed's script, in order, from one generator.
    #[test]
    fn all_nine_einsum_operations() {
        let mut rng = Rng::new(42);
        let a_mat = rng.randn((3, 4));
        let b_mat = rng.randn((4, 5));
        let _v = rng.randn(4);
        let x = rng.randn((8, 3, 4));
        let y = rng.randn((8, 4, 5));

        // 1. Matrix multiply.
        let result1 = einsum("ij,jk->ik", &[a_mat.view().into_dyn(), b_mat.view().into_dyn()]);
        assert_allclose(result1.view(), matmul(a_mat.view(), b_mat.view()).view());

        // 2. Dot product.
        let (a, b) = (rng.randn(5), rng.randn(5));
        let result2 = einsum("i,i->", &[a.view().into_dyn(), b.view().into_dyn()]);
        assert_allclose(result2.view(), ndarray::arr0(a.dot(&b)).view());

        // 3. Outer product.
        let result3 = einsum("i,j->ij", &[a.view().into_dyn(), b.view().into_dyn()]);
        assert_allclose(result3.view(), Array2::from_shape_fn((5, 5), |(i, j)| a[i] * b[j]).view());

        // 4. Trace.
        let _result4 = einsum("ii->", &[rng.randn((4, 4)).into_dyn().view()]);
        let m = rng.randn((4, 4));
        let trace: f64 = (0..4).map(|i| m[[i, i]]).sum();
        assert_allclose(einsum("ii->", &[m.view().into_dyn()]).view(), ndarray::arr0(trace).view());

        // 5. Batch matrix multiply, against X[b] @ Y[b] for each b.
        let result5 = einsum("bij,bjk->bik", &[x.view().into_dyn(), y.view().into_dyn()]);
        for bi in 0..8 {
            let expected = matmul(x.index_axis(Axis(0), bi), y.index_axis(Axis(0), bi));
            assert_allclose(result5.index_axis(Axis(0), bi), expected.view());
        }

        // 6. Transpose.
        let result6 = einsum("ij->ji", &[a_mat.view().into_dyn()]);
        assert_allclose(result6.view(), a_mat.t());

        // 7. Row-wise dot product: (C * D).sum(axis=1).
        let (c, d) = (rng.randn((10, 5)), rng.randn((10, 5)));
        let result7 = einsum("ij,ij->i", &[c.view().into_dyn(), d.view().into_dyn()]);
        let expected7 = Array1::from_shape_fn(10, |i| (0..5).map(|j| c[[i, j]] * d[[i, j]]).sum());
        assert_allclose(result7.view(), expected7.view());

        // 8. Bilinear form x^T M x.
        let xv = rng.randn(4);
        let m = rng.randn((4, 4));
        let result8 = einsum("i,ij,j->", &[xv.view().into_dyn(), m.view().into_dyn(), xv.view().into_dyn()]);
        assert_allclose(result8.view(), ndarray::arr0(xv.dot(&m.dot(&xv))).view());

        // 9. Attention scores Q @ K^T / sqrt(D), per batch and head.
        let (bn, hn, tn, dn) = (2, 4, 8, 16);
        let q = rng.randn((bn, hn, tn, dn)).into_dyn();
        let k = rng.randn((bn, hn, tn, dn)).into_dyn();
        let scale = (dn as f64).sqrt();
        let scores = einsum("bhid,bhjd->bhij", &[q.view(), k.view()]).mapv(|s| s / scale);
        for bi in 0..bn {
            for hi in 0..hn {
                let qm = q.slice(ndarray::s![bi, hi, .., ..]);
                let km = k.slice(ndarray::s![bi, hi, .., ..]);
                let expected = matmul(qm, km.t()).mapv(|s| s / scale);
                assert_allclose(scores.slice(ndarray::s![bi, hi, .., ..]), expected.view());
            }
        }
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

/// Challenge 5: advanced indexing patterns.
mod challenge5 {
    use numvec::idx;
    use numvec::index::{add_at, diag, get, masked_fill, triu, triu_fill};
    use numvec::sort::TopKMode;

    use super::*;

    /// The seed's script, in order, from one generator.
    #[test]
    fn gather_scatter_diagonals_and_masked_fill() {
        let mut rng = Rng::new(42);

        // A: gather (embedding lookup).
        let (v, d, n) = (10_000, 128, 64);
        let e = rng.randn((v, d));
        let idx = rng.randint(0, v as i64, n);
        let embeddings = get(&e, &idx![&idx]).unwrap();
        assert_eq!(embeddings.shape(), &[n, d]);
        assert_eq!(embeddings.index_axis(Axis(0), 0), e.row(idx[0] as usize).into_dyn());

        // B: scatter-add; duplicates accumulate.
        let grad_output = rng.randn((n, d));
        let mut grad_e = Array2::<f64>::zeros((v, d));
        add_at(&mut grad_e, &idx![&idx], &grad_output).unwrap();
        let mut expected = Array2::<f64>::zeros((v, d));
        for (k, &i) in idx.iter().enumerate() {
            let mut row = expected.row_mut(i as usize);
            row += &grad_output.row(k);
        }
        assert_eq!(grad_e, expected);

        // C: k-th diagonals.
        let m = rng.randn((5, 5));
        let (main_diag, super_diag, sub_diag) = (diag(&m, 0).unwrap(), diag(&m, 1).unwrap(), diag(&m, -1).unwrap());
        assert_eq!(main_diag.len(), 5);
        assert_eq!(super_diag.len(), 4);
        assert_eq!(super_diag[[0]], m[[0, 1]]);
        assert_eq!(sub_diag[[0]], m[[1, 0]]);

        // D: batch diagonals by advanced indexing.
        let batch = rng.randn((8, 4, 4));
        let b_idx = Array2::from_shape_fn((8, 1), |(b, _)| b as i64);
        let n_idx = Array2::from_shape_fn((1, 4), |(_, i)| i as i64);
        let batch_diags = get(&batch, &idx![&b_idx, &n_idx, &n_idx]).unwrap();
        assert_eq!(batch_diags.shape(), &[8, 4]);
        for b in 0..8 {
            assert_eq!(batch_diags.index_axis(Axis(0), b), diag(batch.index_axis(Axis(0), b), 0).unwrap());
        }

        // E draws its X here (tested below); the stream continues as in the seed.
        rng.randn((100, 50));

        // F: masked fill with a causal mask.
        let seq_len = 8;
        let causal_mask = triu(&Array2::from_elem((seq_len, seq_len), true), 1).unwrap();
        let mut attention_scores = rng.randn((seq_len, seq_len));
        let mut fused = attention_scores.clone();
        masked_fill(&mut attention_scores, &causal_mask, f64::NEG_INFINITY).unwrap();
        assert!(attention_scores.row(0).iter().skip(1).all(|&x| x == f64::NEG_INFINITY));
        assert!(attention_scores[[0, 0]] != f64::NEG_INFINITY);
        triu_fill(&mut fused, f64::NEG_INFINITY, 1);
        assert_eq!(fused, attention_scores);
    }

    /// Problem E: the top k of every row with their values, in one call
    /// instead of the seed's argpartition, gather, argsort and
    /// take_along_axis. `X` comes after the draws of problems A to D, as in
    /// the seed.
    #[test]
    fn e_top_k_per_row_with_values() {
        let mut rng = Rng::new(42);
        let (v, d, n) = (10_000, 128, 64);
        rng.randn((v, d));
        rng.randint(0, v as i64, n);
        rng.randn((n, d));
        rng.randn((5, 5));
        rng.randn((8, 4, 4));
        let x = rng.randn((100, 50));
        let k = 5;
        let (top_k_vals_sorted, top_k_idx_sorted) = numvec::top_k(&x, k, Some(1), TopKMode::Largest, true).unwrap();
        assert_eq!(top_k_vals_sorted.shape(), [100, k]);
        let firsts = top_k_vals_sorted.index_axis(Axis(1), 0).to_owned();
        assert_allclose(firsts.view(), numvec::max(&x, 1, false).unwrap().view());

        // The seed's recipe, step by step, with numvec's argpartition and argsort.
        let top_k_idx = numvec::argpartition(&x, &[-(k as isize)], Some(1)).unwrap();
        let top_k_idx = top_k_idx.slice_axis(Axis(1), Slice::from(50 - k..));
        let top_k_vals = Array2::from_shape_fn((100, k), |(i, j)| x[[i, top_k_idx[[i, j]] as usize]]);
        let sort_idx = numvec::argsort(&numvec::negative(&top_k_vals), Some(1)).unwrap();
        for i in 0..100 {
            for j in 0..k {
                let s = sort_idx[[i, j]] as usize;
                assert_eq!(top_k_idx_sorted[[i, j]], top_k_idx[[i, s]]);
                assert_eq!(top_k_vals_sorted[[i, j]], top_k_vals[[i, s]]);
            }
        }
    }
}
