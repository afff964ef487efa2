//! einsum: every path option against a naive reference on random valid
//! expressions (repeated labels, ellipsis, size-1 broadcasting, strided
//! inputs), NumPy's error cases, and einsum_path's paths and FLOP counts.

use ndarray::{Array, ArrayD, ArrayViewD, Dimension, IxDyn, array, s};
use numvec::einsum::parse::parse;
use numvec::einsum::path::{label_set, steps};
use numvec::einsum::{Optimize, einsum_into, einsum_path, einsum_with};
use numvec::{Element, Error, einsum};
use proptest::prelude::*;

/// The naive einsum: every combination of label values, summed.
fn naive<A: Element>(subscripts: &str, operands: &[ArrayViewD<'_, A>]) -> ArrayD<A> {
    let shapes: Vec<&[usize]> = operands.iter().map(|o| o.shape()).collect();
    let spec = parse(subscripts, &shapes).unwrap();
    let mut labels: Vec<u8> = spec.inputs.iter().flatten().copied().collect();
    labels.sort_unstable();
    labels.dedup();
    let sizes: Vec<usize> = labels.iter().map(|&l| spec.sizes[usize::from(l)]).collect();
    let out_shape: Vec<usize> = spec.output.iter().map(|&l| spec.sizes[usize::from(l)]).collect();
    let mut out = ArrayD::from_elem(IxDyn(&out_shape), A::ZERO);
    let value_of = |values: &[usize], label: u8| values[labels.iter().position(|&l| l == label).unwrap()];
    for values in ndarray::indices(IxDyn(&sizes)) {
        let values = values.slice();
        let product = operands.iter().zip(&spec.inputs).fold(A::ONE, |acc, (op, term)| {
            // Size-1 axes broadcast: index 0.
            let idx: Vec<usize> =
                term.iter().zip(op.shape()).map(|(&l, &n)| if n == 1 { 0 } else { value_of(values, l) }).collect();
            acc.mul(op[IxDyn(&idx)])
        });
        let idx: Vec<usize> = spec.output.iter().map(|&l| value_of(values, l)).collect();
        out[IxDyn(&idx)] = out[IxDyn(&idx)].add(product);
    }
    out
}

fn every_optimize(n: usize) -> Vec<Optimize> {
    let mut all = vec![Optimize::None, Optimize::Greedy, Optimize::Optimal];
    if n >= 2 {
        // Pairs from the right: another valid explicit path.
        all.push(Optimize::Path((0..n - 1).map(|k| vec![n - 2 - k, n - 1 - k]).collect()));
    }
    all
}

fn check(subscripts: &str, operands: &[ArrayViewD<'_, i64>]) {
    let want = naive(subscripts, operands);
    for optimize in every_optimize(operands.len()) {
        let got = einsum_with(subscripts, operands, &optimize).unwrap();
        assert_eq!(got, want, "{subscripts} with {optimize:?}");
    }
}

fn ramp(shape: &[usize], seed: i64) -> ArrayD<i64> {
    let mut k = seed;
    ArrayD::from_shape_fn(IxDyn(shape), |_| {
        k = (k * 7 + 3) % 11;
        k - 5
    })
}

#[test]
fn seed_patterns_and_grammar() {
    let a = ramp(&[3, 4], 1);
    let b = ramp(&[4, 5], 2);
    let sq = ramp(&[4, 4], 3);
    let t = ramp(&[2, 3, 4], 4);
    let v = ramp(&[4], 5);
    check("ij,jk->ik", &[a.view(), b.view()]);
    check("ij,jk", &[a.view(), b.view()]);
    check("ii->i", &[sq.view()]);
    check("ii", &[sq.view()]);
    check("ji", &[a.view()]);
    check("ij->", &[a.view()]);
    check("i,ij,j->", &[v.view(), sq.view(), v.view()]);
    check("...j,j->...", &[t.view(), v.view()]);
    check("ijk,ikl->ijl", &[t.view(), ramp(&[2, 4, 3], 6).view()]);
    check("bij,jk->bik", &[t.slice(s![.., .., ..;-1]).into_dyn(), ramp(&[4, 2], 7).view()]);
    check("i...i", &[ramp(&[3, 2, 3], 8).view()]);
    check("Ab,bA->", &[a.view(), a.t().into_dyn()]);
    check("ij,ij->i", &[a.view(), ramp(&[3, 1], 9).view()]);
    check("ab,bc,cd,de->ae", &[a.view(), b.view(), ramp(&[5, 2], 10).view(), ramp(&[2, 3], 11).view()]);
    check("ijj,jk->ik", &[ramp(&[2, 3, 3], 12).view(), ramp(&[3, 0], 13).view()]);
    check(",->", &[ndarray::arr0(3).into_dyn().view(), ndarray::arr0(4).into_dyn().view()]);
}

#[test]
fn floats_use_the_matrix_product() {
    let q = Array::from_shape_fn((2, 3, 5, 4), |(b, h, i, d)| (b + 2 * h + 3 * i + d) as f64 * 0.25);
    let k = Array::from_shape_fn((2, 3, 6, 4), |(b, h, j, d)| (b * h + j + d) as f64 - 2.0);
    let got = einsum("bhid,bhjd->bhij", &[q.view(), k.view()]).unwrap();
    let want = naive("bhid,bhjd->bhij", &[q.view().into_dyn(), k.view().into_dyn()]);
    assert_eq!(got, want);
    let t = einsum("bhid,bhjd->bhji", &[q.view(), k.view()]).unwrap();
    assert_eq!(t, want.view().permuted_axes(IxDyn(&[0, 1, 3, 2])));
    let m = Array::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32);
    let r = einsum("ij,kj->ik", &[m.view(), m.view()]).unwrap();
    assert_eq!(r, m.dot(&m.t()).into_dyn());
}

/// Two matrices in any axis order, into either result order, on strided
/// and reversed views; size-1 (broadcast) and empty axes too.
#[test]
fn matrix_products_in_every_axis_order() {
    let (a, b) = (ramp(&[3, 4], 1), ramp(&[4, 5], 2));
    let (at, bt) = (a.t().to_owned(), b.t().to_owned());
    for (a_terms, a_op) in [("ij", a.view()), ("ji", at.view())] {
        for (b_terms, b_op) in [("jk", b.view()), ("kj", bt.view())] {
            for out_terms in ["ik", "ki"] {
                check(&format!("{a_terms},{b_terms}->{out_terms}"), &[a_op.view(), b_op.view()]);
            }
        }
    }
    let wide = ramp(&[6, 8], 3);
    check("ij,jk->ik", &[wide.slice(s![..;2, ..;-2]).into_dyn(), wide.slice(s![..4, 1..6]).into_dyn()]);
    check("ij,jk->ik", &[ramp(&[3, 1], 4).view(), b.view()]);
    check("ij,jk->ik", &[ramp(&[3, 0], 5).view(), ramp(&[0, 5], 6).view()]);
    check("ij,jk->ik", &[ramp(&[0, 4], 7).view(), b.view()]);
}

#[test]
fn out_is_written_and_checked() {
    let a = array![[1, 2], [3, 4]];
    let mut out = Array::zeros((2, 2));
    einsum_into("ij->ji", &[a.view()], &Optimize::Greedy, out.view_mut().into_dyn()).unwrap();
    assert_eq!(out, array![[1, 3], [2, 4]]);
    let mut wrong = Array::from_elem(3, 9);
    let err = einsum_into("ij->i", &[a.view()], &Optimize::Greedy, wrong.view_mut().into_dyn());
    assert!(matches!(err, Err(Error::OutputShape { .. })));
    assert_eq!(wrong, Array::from_elem(3, 9));
}

#[test]
fn invalid_input_is_an_error() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    for subscripts in ["ij,jk->ii", "ij->k", "i", "ijk", "i$", "ij->j.", "..i", "ij->i->j", "ij,jk"] {
        assert!(matches!(einsum(subscripts, &[a.view()]), Err(Error::Einsum(_))), "{subscripts}");
    }
    let r = ramp(&[2, 3], 0).into_dimensionality::<ndarray::Ix2>().unwrap();
    assert!(matches!(einsum("ii", &[r.view()]), Err(Error::Einsum(_))));
    assert!(matches!(einsum::<f64, ndarray::Ix2>("", &[]), Err(Error::Einsum(_))));
    let bad_path = Optimize::Path(vec![vec![0, 1]]);
    assert!(matches!(einsum_with("i,i,i", &[r.row(0), r.row(1), r.row(0)], &bad_path), Err(Error::Einsum(_))));
}

