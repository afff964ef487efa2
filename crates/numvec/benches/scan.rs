//! Scans, windows, outer products and one-hot argmax at sizes where speed
//! matters (the NumPy baselines are in `bench/compare.py`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2};

/// Deterministic pseudo-random floats in `[-1, 1)` (xorshift64*).
fn noise(len: usize, mut seed: u64) -> Vec<f64> {
    (0..len)
        .map(|_| {
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            let bits = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
            bits as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

fn scans(c: &mut Criterion) {
    let x = Array1::from(noise(10_000_000, 1));
    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    group.bench_function("cumsum_f64_1e7", |b| b.iter(|| numvec::cumsum(black_box(&x), None).unwrap()));
    group
        .bench_function("window_mean_f64_1e7_w100", |b| b.iter(|| numvec::window_mean(black_box(&x), 100, 0).unwrap()));
    group.finish();
}

fn products(c: &mut Criterion) {
    let a = Array1::from(noise(4000, 2));
    let b = Array1::from(noise(4000, 3));
    let mut group = c.benchmark_group("products");
    group.sample_size(20);
    group.bench_function("outer_f64_4000", |bench| bench.iter(|| numvec::outer(black_box(&a), black_box(&b)).unwrap()));
    group.finish();
}

fn onehot(c: &mut Criterion) {
    let x = Array2::from_shape_vec((1_000_000, 16), noise(16_000_000, 4)).unwrap();
    let mut group = c.benchmark_group("onehot");
    group.sample_size(20);
    group.bench_function("argmax_onehot_f64_1e6x16", |b| b.iter(|| numvec::argmax_onehot(black_box(&x), 1).unwrap()));
    group.finish();
}

criterion_group!(benches, scans, products, onehot);
criterion_main!(benches);
