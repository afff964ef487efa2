//! Challenge 3 of the seed, "Memory-efficient operations": in-place z-score
//! normalization, chunked pairwise distances and views against copies. The
//! loop versions port the seed's solutions element by element (its
//! `memory_efficient_normalize` and `chunked_pairwise_distance`) as the
//! reference and the timing baseline.

use std::collections::HashSet;

use ndarray::{Array1, Array2, ArrayView2, Axis, Slice, stack};
use numvec::linalg::distance::{Metric, cdist};
use numvec::memory::MemoryLayout;

use super::check::{allclose, ensure};
use super::{Outcome, Problem, Settings};
use crate::inputs::{SEED, randn};
use crate::timing::{Timing, compare};

/// Challenge 3's problems A to C.
pub fn problems() -> Vec<Problem> {
    let problem = |letter, name, verify, time| Problem { challenge: 3, letter, name, verify, time };
    vec![
        problem('A', "in-place normalize", verify_normalize, time_normalize),
        problem('B', "chunked distances", verify_distances, time_distances),
        problem('C', "views vs copies", verify_views, time_views),
    ]
}

/// The seed's `memory_efficient_normalize(X)`: column statistics, a std of
/// 0 replaced by 1, then `X -= mean` and `X /= std` in place.
fn normalize_loop(x: &mut Array2<f64>) {
    let (n, d) = x.dim();
    let (mut mean, mut std) = (vec![0.0; d], vec![0.0; d]);
    for j in 0..d {
        for i in 0..n {
            mean[j] += x[[i, j]];
        }
        mean[j] /= n as f64;
        for i in 0..n {
            std[j] += (x[[i, j]] - mean[j]) * (x[[i, j]] - mean[j]);
        }
        std[j] = (std[j] / n as f64).sqrt();
        if std[j] == 0.0 {
            std[j] = 1.0;
        }
    }
    for i in 0..n {
        for j in 0..d {
            x[[i, j]] = (x[[i, j]] - mean[j]) / std[j];
        }
    }
}

fn verify_normalize() -> Outcome {
    let mut x = randn((100, 10), SEED)?;
    let mut expected = x.clone();
    normalize_loop(&mut expected);
    let address = x.as_ptr();
    numvec::zscore_inplace(&mut x, 0, 0)?;
    ensure(x.as_ptr() == address, "id(result) == X_id (normalized in place)")?;
    allclose(&x, &expected)?;
    let mean = numvec::mean(&x, 0, false)?;
    Ok(ensure(mean.iter().all(|m| m.abs() <= 1e-10), "np.allclose(X.mean(axis=0), 0, atol=1e-10)")?)
}

fn time_normalize(settings: &Settings) -> Outcome<Timing> {
    let rows = settings.len(1_000_000);
    let (mut looped, mut fast) = (randn((rows, 64), SEED)?, randn((rows, 64), SEED)?);
    let size = format!("{rows}x64");
    Ok(compare(size, settings.repeat, || normalize_loop(&mut looped), || numvec::zscore_inplace(&mut fast, 0, 0))?)
}

/// The seed's `chunked_pairwise_distance(A, B, chunk_size)`: squared norms,
/// a chunk of rows of `A @ B.T` at a time, clamped at 0, square root.
fn chunked_distance_loop(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>, chunk: usize) -> Array2<f64> {
    let (m, n, d) = (a.nrows(), b.nrows(), a.ncols());
    let b_sq: Array1<f64> = b.rows().into_iter().map(|row| row.iter().map(|v| v * v).sum()).collect();
    let mut distances = Array2::zeros((m, n));
    for start in (0..m).step_by(chunk.max(1)) {
        for i in start..(start + chunk).min(m) {
            let a_sq: f64 = a.row(i).iter().map(|v| v * v).sum();
            for j in 0..n {
                let mut cross = 0.0;
                for k in 0..d {
                    cross += a[[i, k]] * b[[j, k]];
                }
                distances[[i, j]] = (a_sq + b_sq[j] - 2.0 * cross).max(0.0).sqrt();
            }
        }
    }
    distances
}

fn verify_distances() -> Outcome {
    let (a, b) = (randn((500, 64), SEED)?, randn((300, 64), SEED + 1)?);
    let chunked = cdist(&a, &b, Metric::Euclidean)?;
    Ok(allclose(&chunked, &chunked_distance_loop(a.view(), b.view(), 100))?)
}

fn time_distances(settings: &Settings) -> Outcome<Timing> {
    let (m, n) = (settings.len(4000), settings.len(2000));
    let (a, b) = (randn((m, 64), SEED)?, randn((n, 64), SEED + 1)?);
    let looped = || chunked_distance_loop(a.view(), b.view(), 1000);
    Ok(compare(format!("{m}x64 vs {n}x64"), settings.repeat, looped, || cdist(&a, &b, Metric::Euclidean))?)
}

/// Every byte address of a layout's elements.
fn bytes(layout: &MemoryLayout<'_>) -> Vec<isize> {
    let mut offsets = vec![0isize];
    for (&len, &stride) in layout.shape.iter().zip(layout.strides.iter()) {
        offsets = offsets.iter().flat_map(|&o| (0..len as isize).map(move |i| o + i * stride)).collect();
    }
    let (start, itemsize) = (layout.address as isize, layout.itemsize as isize);
    offsets.into_iter().flat_map(|o| (0..itemsize).map(move |k| start + o + k)).collect()
}

/// Whether two layouts share a byte, by listing every byte of both.
fn shares_memory_loop(a: &MemoryLayout<'_>, b: &MemoryLayout<'_>) -> bool {
    let first: HashSet<isize> = bytes(a).into_iter().collect();
    bytes(b).iter().any(|byte| first.contains(byte))
}

fn verify_views() -> Outcome {
    let x = Array2::from_shape_fn((3, 4), |(i, j)| (4 * i + j) as i64);
    let row_copy = x.row(0).to_owned();
    let fancy_copy = stack![Axis(0), x.row(0), x.row(2)];
    ensure(numvec::shares_memory(&x, &x.row(0), None)?, "np.shares_memory(X, row_view)")?;
    ensure(!numvec::shares_memory(&x, &row_copy, None)?, "not np.shares_memory(X, row_copy)")?;
    ensure(numvec::shares_memory(&x, &x.t(), None)?, "np.shares_memory(X, transpose_view)")?;
    ensure(!numvec::shares_memory(&x, &fancy_copy, None)?, "not np.shares_memory(X, fancy_copy)")?;
    let (even, odd) = (x.slice_axis(Axis(1), Slice::new(0, None, 2)), x.slice_axis(Axis(1), Slice::new(1, None, 2)));
    let exact = shares_memory_loop(&MemoryLayout::of(&even), &MemoryLayout::of(&odd));
    Ok(ensure(numvec::shares_memory(&even, &odd, None)? == exact, "shares_memory(X[:, ::2], X[:, 1::2]) is exact")?)
}

fn time_views(settings: &Settings) -> Outcome<Timing> {
    let n = settings.len(1_000_000);
    let x = Array1::<f64>::zeros(n);
    let (even, odd) = (x.slice_axis(Axis(0), Slice::new(0, None, 2)), x.slice_axis(Axis(0), Slice::new(1, None, 2)));
    let (a, b) = (MemoryLayout::of(&even), MemoryLayout::of(&odd));
    let looped = || shares_memory_loop(&a, &b);
    Ok(compare(n.to_string(), settings.repeat, looped, || numvec::shares_memory(&even, &odd, None))?)
}