/// Plans are reused between calls: a call with the same subscripts on other
/// shapes, another path choice or shapes that do not fit must not reuse one.
#[test]
fn plans_follow_shapes_and_paths() {
    let shapes = [[2usize, 3, 4], [3, 2, 5], [1, 2, 5], [4, 4, 4]];
    for _ in 0..2 {
        for [m, k, n] in shapes {
            let (a, b) = (ramp(&[m, k], 1), ramp(&[k, n], 2));
            check("ij,jk->ik", &[a.view(), b.view()]);
        }
    }
    let (a, b) = (ramp(&[2, 3], 1), ramp(&[4, 5], 2));
    assert!(matches!(einsum("ij,jk->ik", &[a.view(), b.view()]), Err(Error::Einsum(_))));
    let (c, d) = (ramp(&[2, 3], 1), ramp(&[3, 2], 2));
    assert!(matches!(einsum("ij,jk->ik", &[c.view(), d.view(), c.view()]), Err(Error::Einsum(_))));
    let v = ramp(&[3], 3);
    let ops = [v.view(), v.view(), v.view()];
    check("i,i,i->", &ops);
    let bad_path = Optimize::Path(vec![vec![0, 1]]);
    assert!(matches!(einsum_with("i,i,i->", &ops, &bad_path), Err(Error::Einsum(_))));
}

