//! Challenge 5 of the seed, "Advanced indexing patterns": numvec's
//! solutions against loop versions. Problem E (top-k per row with values)
//! so far; the other problems join [`problems`] in the seed's order.

use ndarray::{Array2, ArrayD, ArrayView2, Axis};
use numvec::sort::TopKMode;

use super::check::{allclose, equal};
use super::{Outcome, Problem, Settings};
use crate::inputs::{SEED, randn};
use crate::timing::{Timing, compare};

/// Challenge 5's problems implemented so far.
pub fn problems() -> Vec<Problem> {
    let problem = |letter, name, verify, time| Problem { challenge: 5, letter, name, verify, time };
    vec![problem('E', "top-k per row", verify_top_k, time_top_k)]
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
    let x = randn((100, 50), SEED)?;
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
