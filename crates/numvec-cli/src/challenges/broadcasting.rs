//! Challenge 4 of the seed, "Broadcasting tricks": numvec's broadcasting
//! one-liners, against loop versions.
//!
//! The seed gives this challenge only as broadcasting expressions; the loop
//! versions here spell each one out element by element, in the style of
//! challenge 1's loops, as the reference for verification and the baseline
//! for timing.

use ndarray::{Array1, Array2, ArrayD, ArrayView1, ArrayView2, ArrayView3, Axis, array};

use super::check::{allclose, ensure, equal};
use super::{Outcome, Problem, Settings};
use crate::inputs::{SEED, SeedStream, randn};
use crate::timing::{Timing, compare};

/// Challenge 4's problems A to G.
pub fn problems() -> Vec<Problem> {
    let problem = |letter, name, verify, time| Problem { challenge: 4, letter, name, verify, time };
    vec![
        problem('A', "multiplication table", verify_multiplication_table, time_multiplication_table),
        problem('B', "center rows", verify_center_rows, time_center_rows),
        problem('C', "normalize rows (L2)", verify_normalize_rows, time_normalize_rows),
        problem('D', "1-D distance matrix", verify_distance_matrix, time_distance_matrix),
        problem('E', "per-feature thresholds", verify_thresholds, time_thresholds),
        problem('F', "temperature scaling", verify_temperature_scaling, time_temperature_scaling),
        problem('G', "weighted average", verify_weighted_average, time_weighted_average),
    ]
}

/// The seed's random inputs of challenge 4, in the order it draws them after
/// `np.random.seed(42)` (problem C reuses problem B's `X`).
struct SeedInputs {
    rows: Array2<f64>,
    features: Array2<f64>,
    logits: Array2<f64>,
    matrices: ndarray::Array3<f64>,
}

impl SeedInputs {
    /// Replays the seed's draws (struct fields are evaluated in order).
    fn draw() -> numvec::Result<Self> {
        let mut stream = SeedStream::new();
        Ok(SeedInputs {
            rows: stream.randn((5, 4))?,
            features: stream.randn((100, 5))?,
            logits: stream.randn((10, 5))?,
            matrices: stream.randn((3, 100, 64))?,
        })
    }
}

/// `r[:, None] * r[None, :]` by loops.
fn multiplication_table_loop(r: ArrayView1<'_, i64>) -> Array2<i64> {
    let n = r.len();
    let mut table = Array2::zeros((n, n));
    for i in 0..n {
        for j in 0..n {
            table[[i, j]] = r[i] * r[j];
        }
    }
    table
}

/// `r[:, None] * r[None, :]`: a (n, 1) column times a (n,) row.
fn multiplication_table(r: ArrayView1<'_, i64>) -> numvec::Result<Array2<i64>> {
    numvec::multiply(&r.insert_axis(Axis(1)), &r)
}

fn verify_multiplication_table() -> Outcome {
    let r = Array1::from_iter(1..=10_i64);
    let table = multiplication_table(r.view())?;
    equal(&multiplication_table_loop(r.view()), &table)?;
    ensure(table[[0, 0]] == 1 && table[[9, 9]] == 100, "mult_table[0, 0] == 1 and mult_table[9, 9] == 100")?;
    Ok(ensure(table[[2, 3]] == 12, "mult_table[2, 3] == 12")?)
}

fn time_multiplication_table(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(4000);
    let r = Array1::from_iter(1..=n as i64);
    let looped = || multiplication_table_loop(r.view());
    Ok(compare(format!("{n}x{n}"), settings.repeat, looped, || multiplication_table(r.view()))?)
}

/// `X - X.mean(axis=1, keepdims=True)` by loops.
fn center_rows_loop(x: ArrayView2<'_, f64>) -> Array2<f64> {
    let (n, c) = x.dim();
    let mut result = Array2::zeros((n, c));
    for i in 0..n {
        let mut total = 0.0;
        for j in 0..c {
            total += x[[i, j]];
        }
        let mean = total / c as f64;
        for j in 0..c {
            result[[i, j]] = x[[i, j]] - mean;
        }
    }
    result
}

/// `X - X.mean(axis=1, keepdims=True)`: a (n, c) array minus a (n, 1) column.
fn center_rows(x: ArrayView2<'_, f64>) -> numvec::Result<ArrayD<f64>> {
    numvec::subtract(&x, &numvec::mean(&x, 1, true)?)
}

