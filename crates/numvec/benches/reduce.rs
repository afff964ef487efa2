//! Reductions on a 4000x4000 `f64` C-contiguous matrix: `sum`, `mean` and
//! `std` along axis 0, axis 1 and all axes (compare with NumPy on the same
//! machine: `np.sum(x, axis=0)` and so on).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::Array2;
use numvec::axis::Axes;

fn matrix(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| ((i * 7919 + j * 104_729) % 10_007) as f64 / 10_007.0 - 0.5)
}

fn reductions(c: &mut Criterion) {
    let x = matrix(4000);
    let mut group = c.benchmark_group("reduce_4000x4000_f64");
    group.sample_size(20);
    for (label, axis) in [("axis0", Axes::from(0)), ("axis1", Axes::from(1)), ("all", Axes::All)] {
        group.bench_function(format!("sum/{label}"), |b| b.iter(|| numvec::sum(black_box(&x), axis.clone(), false)));
        group.bench_function(format!("mean/{label}"), |b| b.iter(|| numvec::mean(black_box(&x), axis.clone(), false)));
        group.bench_function(format!("std/{label}"), |b| b.iter(|| numvec::std(black_box(&x), axis.clone(), 0, false)));
    }
    group.finish();
}

criterion_group!(benches, reductions);
criterion_main!(benches);
