//! Benchmarks of numvec's elementwise operations on the seed's shapes.

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2, Axis, arr0};
use std::hint::black_box;

fn matrix(rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(i, j)| ((i * cols + j) as f64 * 0.618).sin())
}

fn elementwise(c: &mut Criterion) {
    let x = matrix(4000, 4000);
    let zero = arr0(0.0);
    c.bench_function("maximum(X, 0) 4000x4000", |b| b.iter(|| numvec::maximum(black_box(&x), &zero)));
    c.bench_function("relu 4000x4000", |b| b.iter(|| numvec::relu(black_box(&x))));
    let y = matrix(2000, 2000);
    let row_means = y.mean_axis(Axis(1)).map(|m| m.insert_axis(Axis(1))).unwrap_or_default();
    c.bench_function("center rows 2000x2000", |b| b.iter(|| numvec::subtract(black_box(&y), &row_means)));
    let mut z = y.clone();
    c.bench_function("subtract_inplace row means 2000x2000", |b| {
        b.iter(|| numvec::subtract_inplace(black_box(&mut z), &row_means))
    });
    let thresholds = Array1::linspace(-1.0, 1.0, 2000);
    c.bench_function("greater(X, thresholds) 2000x2000", |b| b.iter(|| numvec::greater(black_box(&y), &thresholds)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = elementwise
}
criterion_main!(benches);
