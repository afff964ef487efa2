//! Sorting and selection at the sizes of `bench/compare.py`'s sort cases.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::ArrayD;
use numvec::random::RandomState;
use numvec::sort::TopKMode;

/// Standard-normal values, as NumPy's `RandomState(seed).randn(*shape)`.
fn randn(shape: &[usize], seed: u32) -> ArrayD<f64> {
    RandomState::new(seed).randn(shape).unwrap()
}

fn sorts(c: &mut Criterion) {
    let x = randn(&[10_000_000], 1);
    let mut group = c.benchmark_group("sort");
    group.sample_size(10);
    group.bench_function("sort_f64_1e7", |b| b.iter(|| numvec::sort(black_box(&x), Some(0)).unwrap()));
    group.bench_function("argsort_f64_1e7", |b| b.iter(|| numvec::argsort(black_box(&x), Some(0)).unwrap()));
    group.finish();
}

fn selections(c: &mut Criterion) {
    let rows = randn(&[100_000, 1000], 2);
    let columns = randn(&[1000, 100_000], 3);
    let mut group = c.benchmark_group("select");
    group.sample_size(10);
    group.bench_function("top_k_10_axis1_1e5x1000", |b| {
        b.iter(|| numvec::top_k(black_box(&rows), 10, Some(1), TopKMode::Largest, true).unwrap())
    });
    group.bench_function("top_k_10_axis0_1000x1e5", |b| {
        b.iter(|| numvec::top_k(black_box(&columns), 10, Some(0), TopKMode::Largest, true).unwrap())
    });
    group.bench_function("argpartition_kth-10_axis1_1e5x1000", |b| {
        b.iter(|| numvec::argpartition(black_box(&rows), &[-10], Some(1)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, sorts, selections);
criterion_main!(benches);
