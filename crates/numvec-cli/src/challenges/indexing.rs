//! Challenge 5 of the seed, "Advanced indexing patterns": numvec's gather,
//! scatter-add, diagonals, top-k and masked fill, against loop versions.

use ndarray::{Array1, Array2, Array3, ArrayD, ArrayView1, ArrayView2, ArrayView3, Axis};
use numvec::idx;
use numvec::index::{add_at, diag, diagonal, get, masked_fill, triu, triu_fill};
use numvec::sort::TopKMode;

use super::check::{allclose, ensure, equal};
use super::{Outcome, Problem, Settings};
use crate::inputs::{SEED, SeedStream, randn};
use crate::timing::{Timing, compare};

/// Challenge 5's problems A to F.
pub fn problems() -> Vec<Problem> {
    let problem = |letter, name, verify, time| Problem { challenge: 5, letter, name, verify, time };
    vec![
        problem('A', "gather (embedding lookup)", verify_gather, time_gather),
        problem('B', "scatter-add (np.add.at)", verify_scatter_add, time_scatter_add),
        problem('C', "k-th diagonals", verify_diagonals, time_diagonals),
        problem('D', "batch diagonals", verify_batch_diagonals, time_batch_diagonals),
        problem('E', "top-k per row", verify_top_k, time_top_k),
        problem('F', "masked fill (causal mask)", verify_masked_fill, time_masked_fill),
    ]
}

/// The seed's inputs, drawn in its order from `np.random.seed(42)`.
struct SeedInputs {
    embeddings: Array2<f64>,
    tokens: Array1<i64>,
    grad_output: Array2<f64>,
    matrix: Array2<f64>,
    batch: Array3<f64>,
    rows: Array2<f64>,
    scores: Array2<f64>,
}

fn seed_inputs(v: usize, d: usize, n: usize) -> numvec::Result<SeedInputs> {
    let mut stream = SeedStream::new();
    // Struct fields are evaluated in order: the seed's order of draws.
    Ok(SeedInputs {
        embeddings: stream.randn((v, d))?,
        tokens: stream.randint(0, v as i64, n)?,
        grad_output: stream.randn((n, d))?,
        matrix: stream.randn((5, 5))?,
        batch: stream.randn((8, 4, 4))?,
        rows: stream.randn((100, 50))?,
        scores: stream.randn((8, 8))?,
    })
}

/// `E[idx]` by loops.
fn gather_loop(e: ArrayView2<'_, f64>, idx: ArrayView1<'_, i64>) -> Array2<f64> {
    let mut out = Array2::zeros((idx.len(), e.ncols()));
    for (k, &i) in idx.iter().enumerate() {
        for j in 0..e.ncols() {
            out[[k, j]] = e[[i as usize, j]];
        }
    }
    out
}

fn verify_gather() -> Outcome {
    let s = seed_inputs(10_000, 128, 64)?;
    let embeddings = get(&s.embeddings, &idx![&s.tokens])?;
    ensure(embeddings.shape() == [64, 128], "embeddings.shape == (N, D)")?;
    equal(&gather_loop(s.embeddings.view(), s.tokens.view()), &embeddings)?;
    let first_row = embeddings.index_axis(ndarray::Axis(0), 0);
    Ok(ensure(first_row == s.embeddings.row(s.tokens[0] as usize).into_dyn(), "embeddings[0] == E[idx[0]]")?)
}

fn time_gather(settings: &Settings) -> Outcome<Timing> {
    let (v, n) = (settings.len(100_000), settings.len(100_000));
    let e = randn((v, 128), SEED)?;
    let idx = SeedStream::new().randint(0, v as i64, n)?;
    let looped = || gather_loop(e.view(), idx.view());
    Ok(compare(format!("{n} rows of {v}x128"), settings.repeat, looped, || get(&e, &idx![&idx]))?)
}

/// `np.add.at(grad_E, idx, grad_output)` by loops.
fn scatter_add_loop(grad: &mut Array2<f64>, idx: ArrayView1<'_, i64>, updates: ArrayView2<'_, f64>) {
    for (k, &i) in idx.iter().enumerate() {
        for j in 0..updates.ncols() {
            grad[[i as usize, j]] += updates[[k, j]];
        }
    }
}