/// Paths and FLOP counts that opt_einsum reports for the same expressions
/// ('greedy' and 'optimal'); numvec's must cost no more.
#[test]
fn paths_cost_no_more_than_opt_einsum() {
    let cases: &[(&str, &[&[usize]], u128, u128)] = &[
        // (subscripts, shapes, opt_einsum greedy FLOPs, opt_einsum optimal FLOPs)
        ("ij,jk,kl,lm->im", &[&[10, 1000], &[1000, 10], &[10, 1000], &[1000, 10]], 402_000, 402_000),
        ("ea,fb,abcd,gc,hd->efgh", &[&[10, 10], &[10, 10], &[10, 10, 10, 10], &[10, 10], &[10, 10]], 800_000, 800_000),
        ("abc,bcd,cde,def->af", &[&[8, 9, 10], &[9, 10, 11], &[10, 11, 12], &[11, 12, 13]], 78_780, 64_416),
        ("ij,jk,kl->il", &[&[2, 3], &[3, 4], &[4, 5]], 180, 128),
    ];
    for (subscripts, shapes, greedy, optimal) in cases {
        for (optimize, reference) in [(Optimize::Greedy, greedy), (Optimize::Optimal, optimal)] {
            let (path, _) = einsum_path(subscripts, shapes, &optimize).unwrap();
            let spec = parse(subscripts, shapes).unwrap();
            let inputs: Vec<_> = spec.inputs.iter().map(|l| label_set(l)).collect();
            let steps = steps(&inputs, label_set(&spec.output), &spec.sizes, &path).unwrap();
            let flops: u128 = steps.iter().map(|s| s.flops).sum();
            assert!(flops <= *reference, "{subscripts} {optimize:?}: {flops} > {reference}");
        }
    }
}

