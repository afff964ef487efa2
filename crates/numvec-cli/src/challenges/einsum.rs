//! Challenge 2 of the seed, "Einsum mastery": nine operations as one
//! `numvec::einsum` call each, against the loops the seed's assertions
//! spell out (or their element-by-element equivalent).

use ndarray::{Array, ArrayD, ArrayViewD, Ix1, Ix2, Ix3, Ix4, IxDyn};

use super::check::allclose;
use super::{Outcome, Problem, Settings};
use crate::inputs::{SEED, randn};
use crate::timing::{Timing, compare};

/// One einsum pattern of the challenge.
struct Pattern {
    name: &'static str,
    subscripts: &'static str,
    /// The seed's input shapes.
    seed_shapes: &'static [&'static [usize]],
    /// The timing input shapes for the settings.
    time_shapes: fn(&Settings) -> Vec<Vec<usize>>,
    /// The loop version.
    looped: fn(&[ArrayViewD<'_, f64>]) -> ArrayD<f64>,
    /// A factor applied to the result (the attention scores' `1 / sqrt(d)`).
    scaled: bool,
}

const PATTERNS: [Pattern; 9] = [
    Pattern {
        name: "matrix multiply",
        subscripts: "ij,jk->ik",
        seed_shapes: &[&[3, 4], &[4, 5]],
        time_shapes: |s| vec![vec![s.side(512); 2]; 2],
        looped: matmul_loop,
        scaled: false,
    },
    Pattern {
        name: "dot product",
        subscripts: "i,i->",
        seed_shapes: &[&[5], &[5]],
        time_shapes: |s| vec![vec![s.len(1_000_000)]; 2],
        looped: |ops| {
            let (a, b) = (vector(&ops[0]), vector(&ops[1]));
            ndarray::arr0((0..a.len()).map(|i| a[i] * b[i]).sum::<f64>()).into_dyn()
        },
        scaled: false,
    },
    Pattern {
        name: "outer product",
        subscripts: "i,j->ij",
        seed_shapes: &[&[5], &[5]],
        time_shapes: |s| vec![vec![s.side(2000)]; 2],
        looped: |ops| {
            let (a, b) = (vector(&ops[0]), vector(&ops[1]));
            Array::from_shape_fn((a.len(), b.len()), |(i, j)| a[i] * b[j]).into_dyn()
        },
        scaled: false,
    },
    Pattern {
        name: "trace",
        subscripts: "ii->",
        seed_shapes: &[&[4, 4]],
        time_shapes: |s| vec![vec![s.side(4000); 2]],
        looped: |ops| {
            let m = matrix(&ops[0]);
            ndarray::arr0((0..m.nrows()).map(|i| m[[i, i]]).sum::<f64>()).into_dyn()
        },
        scaled: false,
    },
    Pattern {
        name: "batch matrix multiply",
        subscripts: "bij,bjk->bik",
        seed_shapes: &[&[8, 3, 4], &[8, 4, 5]],
        time_shapes: |s| {
            let n = s.side(128);
            vec![vec![64, n, n], vec![64, n, n]]
        },
        looped: |ops| {
            let (x, y) = (ops[0].view().into_dimensionality::<Ix3>().expect("3-D"), ops[1].view());
            let y = y.into_dimensionality::<Ix3>().expect("3-D");
            let products: Vec<ArrayD<f64>> = (0..x.shape()[0])
                .map(|b| {
                    matmul_loop(&[
                        x.index_axis(ndarray::Axis(0), b).into_dyn(),
                        y.index_axis(ndarray::Axis(0), b).into_dyn(),
                    ])
                })
                .collect();
            let views: Vec<ArrayViewD<'_, f64>> = products.iter().map(|p| p.view()).collect();
            ndarray::stack(ndarray::Axis(0), &views).expect("equal shapes")
        },
        scaled: false,
    },
    Pattern {
        name: "transpose",
        subscripts: "ij->ji",
        seed_shapes: &[&[3, 4]],
        time_shapes: |s| vec![vec![s.side(2000); 2]],
        looped: |ops| {
            let a = matrix(&ops[0]);
            Array::from_shape_fn((a.ncols(), a.nrows()), |(j, i)| a[[i, j]]).into_dyn()
        },
        scaled: false,
    },
    Pattern {
        name: "row-wise dot product",
        subscripts: "ij,ij->i",
        seed_shapes: &[&[10, 5], &[10, 5]],
        time_shapes: |s| vec![vec![s.len(100_000), 32]; 2],
        looped: |ops| {
            let (c, d) = (matrix(&ops[0]), matrix(&ops[1]));
            Array::from_shape_fn(c.nrows(), |i| (0..c.ncols()).map(|j| c[[i, j]] * d[[i, j]]).sum::<f64>()).into_dyn()
        },
        scaled: false,
    },
    Pattern {
        name: "bilinear form",
        subscripts: "i,ij,j->",
        seed_shapes: &[&[4], &[4, 4], &[4]],
        time_shapes: |s| {
            let n = s.side(2000);
            vec![vec![n], vec![n, n], vec![n]]
        },
        looped: |ops| {
            let (x, m, y) = (vector(&ops[0]), matrix(&ops[1]), vector(&ops[2]));
            let total = (0..x.len()).map(|i| (0..y.len()).map(|j| x[i] * m[[i, j]] * y[j]).sum::<f64>()).sum::<f64>();
            ndarray::arr0(total).into_dyn()
        },
        scaled: false,
    },
    Pattern {
        name: "attention scores",
        subscripts: "bhid,bhjd->bhij",
        seed_shapes: &[&[2, 4, 8, 16], &[2, 4, 8, 16]],
        time_shapes: |s| vec![vec![2, 4, s.side(256), 64]; 2],
        looped: |ops| {
            let (q, k) = (ops[0].view().into_dimensionality::<Ix4>().expect("4-D"), ops[1].view());
            let k = k.into_dimensionality::<Ix4>().expect("4-D");
            let (b, h, t, d) = q.dim();
            let scale = (d as f64).sqrt();
            Array::from_shape_fn((b, h, t, k.shape()[2]), |(bi, hi, i, j)| {
                (0..d).map(|x| q[[bi, hi, i, x]] * k[[bi, hi, j, x]]).sum::<f64>() / scale
            })
            .into_dyn()
        },
        scaled: true,
    },
];

/// Challenge 2's problems A to I.
pub fn problems() -> Vec<Problem> {
    let problem = |letter, name, verify, time| Problem { challenge: 2, letter, name, verify, time };
    vec![
        problem('A', PATTERNS[0].name, verify::<0>, time::<0>),
        problem('B', PATTERNS[1].name, verify::<1>, time::<1>),
        problem('C', PATTERNS[2].name, verify::<2>, time::<2>),
        problem('D', PATTERNS[3].name, verify::<3>, time::<3>),
        problem('E', PATTERNS[4].name, verify::<4>, time::<4>),
        problem('F', PATTERNS[5].name, verify::<5>, time::<5>),
        problem('G', PATTERNS[6].name, verify::<6>, time::<6>),
        problem('H', PATTERNS[7].name, verify::<7>, time::<7>),
        problem('I', PATTERNS[8].name, verify::<8>, time::<8>),
    ]
}

fn vector<'v>(x: &'v ArrayViewD<'_, f64>) -> ndarray::ArrayView1<'v, f64> {
    x.view().into_dimensionality::<Ix1>().expect("1-D")
}

fn matrix<'v>(x: &'v ArrayViewD<'_, f64>) -> ndarray::ArrayView2<'v, f64> {
    x.view().into_dimensionality::<Ix2>().expect("2-D")
}

/// `A @ B` by the textbook triple loop.
fn matmul_loop(ops: &[ArrayViewD<'_, f64>]) -> ArrayD<f64> {
    let (a, b) = (matrix(&ops[0]), matrix(&ops[1]));
    let mut c = Array::zeros((a.nrows(), b.ncols()));
    for i in 0..a.nrows() {
        for p in 0..a.ncols() {
            for j in 0..b.ncols() {
                c[[i, j]] += a[[i, p]] * b[[p, j]];
            }
        }
    }
    c.into_dyn()
}

/// The pattern as one einsum call (divided by `sqrt(d)` for attention).
fn vectorized(pattern: &Pattern, ops: &[ArrayViewD<'_, f64>]) -> numvec::Result<ArrayD<f64>> {
    let mut result = numvec::einsum(pattern.subscripts, ops)?;
    if pattern.scaled {
        let d = ops[0].shape()[ops[0].ndim() - 1] as f64;
        result.mapv_inplace(|x| x / d.sqrt());
    }
    Ok(result)
}

fn inputs(shapes: &[Vec<usize>], seed: u32) -> numvec::Result<Vec<ArrayD<f64>>> {
    shapes.iter().zip(seed..).map(|(shape, seed)| randn(IxDyn(shape), seed)).collect()
}

fn verify<const P: usize>() -> Outcome {
    let pattern = &PATTERNS[P];
    let shapes: Vec<Vec<usize>> = pattern.seed_shapes.iter().map(|s| s.to_vec()).collect();
    let arrays = inputs(&shapes, SEED)?;
    let views: Vec<ArrayViewD<'_, f64>> = arrays.iter().map(|a| a.view()).collect();
    Ok(allclose(&vectorized(pattern, &views)?, &(pattern.looped)(&views))?)
}

fn time<const P: usize>(settings: &Settings) -> Outcome<Timing> {
    let pattern = &PATTERNS[P];
    let shapes = (pattern.time_shapes)(settings);
    let arrays = inputs(&shapes, SEED)?;
    let views: Vec<ArrayViewD<'_, f64>> = arrays.iter().map(|a| a.view()).collect();
    let size = shapes.iter().map(|s| s.iter().map(usize::to_string).collect::<Vec<_>>().join("x")).collect::<Vec<_>>();
    let looped = || (pattern.looped)(&views);
    Ok(compare(size.join(", "), settings.repeat, looped, || vectorized(pattern, &views))?)
}