fn verify_scatter_add() -> Outcome {
    let s = seed_inputs(10_000, 128, 64)?;
    let mut grad = Array2::zeros(s.embeddings.dim());
    add_at(&mut grad, &idx![&s.tokens], &s.grad_output)?;
    let mut expected = Array2::zeros(s.embeddings.dim());
    scatter_add_loop(&mut expected, s.tokens.view(), s.grad_output.view());
    Ok(equal(&expected, &grad)?)
}

fn time_scatter_add(settings: &Settings) -> Outcome<Timing> {
    let (v, n) = (settings.len(100_000), settings.len(100_000));
    let updates = randn((n, 128), SEED)?;
    let idx = SeedStream::new().randint(0, v as i64, n)?;
    let mut looped_grad = Array2::zeros((v, 128));
    let mut grad = Array2::zeros((v, 128));
    let looped = || scatter_add_loop(&mut looped_grad, idx.view(), updates.view());
    Ok(compare(format!("{n} rows into {v}x128"), settings.repeat, looped, || add_at(&mut grad, &idx![&idx], &updates))?)
}

/// The `k`-th diagonal of a square matrix by loops.
fn diagonal_loop(m: ArrayView2<'_, f64>, k: isize) -> Array1<f64> {
    let n = m.nrows() as isize;
    (0..n).filter(|&i| (0..n).contains(&(i + k))).map(|i| m[[i as usize, (i + k) as usize]]).collect()
}

fn verify_diagonals() -> Outcome {
    let m = seed_inputs(10_000, 128, 64)?.matrix;
    let (main, sup, sub) = (diag(&m, 0)?, diag(&m, 1)?, diag(&m, -1)?);
    for (k, d) in [(0, &main), (1, &sup), (-1, &sub)] {
        equal(&diagonal_loop(m.view(), k), d)?;
    }
    Ok(ensure(main.len() == 5 && sup.len() == 4, "len(main_diag) == 5 and len(super_diag) == 4")?)
}

fn time_diagonals(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(4000);
    let m = randn((n, n), SEED)?;
    Ok(compare(format!("{n}x{n}"), settings.repeat, || diagonal_loop(m.view(), 1), || diag(&m, 1))?)
}

/// `batch[b, i, i]` for every `b` and `i`, by loops.
fn batch_diagonals_loop(batch: ArrayView3<'_, f64>) -> Array2<f64> {
    let (b, n, _) = batch.dim();
    Array2::from_shape_fn((b, n), |(k, i)| batch[[k, i, i]])
}

fn verify_batch_diagonals() -> Outcome {
    let batch = seed_inputs(10_000, 128, 64)?.batch;
    let b_idx = Array2::from_shape_fn((8, 1), |(b, _)| b as i64);
    let n_idx = Array2::from_shape_fn((1, 4), |(_, i)| i as i64);
    let fancy = get(&batch, &idx![&b_idx, &n_idx, &n_idx])?;
    let batched = diagonal(&batch, 0, 1, 2)?;
    ensure(fancy.shape() == [8, 4], "batch_diags.shape == (B, N)")?;
    equal(&batch_diagonals_loop(batch.view()), &fancy)?;
    equal(&fancy, &batched)?;
    for b in 0..8 {
        equal(&fancy.index_axis(ndarray::Axis(0), b), &diag(batch.index_axis(ndarray::Axis(0), b), 0)?)?;
    }
    Ok(())
}

fn time_batch_diagonals(settings: &Settings) -> Outcome<Timing> {
    let b = settings.len(10_000);
    let batch = randn((b, 64, 64), SEED)?;
    let looped = || batch_diagonals_loop(batch.view());
    Ok(compare(format!("{b}x64x64"), settings.repeat, looped, || diagonal(&batch, 0, 1, 2))?)
}