#[test]
fn report_reads_like_numpy() {
    // NumPy 2.4's einsum_path for the same call, line for line.
    let (path, report) = einsum_path("ij,jk,kl->il", &[&[2, 3], &[3, 4], &[4, 5]], &Optimize::Greedy).unwrap();
    assert_eq!(path, vec![vec![1, 2], vec![0, 1]]);
    let expected = [
        "  Complete contraction:  ij,jk,kl->il",
        "         Naive scaling:  4",
        "     Optimized scaling:  3",
        "      Naive FLOP count:  3.600e+02",
        "  Optimized FLOP count:  1.810e+02",
        "   Theoretical speedup:  1.989",
        "  Largest intermediate:  1.500e+01 elements",
        "--------------------------------------------------------------------------",
        "scaling                  current                                remaining",
        "--------------------------------------------------------------------------",
        "   3                   kl,jk->jl                                ij,jl->il",
        "   3                   jl,ij->il                                   il->il",
    ];
    assert_eq!(report.lines().collect::<Vec<_>>(), expected);
    let (path, _) = einsum_path("ij,jk,kl->il", &[&[2, 3], &[3, 4], &[4, 5]], &Optimize::None).unwrap();
    assert_eq!(path, vec![vec![0, 1, 2]]);
}

/// A random valid expression: labels from a small alphabet with fixed
/// sizes, some axes of size 1, operands possibly reversed.
fn expression() -> impl Strategy<Value = (String, Vec<ArrayD<i64>>, Vec<bool>)> {
    let term = prop::collection::vec(0usize..5, 0..4);
    (prop::collection::vec(term, 1..5), prop::collection::vec(0usize..4, 5), any::<u64>(), any::<bool>()).prop_map(
        |(terms, sizes, seed, explicit)| {
            let letters = b"abcde";
            let words: Vec<String> = terms.iter().map(|t| t.iter().map(|&l| letters[l] as char).collect()).collect();
            let mut subscripts = words.join(",");
            if explicit {
                let mut seen: Vec<usize> = terms.iter().flatten().copied().collect();
                seen.sort_unstable();
                seen.dedup();
                let out: String = seen.iter().rev().step_by(2).map(|&l| letters[l] as char).collect();
                subscripts = format!("{subscripts}->{out}");
            }
            let arrays = terms
                .iter()
                .enumerate()
                .map(|(n, t)| {
                    // Unit axes broadcast against the label's size.
                    let shape: Vec<usize> = t
                        .iter()
                        .enumerate()
                        .map(|(k, &l)| {
                            if (seed >> (n * 4 + k)) & 1 == 1 && !t[..k].contains(&l) && !t[k + 1..].contains(&l) {
                                1
                            } else {
                                sizes[l]
                            }
                        })
                        .collect();
                    ramp(&shape, seed as i64 % 97 + n as i64)
                })
                .collect();
            let reversed = terms.iter().enumerate().map(|(n, _)| (seed >> (40 + n)) & 1 == 1).collect();
            (subscripts, arrays, reversed)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_expressions_match_naive((subscripts, arrays, reversed) in expression()) {
        let views: Vec<ArrayViewD<'_, i64>> = arrays
            .iter()
            .zip(&reversed)
            .map(|(a, &rev)| {
                let mut v = a.view();
                if rev && v.ndim() > 0 {
                    v.invert_axis(ndarray::Axis(0));
                }
                v
            })
            .collect();
        let want = naive(&subscripts, &views);
        for optimize in every_optimize(views.len()) {
            prop_assert_eq!(einsum_with(&subscripts, &views, &optimize).unwrap(), want.clone(), "{} {:?}", subscripts, optimize);
        }
    }
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let wave = |shape: &[usize], phase: f64| {
        let mut k = 0.0;
        ArrayD::from_shape_fn(IxDyn(shape), |_| {
            k += 1.0;
            (k * 0.618 + phase).sin()
        })
    };
    let (q, k) = (wave(&[2, 3, 70, 40], 0.0), wave(&[2, 3, 80, 40], 1.0));
    let (r, s) = (wave(&[3000, 40], 2.0), wave(&[3000, 40], 3.0));
    let run = || {
        (
            einsum("bhid,bhjd->bhij", &[q.view(), k.view()]).unwrap(),
            einsum("ij,ij->i", &[r.view(), s.view()]).unwrap(),
            einsum("ij,kj->ik", &[r.view(), s.view()]).unwrap(),
            numvec::matmul(&r.t(), &s).unwrap(),
        )
    };
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(run);
    assert_eq!(run(), single);
}
