//! Memory-efficient operations: in-place z-score of a 1e6x64 `f64` matrix
//! along axis 0, cdist of 20000x64 against 5000x64 points (euclidean), and
//! shares_memory of two interleaved views of a 1e6 array (compare with
//! `bench/compare.py` for NumPy's and the seed's timings).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2, s};
use numvec::linalg::distance::{Metric, cdist};

fn values(rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(i, j)| ((i * 7919 + j * 104_729) % 10_007) as f64 / 10_007.0 - 0.5)
}

fn memory(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory_f64");
    group.sample_size(10);
    let mut x = values(1_000_000, 64);
    group.bench_function("zscore_inplace/1e6x64/axis0", |b| b.iter(|| numvec::zscore_inplace(&mut x, 0, 0)));
    let (a, p) = (values(20_000, 64), values(5_000, 64));
    group.bench_function("cdist/euclidean/20000x5000x64", |b| b.iter(|| cdist(black_box(&a), &p, Metric::Euclidean)));
    let v = Array1::<f64>::zeros(1_000_000);
    let (even, odd) = (v.slice(s![..;2]), v.slice(s![1..;2]));
    group.bench_function("shares_memory/interleaved/1e6", |b| b.iter(|| numvec::shares_memory(&even, &odd, None)));
    group.finish();
}

criterion_group!(benches, memory);
criterion_main!(benches);