fn verify_center_rows() -> Outcome {
    let x = SeedInputs::draw()?.rows;
    let centered = center_rows(x.view())?;
    allclose(&center_rows_loop(x.view()), &centered)?;
    Ok(allclose(&numvec::mean(&centered, 1, false)?, &Array1::zeros(5))?)
}

fn time_center_rows(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(2000);
    let x = randn((n, n), SEED)?;
    Ok(compare(format!("{n}x{n}"), settings.repeat, || center_rows_loop(x.view()), || center_rows(x.view()))?)
}

/// `X / np.linalg.norm(X, axis=1, keepdims=True)` by loops.
fn normalize_rows_loop(x: ArrayView2<'_, f64>) -> Array2<f64> {
    let (n, c) = x.dim();
    let mut result = Array2::zeros((n, c));
    for i in 0..n {
        let mut squares = 0.0;
        for j in 0..c {
            squares += x[[i, j]] * x[[i, j]];
        }
        let norm = f64::sqrt(squares);
        for j in 0..c {
            result[[i, j]] = x[[i, j]] / norm;
        }
    }
    result
}

/// `X / np.linalg.norm(X, axis=1, keepdims=True)`: (n, c) divided by (n, 1).
fn normalize_rows(x: ArrayView2<'_, f64>) -> numvec::Result<ArrayD<f64>> {
    numvec::divide(&x, &numvec::norm(&x, 1, true)?)
}

/// The seed's problem C normalizes problem B's `X`.
fn verify_normalize_rows() -> Outcome {
    let x = SeedInputs::draw()?.rows;
    let normalized = normalize_rows(x.view())?;
    allclose(&normalize_rows_loop(x.view()), &normalized)?;
    Ok(allclose(&numvec::norm(&normalized, 1, false)?, &Array1::ones(5))?)
}

fn time_normalize_rows(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(2000);
    let x = randn((n, n), SEED)?;
    let looped = || normalize_rows_loop(x.view());
    Ok(compare(format!("{n}x{n}"), settings.repeat, looped, || normalize_rows(x.view()))?)
}

/// `np.abs(points[:, None] - points[None, :])` by loops.
fn distance_matrix_loop(points: ArrayView1<'_, f64>) -> Array2<f64> {
    let n = points.len();
    let mut dist = Array2::zeros((n, n));
    for i in 0..n {
        for j in 0..n {
            dist[[i, j]] = (points[i] - points[j]).abs();
        }
    }
    dist
}

/// `np.abs(points[:, None] - points[None, :])`: a (n, 1) column minus a (n,) row.
fn distance_matrix(points: ArrayView1<'_, f64>) -> numvec::Result<Array2<f64>> {
    Ok(numvec::abs(&numvec::subtract(&points.insert_axis(Axis(1)), &points)?))
}

fn verify_distance_matrix() -> Outcome {
    let points = array![1.0, 3.0, 5.0, 7.0];
    let dist = distance_matrix(points.view())?;
    equal(&distance_matrix_loop(points.view()), &dist)?;
    Ok(ensure(dist[[0, 3]] == 6.0 && dist[[1, 2]] == 2.0, "dist_1d[0, 3] == 6.0 and dist_1d[1, 2] == 2.0")?)
}

fn time_distance_matrix(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(4000);
    let points = randn(n, SEED)?;
    let looped = || distance_matrix_loop(points.view());
    Ok(compare(format!("{n}x{n}"), settings.repeat, looped, || distance_matrix(points.view()))?)
}

/// The seed's per-feature thresholds.
fn thresholds() -> Array1<f64> {
    array![0.0, 0.5, -0.5, 1.0, -1.0]
}

/// `X > thresholds` by loops.
fn thresholds_loop(x: ArrayView2<'_, f64>, thresholds: ArrayView1<'_, f64>) -> Array2<bool> {
    let (n, c) = x.dim();
    let mut mask = Array2::from_elem((n, c), false);
    for i in 0..n {
        for j in 0..c {
            mask[[i, j]] = x[[i, j]] > thresholds[j];
        }
    }
    mask
}

fn verify_thresholds() -> Outcome {
    let (x, thresholds) = (SeedInputs::draw()?.features, thresholds());
    let mask = numvec::greater(&x, &thresholds)?;
    equal(&thresholds_loop(x.view(), thresholds.view()), &mask)?;
    Ok(ensure(mask.shape() == [100, 5], "mask.shape == (100, 5)")?)
}

fn time_thresholds(settings: &Settings) -> Outcome<Timing> {
    let n = settings.len(1_000_000);
    let (x, thresholds) = (randn((n, 5), SEED)?, thresholds());
    let looped = || thresholds_loop(x.view(), thresholds.view());
    Ok(compare(format!("{n}x5"), settings.repeat, looped, || numvec::greater(&x, &thresholds))?)
}