/// The `k` largest values of every row and their column indices, largest
/// first, by loops: each row's best columns are kept in a list in order,
/// and a value enters before the first smaller one (so ties keep the
/// earlier column first).
fn top_k_loop(x: ArrayView2<'_, f64>, k: usize) -> (Array2<f64>, Array2<i64>) {
    let (n, c) = x.dim();
    let mut values = Array2::zeros((n, k));
    let mut indices = Array2::zeros((n, k));
    for i in 0..n {
        let mut best: Vec<usize> = Vec::with_capacity(k + 1);
        for j in 0..c {
            let mut place = best.len();
            while place > 0 && x[[i, j]] > x[[i, best[place - 1]]] {
                place -= 1;
            }
            if place < k {
                best.insert(place, j);
                best.truncate(k);
            }
        }
        for (slot, &j) in best.iter().enumerate() {
            values[[i, slot]] = x[[i, j]];
            indices[[i, slot]] = j as i64;
        }
    }
    (values, indices)
}

/// The seed's three steps (argpartition, gather, argsort) in one call.
fn top_k(x: ArrayView2<'_, f64>, k: usize) -> numvec::Result<(ArrayD<f64>, ArrayD<i64>)> {
    numvec::top_k(&x, k, Some(1), TopKMode::Largest, true)
}

fn verify_top_k() -> Outcome {
    let x = seed_inputs(10_000, 128, 64)?.rows;
    let (values, indices) = top_k(x.view(), 5)?;
    let (loop_values, loop_indices) = top_k_loop(x.view(), 5);
    equal(&loop_indices, &indices)?;
    allclose(&loop_values, &values)?;
    // The seed's check: the first of each row is the row's maximum.
    let firsts = values.index_axis(Axis(1), 0).to_owned();
    Ok(allclose(&firsts, &numvec::max(&x, 1, false)?)?)
}

fn time_top_k(settings: &Settings) -> Outcome<Timing> {
    let n = settings.len(20_000);
    let x = randn((n, 1000), SEED)?;
    let looped = || top_k_loop(x.view(), 10);
    Ok(compare(format!("{n}x1000, k=10"), settings.repeat, looped, || top_k(x.view(), 10))?)
}

/// `scores[np.triu(ones, 1)] = -inf` by loops.
fn causal_fill_loop(scores: &mut Array2<f64>) {
    let n = scores.nrows();
    for i in 0..n {
        for j in i + 1..scores.ncols() {
            scores[[i, j]] = f64::NEG_INFINITY;
        }
    }
}

fn verify_masked_fill() -> Outcome {
    let scores = seed_inputs(10_000, 128, 64)?.scores;
    let causal = triu(&Array2::from_elem((8, 8), true), 1)?;
    let mut masked = scores.clone();
    masked_fill(&mut masked, &causal, f64::NEG_INFINITY)?;
    let mut fused = scores.clone();
    triu_fill(&mut fused, f64::NEG_INFINITY, 1);
    let mut expected = scores.clone();
    causal_fill_loop(&mut expected);
    equal(&expected, &masked)?;
    equal(&expected, &fused)?;
    ensure(
        masked.row(0).iter().skip(1).all(|&x| x == f64::NEG_INFINITY),
        "np.all(attention_scores[0, 1:] == -np.inf)",
    )?;
    Ok(ensure(masked[[0, 0]] != f64::NEG_INFINITY, "attention_scores[0, 0] != -np.inf")?)
}

fn time_masked_fill(settings: &Settings) -> Outcome<Timing> {
    let n = settings.side(4096);
    let mut looped_scores = randn((n, n), SEED)?;
    let mut scores = looped_scores.clone();
    let looped = || causal_fill_loop(&mut looped_scores);
    let fused = || {
        triu_fill(&mut scores, f64::NEG_INFINITY, 1);
        Ok::<(), numvec::Error>(())
    };
    Ok(compare(format!("{n}x{n}"), settings.repeat, looped, fused)?)
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn the_loop_keeps_the_largest_first_and_ties_in_order() {
        let x = array![[1.0, 5.0, 3.0, 5.0], [4.0, 3.0, 2.0, 1.0]];
        let (values, indices) = top_k_loop(x.view(), 2);
        assert_eq!(values, array![[5.0, 5.0], [4.0, 3.0]]);
        assert_eq!(indices, array![[1, 3], [0, 1]]);
    }
}
