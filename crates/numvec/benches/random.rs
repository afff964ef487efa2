//! NumPy's legacy `RandomState` draws at sizes where speed matters (NumPy's
//! `RandomState(0)` takes about 49 ms for `rand(10**7)`, 159 ms for
//! `randn(10**7)` and 38 ms for `randint(0, 1000, 10**7)` on the reference
//! machine).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use numvec::random::RandomState;

fn draws(c: &mut Criterion) {
    const N: usize = 10_000_000;
    let mut rs = RandomState::new(0);
    let mut group = c.benchmark_group("random");
    group.sample_size(10);
    group.bench_function("rand_1e7", |b| b.iter(|| rs.rand(black_box(&[N])).unwrap()));
    group.bench_function("randn_1e7", |b| b.iter(|| rs.randn(black_box(&[N])).unwrap()));
    group.bench_function("randint_0_1000_1e7", |b| b.iter(|| rs.randint(0, 1000, black_box(&[N])).unwrap()));
    group.bench_function("permutation_1e6", |b| b.iter(|| rs.permutation(black_box(1_000_000)).unwrap()));
    group.finish();
}

criterion_group!(benches, draws);
criterion_main!(benches);
