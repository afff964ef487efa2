//! einsum and matmul at the sizes of `bench/compare.py` (where the NumPy
//! baselines are).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array, ArrayD, Dimension, IntoDimension};

/// A deterministic array of `shape` with values in `[-1, 1]`.
fn wave<Sh: IntoDimension>(shape: Sh, phase: f64) -> ArrayD<f64> {
    let dim = shape.into_dimension();
    let len = dim.size();
    Array::from_shape_vec(dim, (0..len).map(|i| (i as f64 * 0.618 + phase).sin()).collect()).unwrap().into_dyn()
}

fn matrix_products(c: &mut Criterion) {
    let (a, b) = (wave((1024, 1024), 0.0), wave((1024, 1024), 1.0));
    let (a32, b32) = (a.mapv(|x| x as f32), b.mapv(|x| x as f32));
    let mut group = c.benchmark_group("matmul");
    group.sample_size(10);
    group.bench_function("f64_1024", |bench| bench.iter(|| numvec::matmul(black_box(&a), black_box(&b)).unwrap()));
    group.bench_function("f32_1024", |bench| bench.iter(|| numvec::matmul(black_box(&a32), black_box(&b32)).unwrap()));
    group.finish();
}

fn contractions(c: &mut Criterion) {
    let mut group = c.benchmark_group("einsum");
    group.sample_size(10);
    let (x, y) = (wave((64, 128, 256), 0.0), wave((64, 256, 128), 1.0));
    group.bench_function("bij,bjk->bik_64x128x256", |b| {
        b.iter(|| numvec::einsum("bij,bjk->bik", &[black_box(x.view()), y.view()]).unwrap())
    });
    let (q, k) = (wave((8, 16, 512, 64), 0.0), wave((8, 16, 512, 64), 1.0));
    group.bench_function("attention_8x16x512x64", |b| {
        b.iter(|| numvec::einsum("bhid,bhjd->bhij", &[black_box(q.view()), k.view()]).unwrap())
    });
    let (r, s) = (wave((1_000_000, 32), 0.0), wave((1_000_000, 32), 1.0));
    group.bench_function("ij,ij->i_1e6x32", |b| {
        b.iter(|| numvec::einsum("ij,ij->i", &[black_box(r.view()), s.view()]).unwrap())
    });
    let m = wave((4000, 4000), 0.0);
    group.bench_function("ii->_4000", |b| b.iter(|| numvec::einsum("ii->", &[black_box(m.view())]).unwrap()));
    let (v, w) = (wave(4000, 0.0), wave(4000, 1.0));
    group.bench_function("i,ij,j->_4000", |b| {
        b.iter(|| numvec::einsum("i,ij,j->", &[black_box(v.view()), m.view(), w.view()]).unwrap())
    });
    let chain = [wave((10, 1000), 0.0), wave((1000, 10), 1.0), wave((10, 1000), 2.0), wave((1000, 10), 3.0)];
    let views: Vec<_> = chain.iter().map(|a| a.view()).collect();
    group.bench_function("ij,jk,kl,lm->im_10x1000", |b| {
        b.iter(|| numvec::einsum("ij,jk,kl,lm->im", black_box(&views)).unwrap())
    });
    let (s4, t4) = (wave((4, 4), 0.0), wave((4, 4), 1.0));
    group.bench_function("ij,jk->ik_4x4", |b| {
        b.iter(|| numvec::einsum("ij,jk->ik", &[black_box(s4.view()), t4.view()]).unwrap())
    });
    group.finish();
}

criterion_group!(benches, matrix_products, contractions);
criterion_main!(benches);
