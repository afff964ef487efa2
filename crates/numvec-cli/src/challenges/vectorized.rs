//! Challenge 1 of the seed, "Replace loops with vectorized ops": the seed's
//! loop versions ported literally (element by element, as in the seed's
//! Python) against numvec's one-call solutions.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};

use super::check::allclose;
use super::{Outcome, Problem, Settings};
use crate::inputs::{SEED, SeedStream, randn};
use crate::timing::{Timing, compare};

/// Challenge 1's problems A to E.
pub fn problems() -> Vec<Problem> {
    let problem = |letter, name, verify, time| Problem { challenge: 1, letter, name, verify, time };
    vec![
        problem('A', "running sum", verify_running_sum, time_running_sum),
        problem('B', "pairwise products", verify_pairwise_products, time_pairwise_products),
        problem('C', "window mean", verify_window_mean, time_window_mean),
        problem('D', "replace negatives", verify_replace_negatives, time_replace_negatives),
        problem('E', "argmax one-hot", verify_argmax_onehot, time_argmax_onehot),
    ]
}

/// The seed's verification inputs of challenge 1, in the order it draws them
/// after `np.random.seed(42)`.
struct SeedInputs {
    running_sum: Array1<f64>,
    pairwise: (Array1<f64>, Array1<f64>),
    window: Array1<f64>,
    negatives: Array2<f64>,
    onehot: Array2<f64>,
}

impl SeedInputs {
    /// Replays the seed's draws (struct fields are evaluated in order).
    fn draw() -> numvec::Result<Self> {
        let mut stream = SeedStream::new();
        Ok(SeedInputs {
            running_sum: stream.randn(1000)?,
            pairwise: (stream.randn(50)?, stream.randn(60)?),
            window: stream.randn(100)?,
            negatives: stream.randn((100, 50))?,
            onehot: stream.randn((100, 10))?,
        })
    }
}

/// The seed's `running_sum_loop(x)`.
fn running_sum_loop(x: ArrayView1<'_, f64>) -> Array1<f64> {
    let mut result = Array1::zeros(x.len());
    let mut total = 0.0;
    for i in 0..x.len() {
        total += x[i];
        result[i] = total;
    }
    result
}

fn verify_running_sum() -> Outcome {
    let x = SeedInputs::draw()?.running_sum;
    Ok(allclose(&running_sum_loop(x.view()), &numvec::cumsum(&x, None)?)?)
}

fn time_running_sum(settings: &Settings) -> Outcome<Timing> {
    let x = randn(settings.len(10_000_000), SEED)?;
    Ok(compare(x.len().to_string(), settings.repeat, || running_sum_loop(x.view()), || numvec::cumsum(&x, None))?)
}

/// The seed's `pairwise_products_loop(a, b)`.
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

fn verify_pairwise_products() -> Outcome {
    let (a, b) = SeedInputs::draw()?.pairwise;
    Ok(allclose(&pairwise_products_loop(a.view(), b.view()), &numvec::outer(&a, &b)?)?)
}

fn time_pairwise_products(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(4000);
    let (a, b) = (randn(n, SEED)?, randn(n, SEED + 1)?);
    let looped = || pairwise_products_loop(a.view(), b.view());
    Ok(compare(format!("{n}x{n}"), settings.repeat, looped, || numvec::outer(&a, &b))?)
}

/// The seed's `window_mean_loop(x, w)`.
fn window_mean_loop(x: ArrayView1<'_, f64>, w: usize) -> Array1<f64> {
    let n = (x.len() + 1).saturating_sub(w);
    let mut result = Array1::zeros(n);
    for i in 0..n {
        result[i] = x.slice_axis(Axis(0), Slice::from(i..i + w)).mean().unwrap_or(f64::NAN);
    }
    result
}

fn verify_window_mean() -> Outcome {
    let x = SeedInputs::draw()?.window;
    Ok(allclose(&window_mean_loop(x.view(), 5), &numvec::window_mean(&x, 5, -1)?)?)
}

fn time_window_mean(settings: &Settings) -> Outcome<Timing> {
    const W: usize = 100;
    let x = randn(settings.len(1_000_000).max(W), SEED)?;
    let size = format!("{} w={W}", x.len());
    Ok(compare(size, settings.repeat, || window_mean_loop(x.view(), W), || numvec::window_mean(&x, W, -1))?)
}

/// The seed's `replace_negatives_loop(X)`.
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

fn verify_replace_negatives() -> Outcome {
    let x = SeedInputs::draw()?.negatives;
    Ok(allclose(&replace_negatives_loop(x.view()), &numvec::relu(&x))?)
}

fn time_replace_negatives(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(4000);
    let x = randn((n, n), SEED)?;
    let vectorized = || Ok::<_, numvec::Error>(numvec::relu(&x));
    Ok(compare(format!("{n}x{n}"), settings.repeat, || replace_negatives_loop(x.view()), vectorized)?)
}

/// The seed's `argmax_onehot_loop(X)`: the first largest element of each row.
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

fn verify_argmax_onehot() -> Outcome {
    let x = SeedInputs::draw()?.onehot;
    Ok(allclose(&argmax_onehot_loop(x.view()), &numvec::argmax_onehot(&x, 1)?)?)
}

fn time_argmax_onehot(settings: &Settings) -> Outcome<Timing> {
    let n = settings.len(1_000_000);
    let x = randn((n, 16), SEED)?;
    let looped = || argmax_onehot_loop(x.view());
    Ok(compare(format!("{n}x16"), settings.repeat, looped, || numvec::argmax_onehot(&x, 1))?)
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn loop_versions_compute_what_the_seed_says() {
        let x = array![1.0, -2.0, 3.0, 4.0];
        assert_eq!(running_sum_loop(x.view()), array![1.0, -1.0, 2.0, 6.0]);
        assert_eq!(pairwise_products_loop(x.view(), array![2.0].view()), array![[2.0], [-4.0], [6.0], [8.0]]);
        assert_eq!(window_mean_loop(x.view(), 2), array![-0.5, 0.5, 3.5]);
        assert_eq!(window_mean_loop(x.view(), 5).len(), 0);
        let m = array![[1.0, -2.0, 3.0], [3.0, 3.0, -1.0]];
        assert_eq!(replace_negatives_loop(m.view()), array![[1.0, 0.0, 3.0], [3.0, 3.0, 0.0]]);
        assert_eq!(argmax_onehot_loop(m.view()), array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
    }
}
