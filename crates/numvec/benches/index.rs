//! Gather, scatter-add, batch diagonals and triangle fills at the sizes of
//! `bench/compare.py` (where the NumPy baselines are).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2, Array3};
use numvec::idx;
use numvec::index::{add_at, diagonal, get, triu, triu_fill};

/// Deterministic pseudo-random integers in `0..bound` (xorshift64*).
fn picks(len: usize, bound: u64, mut seed: u64) -> Array1<i64> {
    (0..len)
        .map(|_| {
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            (seed.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound) as i64
        })
        .collect()
}

fn gather_and_scatter(c: &mut Criterion) {
    let table = Array2::from_shape_fn((1_000_000, 128), |(i, j)| (i + j) as f64);
    let rows = picks(100_000, 1_000_000, 1);
    let updates = Array2::from_elem((100_000, 128), 0.5);
    let mut grad = Array2::<f64>::zeros((1_000_000, 128));
    let bins_idx = picks(1_000_000, 1000, 2);
    let weights = Array1::from_elem(1_000_000, 0.25);
    let mut bins = Array1::<f64>::zeros(1000);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("gather_1e5_rows_of_1e6x128", |b| b.iter(|| get(black_box(&table), &idx![&rows]).unwrap()));
    group.bench_function("add_at_1e5_rows_into_1e6x128", |b| {
        b.iter(|| add_at(&mut grad, &idx![&rows], black_box(&updates)).unwrap())
    });
    group.bench_function("add_at_1e6_scalars_into_1e3_bins", |b| {
        b.iter(|| add_at(&mut bins, &idx![&bins_idx], black_box(&weights)).unwrap())
    });
    group.finish();
}

fn diagonals_and_triangles(c: &mut Criterion) {
    let batch = Array3::from_shape_fn((10_000, 64, 64), |(b, i, j)| (b + i * j) as f64);
    let mut scores = Array2::from_elem((4096, 4096), 1.0);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("batch_diagonal_10000x64x64", |b| b.iter(|| diagonal(black_box(&batch), 0, 1, 2).unwrap()));
    group.bench_function("triu_fill_4096", |b| b.iter(|| triu_fill(&mut scores, f64::NEG_INFINITY, 1)));
    group.bench_function("triu_4096", |b| b.iter(|| triu(black_box(&scores), 0).unwrap()));
    group.finish();
}

criterion_group!(benches, gather_and_scatter, diagonals_and_triangles);
criterion_main!(benches);