/// The seed's per-column softmax temperatures.
fn temperatures() -> Array1<f64> {
    array![0.1, 0.5, 1.0, 2.0, 5.0]
}

/// `logits / temperatures[None, :]` by loops.
fn temperature_scaling_loop(logits: ArrayView2<'_, f64>, temperatures: ArrayView1<'_, f64>) -> Array2<f64> {
    let (n, c) = logits.dim();
    let mut scaled = Array2::zeros((n, c));
    for i in 0..n {
        for j in 0..c {
            scaled[[i, j]] = logits[[i, j]] / temperatures[j];
        }
    }
    scaled
}

fn verify_temperature_scaling() -> Outcome {
    let (logits, temperatures) = (SeedInputs::draw()?.logits, temperatures());
    let scaled = numvec::divide(&logits, &temperatures)?;
    allclose(&temperature_scaling_loop(logits.view(), temperatures.view()), &scaled)?;
    Ok(ensure(scaled.shape() == [10, 5], "scaled.shape == (10, 5)")?)
}

fn time_temperature_scaling(settings: &Settings) -> Outcome<Timing> {
    let n = settings.len(1_000_000);
    let (logits, temperatures) = (randn((n, 5), SEED)?, temperatures());
    let looped = || temperature_scaling_loop(logits.view(), temperatures.view());
    Ok(compare(format!("{n}x5"), settings.repeat, looped, || numvec::divide(&logits, &temperatures))?)
}

/// The seed's weight of each feature matrix.
fn weights() -> Array1<f64> {
    array![0.5, 0.3, 0.2]
}

/// `(weights[:, None, None] * matrices).sum(axis=0)` by loops, adding the
/// matrices in order as the sum over axis 0 does.
fn weighted_average_loop(weights: ArrayView1<'_, f64>, matrices: ArrayView3<'_, f64>) -> Array2<f64> {
    let (k, n, c) = matrices.dim();
    let mut average = Array2::zeros((n, c));
    for m in 0..k {
        for i in 0..n {
            for j in 0..c {
                average[[i, j]] += weights[m] * matrices[[m, i, j]];
            }
        }
    }
    average
}

/// `(weights[:, None, None] * matrices).sum(axis=0)` as one contraction,
/// `einsum("i,ijk->jk")`: no (k, n, c) temporary.
fn weighted_average(weights: ArrayView1<'_, f64>, matrices: ArrayView3<'_, f64>) -> Outcome<ArrayD<f64>> {
    Ok(numvec::einsum("i,ijk->jk", &[weights.into_dyn(), matrices.into_dyn()])?)
}

fn verify_weighted_average() -> Outcome {
    let (weights, matrices) = (weights(), SeedInputs::draw()?.matrices);
    let average = weighted_average(weights.view(), matrices.view())?;
    allclose(&weighted_average_loop(weights.view(), matrices.view()), &average)?;
    Ok(ensure(average.shape() == [100, 64], "weighted_avg.shape == (100, 64)")?)
}

fn time_weighted_average(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(1000);
    let (weights, matrices) = (weights(), randn((3, n, n), SEED)?);
    let looped = || weighted_average_loop(weights.view(), matrices.view());
    compare(format!("3x{n}x{n}"), settings.repeat, looped, || weighted_average(weights.view(), matrices.view()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_versions_compute_what_the_seed_says() {
        assert_eq!(multiplication_table_loop(array![1, 2, 3].view()), array![[1, 2, 3], [2, 4, 6], [3, 6, 9]]);
        let x = array![[1.0, 3.0], [3.0, 4.0]];
        assert_eq!(center_rows_loop(x.view()), array![[-1.0, 1.0], [-0.5, 0.5]]);
        assert_eq!(normalize_rows_loop(x.view()).row(1), array![0.6, 0.8]);
        assert_eq!(distance_matrix_loop(array![1.0, 4.0].view()), array![[0.0, 3.0], [3.0, 0.0]]);
        assert_eq!(thresholds_loop(x.view(), array![2.0, 3.5].view()), array![[false, false], [true, true]]);
        assert_eq!(temperature_scaling_loop(x.view(), array![0.5, 2.0].view()), array![[2.0, 1.5], [6.0, 2.0]]);
        let matrices = array![[[1.0]], [[10.0]]];
        assert_eq!(weighted_average_loop(array![0.5, 0.25].view(), matrices.view()), array![[3.0]]);
    }
}
