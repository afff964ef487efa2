//! Reductions: NumPy's values and errors on every dtype, axis form and view
//! kind, plus properties against naive references.

use ndarray::{Array, Array1, Array2, ArrayD, ArrayViewD, Axis, IxDyn, Slice, arr0, array, s};
use numvec::axis::Axes;
use numvec::{Error, argmax, argmin, max, mean, min, norm, std, sum, var};
use proptest::prelude::*;

fn d<A: Clone, D: ndarray::Dimension>(a: Array<A, D>) -> ArrayD<A> {
    a.into_dyn()
}

fn bits(a: &ArrayD<f64>) -> Vec<u64> {
    a.iter().map(|v| v.to_bits()).collect()
}

/// NumPy's `pairwise_sum`, written as plainly as possible.
fn numpy_pairwise(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 8 {
        let mut r = -0.0;
        for &v in x {
            r += v;
        }
        r
    } else if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&x[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for k in 0..8 {
                r[k] += x[i + k];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += x[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        numpy_pairwise(&x[..n2]) + numpy_pairwise(&x[n2..])
    }
}

/// How numvec sums rows into columns: eight rows at a time as a tree, group
/// sums (then leftover rows) in order within blocks of 64 rows, blocks
/// pairwise.
fn blocked_rows(x: &[f64]) -> f64 {
    let n = x.len();
    if n > 64 {
        let half = (n / 2).max(64) / 64 * 64;
        return blocked_rows(&x[..half]) + blocked_rows(&x[half..]);
    }
    let tree = |g: &[f64]| ((g[0] + g[1]) + (g[2] + g[3])) + ((g[4] + g[5]) + (g[6] + g[7]));
    let groups = n / 8;
    let mut sum = if groups > 0 { tree(&x[..8]) } else { x[0] };
    for g in 1..groups {
        sum += tree(&x[8 * g..8 * g + 8]);
    }
    for &v in &x[(8 * groups).max(1)..] {
        sum += v;
    }
    sum
}

/// Values whose float sums depend on the order of summation.
fn wobbly(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i * 7919 % 1009) as f64 - 504.0) / 7.0 * (1.0 + (i % 13) as f64 * 1e-3)).collect()
}

// ------------------------------------------------------------ dtypes

#[test]
fn sum_uses_numpys_accumulators() {
    let b = array![[true, false, true], [true, true, true]];
    assert_eq!(sum(&b, None, false).unwrap(), d(arr0(5_i64)));
    assert_eq!(sum(&b, 0, false).unwrap(), d(array![2_i64, 1, 2]));
    let i = array![i32::MAX, i32::MAX, 2];
    assert_eq!(sum(&i, None, false).unwrap(), d(arr0(2 * i64::from(i32::MAX) + 2)));
    let w = array![i64::MAX, 1];
    assert_eq!(sum(&w, None, false).unwrap()[[]], i64::MIN, "int64 sums wrap like NumPy's");
    let f = array![0.5_f32, 0.25, 1e8];
    let s: ArrayD<f32> = sum(&f, None, false).unwrap();
    assert_eq!(s[[]], 0.5_f32 + 0.25 + 1e8);
    assert_eq!(sum(&array![0.1, 0.2, 0.3], None, false).unwrap()[[]], 0.6000000000000001);
}

#[test]
fn mean_var_std_are_float64_for_integers_and_bools() {
    let i = array![[1, 2], [3, 4]];
    let m: ArrayD<f64> = mean(&i, None, false).unwrap();
    assert_eq!(m[[]], 2.5);
    assert_eq!(var(&i, 0, 0, false).unwrap(), d(array![1.0, 1.0]));
    assert_eq!(std(&i, 1, 1, false).unwrap(), d(array![0.5_f64.sqrt(), 0.5_f64.sqrt()]));
    let b = array![true, false, true];
    assert_eq!(mean(&b, None, false).unwrap()[[]], 2.0 / 3.0);
    let big = array![i64::MAX, i64::MAX];
    assert_eq!(mean(&big, None, false).unwrap()[[]], 9.223372036854776e18, "converted before summing");
    let f = array![1.0_f32, 2.0, 4.0];
    let v: ArrayD<f32> = var(&f, None, 0, false).unwrap();
    assert_eq!(v[[]], 1.555_555_7_f32, "NumPy's float32 value");
}

#[test]
fn var_matches_numpy_when_ddof_exhausts_the_count() {
    let x = array![1.0, 2.0, 3.0];
    assert_eq!(var(&x, None, 3, false).unwrap()[[]], f64::INFINITY);
    assert_eq!(var(&x, None, 4, false).unwrap()[[]], f64::INFINITY);
    assert!(var(&array![1.0_f64, 1.0, 1.0], None, 3, false).unwrap()[[]].is_nan());
    assert!(std(&array![5_i32], None, 1, false).unwrap()[[]].is_nan());
    assert!(var(&Array1::<f64>::zeros(0), None, 0, false).unwrap()[[]].is_nan());
}

#[test]
fn min_max_on_every_dtype() {
    let b = array![[false, true], [false, false]];
    assert_eq!(max(&b, 1, false).unwrap(), d(array![true, false]));
    assert_eq!(min(&array![3_i32, -7, 5], None, false).unwrap()[[]], -7);
    assert_eq!(max(&array![i64::MIN, -1], None, false).unwrap()[[]], -1);
    assert_eq!(min(&array![2.5_f32, -0.5], None, false).unwrap()[[]], -0.5);
    assert_eq!(max(&array![[1.0, 9.0], [4.0, 2.0]], 0, true).unwrap(), d(array![[4.0, 9.0]]));
}

#[test]
fn argmin_argmax_take_the_first_occurrence() {
    let x = array![[3, 1, 1, 3], [0, 0, 5, 5]];
    assert_eq!(argmin(&x, Some(1), false).unwrap(), d(array![1_i64, 0]));
    assert_eq!(argmax(&x, Some(1), false).unwrap(), d(array![0_i64, 2]));
    assert_eq!(argmax(&x, Some(0), false).unwrap(), d(array![0_i64, 0, 1, 1]));
    assert_eq!(argmin(&x, None, false).unwrap(), d(arr0(4_i64)));
    assert_eq!(argmax(&x, Some(-1), true).unwrap(), d(array![[0_i64], [2]]));
    assert_eq!(argmin(&x, None, true).unwrap(), d(array![[4_i64]]));
    let b = array![false, true, true];
    assert_eq!(argmax(&b, None, false).unwrap()[[]], 1);
    assert_eq!(argmin(&array![-0.0, 0.0, -0.0], None, false).unwrap()[[]], 0);
}

#[test]
fn all_any_use_truth_values() {
    let x = array![[0.0, f64::NAN], [2.0, -1.0]];
    assert_eq!(numvec::all(&x, 1, false).unwrap(), d(array![false, true]));
    assert_eq!(numvec::any(&x, 1, false).unwrap(), d(array![true, true]));
    assert!(!numvec::any(&array![0, 0], None, false).unwrap()[[]]);
    assert_eq!(numvec::all(&array![true, true], None, true).unwrap(), d(array![true]));
    assert_eq!(numvec::all(&array![[1_i64, 2], [3, 0]], 0, false).unwrap(), d(array![true, false]));
}

#[test]
fn norm_is_the_two_norm() {
    let x = array![[3.0, 4.0], [6.0, 8.0]];
    assert_eq!(norm(&x, None, false).unwrap()[[]], 125.0_f64.sqrt());
    assert_eq!(norm(&x, 1, false).unwrap(), d(array![5.0, 10.0]));
    assert_eq!(norm(&x, [0, 1], true).unwrap(), d(array![[125.0_f64.sqrt()]]));
    assert_eq!(norm(&x, None, true).unwrap(), d(array![[125.0_f64.sqrt()]]));
    assert_eq!(norm(&array![3, 4], None, false).unwrap()[[]], 5.0);
    let f: ArrayD<f32> = norm(&array![3.0_f32, 4.0], 0, false).unwrap();
    assert_eq!(f[[]], 5.0);
    assert_eq!(norm(&array![f64::INFINITY, 1.0], None, false).unwrap()[[]], f64::INFINITY);
    assert!(norm(&array![f64::INFINITY, f64::NAN], None, false).unwrap()[[]].is_nan());
    assert_eq!(norm(&Array2::<f64>::zeros((0, 3)), 0, false).unwrap(), d(array![0.0, 0.0, 0.0]));
}

// ------------------------------------------------------------ axis forms

#[test]
fn axis_forms_and_keepdims_shapes() {
    let x = Array::from_shape_fn((2, 3, 4), |(i, j, k)| (100 * i + 10 * j + k) as i64);
    let shape = |axis: Axes, keepdims| sum(&x, axis, keepdims).unwrap().shape().to_vec();
    assert_eq!(shape(Axes::All, false), Vec::<usize>::new());
    assert_eq!(shape(Axes::All, true), vec![1, 1, 1]);
    assert_eq!(shape(1.into(), false), vec![2, 4]);
    assert_eq!(shape((-1).into(), true), vec![2, 3, 1]);
    assert_eq!(shape([0, 2].into(), false), vec![3]);
    assert_eq!(shape([-1, 0].into(), true), vec![1, 3, 1]);
    assert_eq!(shape(Vec::new().into(), false), vec![2, 3, 4]);
    assert_eq!(shape((&[2_isize, 1, 0][..]).into(), false), Vec::<usize>::new());
    assert_eq!(shape(Some(-2).into(), false), vec![2, 4]);

    assert_eq!(sum(&x, [0, 2], false).unwrap(), d(array![412_i64, 492, 572]));
    assert_eq!(sum(&x, Vec::new(), false).unwrap(), x.clone().into_dyn(), "no axes: elementwise");
    assert_eq!(max(&x, [1, 2], false).unwrap(), d(array![23_i64, 123]));
    assert_eq!(var(&x, Vec::new(), 0, false).unwrap(), ArrayD::<f64>::zeros(IxDyn(&[2, 3, 4])));
}

#[test]
fn errors_follow_numpy() {
    let x = Array2::<f64>::zeros((2, 3));
    let msg = |e: Error| e.to_string();
    assert_eq!(msg(sum(&x, 2, false).unwrap_err()), "axis 2 is out of bounds for array of dimension 2");
    assert_eq!(msg(mean(&x, -3, false).unwrap_err()), "axis -3 is out of bounds for array of dimension 2");
    assert_eq!(msg(var(&x, [0, 0], 0, false).unwrap_err()), "duplicate value in 'axis'");
    assert_eq!(msg(std(&x, [1, -1], 0, false).unwrap_err()), "duplicate value in 'axis'");
    assert_eq!(msg(min(&x, [0, 5], false).unwrap_err()), "axis 5 is out of bounds for array of dimension 2");
    assert_eq!(msg(argmax(&x, Some(2), false).unwrap_err()), "axis 2 is out of bounds for array of dimension 2");
    assert_eq!(msg(numvec::all(&x, 7, false).unwrap_err()), "axis 7 is out of bounds for array of dimension 2");
    assert_eq!(msg(sum(&arr0(1.0), 0, false).unwrap_err()), "axis 0 is out of bounds for array of dimension 0");

    let empty = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        msg(max(&empty, 0, false).unwrap_err()),
        "zero-size array to reduction operation maximum which has no identity"
    );
    assert_eq!(
        msg(min(&empty, None, false).unwrap_err()),
        "zero-size array to reduction operation minimum which has no identity"
    );
    assert_eq!(max(&empty, 1, false).unwrap().shape(), &[0], "no output, nothing reduced over: fine");
    assert_eq!(msg(argmax(&empty, Some(0), false).unwrap_err()), "attempt to get argmax of an empty sequence");
    assert_eq!(msg(argmin(&empty, None, false).unwrap_err()), "attempt to get argmin of an empty sequence");
    assert_eq!(argmin(&empty, Some(1), false).unwrap().shape(), &[0]);
    assert!(matches!(max(&Array2::<i32>::zeros((0, 0)), 0, false), Err(Error::EmptyReduction { op: "maximum" })));

    let y = Array::<f64, _>::zeros((2, 3, 4));
    assert_eq!(msg(norm(&y, [0, 1, 2], false).unwrap_err()), "Improper number of dimensions to norm.");
    assert_eq!(msg(norm(&y, Vec::new(), false).unwrap_err()), "Improper number of dimensions to norm.");
    assert_eq!(msg(norm(&y, [1, -2], false).unwrap_err()), "Duplicate axes given.");
    assert_eq!(msg(norm(&y, [0, 3], false).unwrap_err()), "axis 3 is out of bounds for array of dimension 3");
}

// ------------------------------------------------------------ empty and unit axes

#[test]
fn empty_reductions_give_numpys_values() {
    let e = Array2::<f64>::zeros((0, 3));
    assert_eq!(sum(&e, 0, false).unwrap(), d(array![0.0, 0.0, 0.0]));
    assert!(sum(&e, 0, false).unwrap().iter().all(|v| v.is_sign_positive()));
    assert_eq!(sum(&e, 1, false).unwrap().shape(), &[0]);
    assert_eq!(sum(&e, None, true).unwrap(), d(array![[0.0]]));
    assert!(mean(&e, 0, false).unwrap().iter().all(|v| v.is_nan()));
    assert!(std(&e, None, 0, false).unwrap()[[]].is_nan());
    assert_eq!(numvec::all(&e, 0, false).unwrap(), d(array![true, true, true]));
    assert!(!numvec::any(&e, None, false).unwrap()[[]]);
    assert_eq!(sum(&Array1::<i32>::zeros(0), None, false).unwrap()[[]], 0_i64);
    assert_eq!(sum(&array![-0.0_f64, -0.0], None, false).unwrap()[[]].to_bits(), 0.0_f64.to_bits(), "0.0 + sum");
}

#[test]
fn size_one_axes_and_scalars() {
    let x = array![[1.5], [2.5], [4.0]];
    assert_eq!(sum(&x, 1, false).unwrap(), d(array![1.5, 2.5, 4.0]));
    assert_eq!(sum(&x, 0, true).unwrap(), d(array![[8.0]]));
    assert_eq!(var(&x, 1, 0, false).unwrap(), d(array![0.0, 0.0, 0.0]));
    assert_eq!(argmax(&x, Some(1), false).unwrap(), d(array![0_i64, 0, 0]));
    assert_eq!(argmax(&x, Some(0), true).unwrap(), d(array![[2_i64]]));
    let s = arr0(7_i32);
    assert_eq!(sum(&s, None, false).unwrap()[[]], 7);
    assert_eq!(max(&s, None, true).unwrap()[[]], 7);
    assert_eq!(argmin(&s, None, false).unwrap()[[]], 0);
    assert_eq!(mean(&s, Vec::new(), false).unwrap()[[]], 7.0);
}

// ------------------------------------------------------------ views

#[test]
fn reversed_sliced_transposed_and_broadcast_views() {
    let a = Array::from_shape_fn((4, 5), |(i, j)| (10 * i + j) as i32);
    let copy = |v: ndarray::ArrayView2<'_, i32>| v.to_owned();
    let views = [
        a.slice(s![..;-1, ..]),
        a.slice(s![.., ..;-2]),
        a.slice(s![1..;2, 1..4]),
        a.t(),
        a.slice(s![..;-1, ..;-1]).reversed_axes(),
    ];
    for v in views {
        let c = copy(v);
        for axis in [Axes::All, 0.into(), 1.into(), [1, 0].into()] {
            assert_eq!(sum(&v, axis.clone(), false).unwrap(), sum(&c, axis.clone(), false).unwrap());
            assert_eq!(max(&v, axis.clone(), true).unwrap(), max(&c, axis.clone(), true).unwrap());
            assert_eq!(mean(&v, axis.clone(), false).unwrap(), mean(&c, axis.clone(), false).unwrap());
            assert_eq!(numvec::any(&v, axis.clone(), false).unwrap(), numvec::any(&c, axis.clone(), false).unwrap());
        }
        for axis in [None, Some(0), Some(1), Some(-1)] {
            assert_eq!(argmin(&v, axis, false).unwrap(), argmin(&c, axis, false).unwrap());
            assert_eq!(argmax(&v, axis, true).unwrap(), argmax(&c, axis, true).unwrap());
        }
    }

    let row = array![1.0, 2.0, 4.0];
    let grid = row.broadcast((1000, 3)).unwrap();
    assert_eq!(sum(&grid, 0, false).unwrap(), d(array![1000.0, 2000.0, 4000.0]));
    assert_eq!(sum(&grid, None, false).unwrap()[[]], 7000.0);
    assert_eq!(var(&grid, 0, 0, false).unwrap(), d(array![0.0, 0.0, 0.0]));
    let column = array![[1], [5]];
    let wide = column.broadcast((2, 50_000)).unwrap();
    assert_eq!(sum(&wide, 1, false).unwrap(), d(array![50_000_i64, 250_000]));
    assert_eq!(argmax(&wide, Some(0), false).unwrap(), d(Array1::<i64>::ones(50_000)));
    assert_eq!(argmax(&wide, None, false).unwrap()[[]], 50_000);
}

#[test]
fn reversed_argmax_counts_from_the_view_start() {
    let x = array![5, 9, 1, 9, 0];
    let r = x.slice(s![..;-1]);
    assert_eq!(argmax(&r, Some(0), false).unwrap()[[]], 1);
    assert_eq!(argmin(&r, Some(0), false).unwrap()[[]], 0);
    let m = Array::from_shape_fn((3, 40), |(i, j)| ((i * 7 + j * 3) % 11) as i64);
    let rv = m.slice(s![..;-1, ..;-1]);
    assert_eq!(argmax(&rv, Some(0), false).unwrap(), argmax(&rv.to_owned(), Some(0), false).unwrap());
    assert_eq!(argmin(&rv, Some(1), false).unwrap(), argmin(&rv.to_owned(), Some(1), false).unwrap());
}

// ------------------------------------------------------------ NaN and inf

#[test]
fn nan_and_inf_follow_numpy() {
    let x = array![[1.0, f64::NAN, 3.0], [f64::INFINITY, -1.0, f64::NEG_INFINITY]];
    assert!(sum(&x, 1, false).unwrap()[[0]].is_nan());
    assert!(sum(&x, 1, false).unwrap()[[1]].is_nan(), "inf - inf");
    assert_eq!(sum(&array![1.0, f64::INFINITY], None, false).unwrap()[[]], f64::INFINITY);
    assert!(max(&x, 1, false).unwrap()[[0]].is_nan());
    assert_eq!(max(&x, 1, false).unwrap()[[1]], f64::INFINITY);
    assert!(min(&x, 0, false).unwrap()[[1]].is_nan());
    assert_eq!(min(&x, 0, false).unwrap()[[2]], f64::NEG_INFINITY);
    assert_eq!(argmax(&x, None, false).unwrap()[[]], 1, "the first NaN is the maximum");
    assert_eq!(argmin(&x, Some(1), false).unwrap(), d(array![1_i64, 2]));
    assert_eq!(argmax(&array![1.0, f64::NAN, f64::NAN], Some(0), false).unwrap()[[]], 1);
    assert!(mean(&x, 0, false).unwrap()[[1]].is_nan());
    assert!(std(&x, 1, 0, false).unwrap()[[1]].is_nan());
    let long: Array1<f64> =
        (0..100_000).map(|i| if i == 77_777 || i == 90_000 { f64::NAN } else { i as f64 }).collect();
    assert_eq!(argmax(&long, None, false).unwrap()[[]], 77_777);
    assert_eq!(argmin(&long, Some(0), false).unwrap()[[]], 77_777);
    assert!(max(&long, None, false).unwrap()[[]].is_nan());
}

// ------------------------------------------------------------ NumPy's bits

#[test]
fn contiguous_sums_match_numpys_pairwise_bits() {
    for n in [1, 7, 8, 9, 127, 128, 129, 1000, 4099, 70_001] {
        let x = Array1::from(wobbly(n));
        let expected = 0.0 + numpy_pairwise(x.as_slice().unwrap());
        assert_eq!(sum(&x, None, false).unwrap()[[]].to_bits(), expected.to_bits(), "n = {n}");
        let m = mean(&x, 0, false).unwrap()[[]];
        assert_eq!(m.to_bits(), (expected / n as f64).to_bits());
    }
    let a = Array2::from_shape_vec((150, 100), wobbly(15_000)).unwrap();
    let rows = sum(&a, 1, false).unwrap();
    for (i, row) in a.rows().into_iter().enumerate() {
        assert_eq!(rows[[i]].to_bits(), (0.0 + numpy_pairwise(row.as_slice().unwrap())).to_bits());
    }
    // Column sums (outer axis) add whole rows, in blocks.
    let cols = sum(&a, 0, false).unwrap();
    for (j, col) in a.columns().into_iter().enumerate() {
        assert_eq!(cols[[j]].to_bits(), (0.0 + blocked_rows(&col.to_vec())).to_bits());
    }
}

#[test]
fn var_is_a_fused_two_pass() {
    let a = Array2::from_shape_vec((20, 700), wobbly(14_000)).unwrap();
    let got = var(&a, 1, 1, false).unwrap();
    for (i, row) in a.rows().into_iter().enumerate() {
        let x = row.as_slice().unwrap();
        let mean = (0.0 + numpy_pairwise(x)) / 700.0;
        let squares: Vec<f64> = x.iter().map(|v| (v - mean) * (v - mean)).collect();
        let expected = (0.0 + numpy_pairwise(&squares)) / 699.0;
        assert_eq!(got[[i]].to_bits(), expected.to_bits());
    }
    let s = std(&a, 0, 0, false).unwrap();
    for (j, col) in a.columns().into_iter().enumerate() {
        let x = col.to_vec();
        let mean = (0.0 + blocked_rows(&x)) / 20.0;
        let squares: Vec<f64> = x.iter().map(|v| (v - mean) * (v - mean)).collect();
        assert_eq!(s[[j]].to_bits(), ((0.0 + blocked_rows(&squares)) / 20.0).sqrt().to_bits());
    }
}

// ------------------------------------------------------------ parallel

fn single_thread<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(f)
}

fn every_float_result(x: &ArrayViewD<'_, f64>, axis: &Axes) -> Vec<Vec<u64>> {
    vec![
        bits(&sum(x, axis.clone(), false).unwrap()),
        bits(&mean(x, axis.clone(), false).unwrap()),
        bits(&var(x, axis.clone(), 1, false).unwrap()),
        bits(&std(x, axis.clone(), 0, false).unwrap()),
        bits(&norm(x, axis.clone(), false).unwrap_or_else(|_| ArrayD::zeros(IxDyn(&[])))),
        bits(&min(x, axis.clone(), false).unwrap()),
        bits(&max(x, axis.clone(), false).unwrap()),
        numvec::all(x, axis.clone(), false).unwrap().iter().map(|&b| u64::from(b)).collect(),
    ]
}

#[test]
fn parallel_results_equal_single_threaded_ones() {
    let data = wobbly(84_000);
    let shapes: [&[usize]; 6] = [&[84_000], &[1, 84_000], &[84_000, 1], &[280, 300], &[28_000, 3], &[3, 4, 7000]];
    for shape in shapes {
        let a = ArrayD::from_shape_vec(IxDyn(shape), data.clone()).unwrap();
        let mut views = vec![a.view()];
        let mut rev = a.view();
        rev.invert_axis(Axis(0));
        views.push(rev);
        views.push(a.view().reversed_axes());
        for v in views {
            let ndim = v.ndim() as isize;
            let mut axes: Vec<Axes> = vec![Axes::All];
            axes.extend((0..ndim).map(Axes::from));
            if ndim == 3 {
                axes.push([0, 2].into());
            }
            for axis in axes {
                let parallel = every_float_result(&v, &axis);
                let sequential = single_thread(|| every_float_result(&v, &axis));
                assert_eq!(parallel, sequential, "shape {shape:?}, axis {axis:?}");
                if let Axes::List(list) = &axis
                    && let [a] = list[..]
                {
                    let par = (argmin(&v, Some(a), false).unwrap(), argmax(&v, Some(a), false).unwrap());
                    let seq =
                        single_thread(|| (argmin(&v, Some(a), false).unwrap(), argmax(&v, Some(a), false).unwrap()));
                    assert_eq!(par, seq);
                }
            }
        }
    }
    let ints: Array2<i64> = Array2::from_shape_fn((300, 250), |(i, j)| ((i * 31 + j * 17) % 97) as i64 * 1_000_000_007);
    for axis in [Axes::All, 0.into(), 1.into()] {
        let par = sum(&ints, axis.clone(), false).unwrap();
        assert_eq!(par, single_thread(|| sum(&ints, axis.clone(), false).unwrap()));
    }
}

// ------------------------------------------------------------ properties

/// A view of `a` made strided: reversed, stepped, transposed or broadcast.
#[derive(Debug, Clone)]
enum Reshape {
    Reverse(usize),
    Step(usize),
    Transpose,
    Broadcast(usize),
}

fn reshape<'a, A>(a: &'a ArrayD<A>, how: &[Reshape]) -> ArrayViewD<'a, A> {
    // Broadcasting borrows from the array, so it comes first.
    let mut v = match how.iter().find_map(|h| if let Reshape::Broadcast(n) = h { Some(*n) } else { None }) {
        Some(n) => {
            let mut shape = vec![n];
            shape.extend_from_slice(a.shape());
            a.broadcast(IxDyn(&shape)).unwrap()
        }
        None => a.view(),
    };
    for h in how {
        let ndim = v.ndim();
        match *h {
            Reshape::Reverse(axis) => v.invert_axis(Axis(axis % ndim)),
            Reshape::Step(axis) => v.slice_axis_inplace(Axis(axis % ndim), Slice::new(0, None, 2)),
            Reshape::Transpose => v = v.reversed_axes(),
            Reshape::Broadcast(_) => {}
        }
    }
    v
}

fn reshape_strategy() -> impl Strategy<Value = Vec<Reshape>> {
    prop::collection::vec(
        prop_oneof![
            (0..4usize).prop_map(Reshape::Reverse),
            (0..4usize).prop_map(Reshape::Step),
            Just(Reshape::Transpose),
            (1..4usize).prop_map(Reshape::Broadcast),
        ],
        0..3,
    )
}

fn shape_strategy() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..6usize, 1..4)
}

/// The reduced elements of each output (in C order of the reduced axes), in
/// C order of the outputs, and the output shape.
fn reduced_groups<A: Copy>(v: &ArrayViewD<'_, A>, mask: &[bool], keepdims: bool) -> (Vec<Vec<A>>, Vec<usize>) {
    let kept: Vec<usize> = (0..v.ndim()).filter(|&a| !mask[a]).collect();
    let reduced: Vec<usize> = (0..v.ndim()).filter(|&a| mask[a]).collect();
    let order: Vec<usize> = kept.iter().chain(&reduced).copied().collect();
    let moved = v.clone().permuted_axes(order);
    let n_out: usize = kept.iter().map(|&a| v.shape()[a]).product();
    let n_red: usize = reduced.iter().map(|&a| v.shape()[a]).product();
    let flat: Vec<A> = moved.iter().copied().collect();
    let groups = (0..n_out).map(|o| flat[o * n_red..(o + 1) * n_red].to_vec()).collect();
    let shape =
        (0..v.ndim()).filter_map(|a| if !mask[a] { Some(v.shape()[a]) } else { keepdims.then_some(1) }).collect();
    (groups, shape)
}

fn axes_from_mask(mask: &[bool], negative: bool) -> Axes {
    let ndim = mask.len() as isize;
    let mut list: Vec<isize> =
        (0..ndim).filter(|&a| mask[a as usize]).map(|a| if negative { a - ndim } else { a }).collect();
    list.reverse();
    Axes::List(list)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn integer_reductions_are_exact(
        (shape, data) in shape_strategy().prop_flat_map(|shape| {
            let n = shape.iter().product::<usize>();
            (Just(shape), prop::collection::vec(any::<i64>(), n))
        }),
        how in reshape_strategy(),
        mask_bits in any::<u8>(),
        negative in any::<bool>(),
        keepdims in any::<bool>(),
    ) {
        let a = ArrayD::from_shape_vec(IxDyn(&shape), data).unwrap();
        let v = reshape(&a, &how);
        let mask: Vec<bool> = (0..v.ndim()).map(|k| mask_bits >> k & 1 == 1).collect();
        let axes = axes_from_mask(&mask, negative);
        let (groups, out_shape) = reduced_groups(&v, &mask, keepdims);
        let expect = |f: &dyn Fn(&[i64]) -> i64| ArrayD::from_shape_vec(IxDyn(&out_shape), groups.iter().map(|g| f(g)).collect()).unwrap();

        prop_assert_eq!(sum(&v, axes.clone(), keepdims).unwrap(), expect(&|g| g.iter().fold(0i64, |s, &x| s.wrapping_add(x))));
        let any_ = numvec::any(&v, axes.clone(), keepdims).unwrap();
        prop_assert_eq!(any_.shape(), &out_shape[..]);
        prop_assert!(any_.iter().zip(&groups).all(|(&r, g)| r == g.iter().any(|&x| x != 0)));
        let all_ = numvec::all(&v, axes.clone(), keepdims).unwrap();
        prop_assert!(all_.iter().zip(&groups).all(|(&r, g)| r == g.iter().all(|&x| x != 0)));
        let small = v.mapv(|x| (x % 1000) as i32);
        let small_sum = sum(&small, axes.clone(), keepdims).unwrap();
        prop_assert_eq!(small_sum, expect(&|g| g.iter().map(|&x| x % 1000).sum()));
        if mask.iter().zip(v.shape()).any(|(&m, &n)| m && n == 0) {
            prop_assert!(max(&v, axes.clone(), keepdims).is_err());
        } else {
            prop_assert_eq!(max(&v, axes.clone(), keepdims).unwrap(), expect(&|g| *g.iter().max().unwrap()));
            prop_assert_eq!(min(&v, axes.clone(), keepdims).unwrap(), expect(&|g| *g.iter().min().unwrap()));
        }
        // The same data copied to a contiguous array gives the same results.
        let c = v.as_standard_layout().into_owned();
        prop_assert_eq!(sum(&c, axes.clone(), keepdims).unwrap(), sum(&v, axes.clone(), keepdims).unwrap());
        for axis in 0..v.ndim() {
            let one: Vec<bool> = (0..v.ndim()).map(|k| k == axis).collect();
            let (groups, _) = reduced_groups(&v, &one, keepdims);
            let got = argmax(&v, Some(axis as isize), keepdims);
            if v.shape()[axis] == 0 {
                prop_assert!(got.is_err());
                continue;
            }
            let got = got.unwrap();
            let first_max = got.iter().zip(&groups).all(|(&r, g)| {
                let best = g.iter().max().unwrap();
                r as usize == g.iter().position(|x| x == best).unwrap()
            });
            prop_assert!(first_max);
            prop_assert_eq!(argmin(&v, Some(axis as isize), keepdims).unwrap(), argmin(&c, Some(axis as isize), keepdims).unwrap());
        }
        if !v.is_empty() {
            let flat: Vec<i64> = v.iter().copied().collect();
            let best = flat.iter().min().unwrap();
            prop_assert_eq!(argmin(&v, None, false).unwrap()[[]] as usize, flat.iter().position(|x| x == best).unwrap());
        }
    }

    #[test]
    fn float_reductions_are_close_to_naive_ones(
        (shape, data) in shape_strategy().prop_flat_map(|shape| {
            let n = shape.iter().product::<usize>();
            (Just(shape), prop::collection::vec(-1e3..1e3f64, n))
        }),
        how in reshape_strategy(),
        mask_bits in any::<u8>(),
        keepdims in any::<bool>(),
        nan_at in any::<Option<prop::sample::Index>>(),
    ) {
        let mut a = ArrayD::from_shape_vec(IxDyn(&shape), data).unwrap();
        if let (Some(at), false) = (nan_at, a.is_empty()) {
            let n = a.len();
            a.as_slice_mut().unwrap()[at.index(n)] = f64::NAN;
        }
        let v = reshape(&a, &how);
        let mask: Vec<bool> = (0..v.ndim()).map(|k| mask_bits >> k & 1 == 1).collect();
        let axes = axes_from_mask(&mask, false);
        let (groups, out_shape) = reduced_groups(&v, &mask, keepdims);
        let close = |got: &ArrayD<f64>, f: &dyn Fn(&[f64]) -> (f64, f64)| {
            got.shape() == &out_shape[..] && got.iter().zip(&groups).all(|(&r, g)| {
                let (expected, scale) = f(g);
                (r.is_nan() && expected.is_nan()) || r == expected || (r - expected).abs() <= 1e-12 * scale
            })
        };
        let abs_sum = |g: &[f64]| g.iter().map(|x| x.abs()).sum::<f64>();
        prop_assert!(close(&sum(&v, axes.clone(), keepdims).unwrap(), &|g| (g.iter().sum(), abs_sum(g))));
        let mean_ok = close(&mean(&v, axes.clone(), keepdims).unwrap(), &|g| {
            (g.iter().sum::<f64>() / g.len() as f64, abs_sum(g) / g.len() as f64)
        });
        prop_assert!(mean_ok);
        let naive_var = |g: &[f64], ddof: usize| {
            let m = g.iter().sum::<f64>() / g.len() as f64;
            let ss: f64 = g.iter().map(|x| (x - m) * (x - m)).sum();
            (ss / g.len().saturating_sub(ddof) as f64, 1e3 * 1e3 * 4.0)
        };
        prop_assert!(close(&var(&v, axes.clone(), 1, keepdims).unwrap(), &|g| naive_var(g, 1)));
        let std_ok = close(&std(&v, axes.clone(), 0, keepdims).unwrap(), &|g| {
            let (var, _) = naive_var(g, 0);
            (var.sqrt(), 1e4)
        });
        prop_assert!(std_ok);
        let reduced_empty = mask.iter().zip(v.shape()).any(|(&m, &n)| m && n == 0);
        if reduced_empty {
            prop_assert!(min(&v, axes.clone(), keepdims).is_err());
        } else {
            let nan_or = |g: &[f64], f: fn(f64, f64) -> f64| {
                if g.iter().any(|x| x.is_nan()) { f64::NAN } else { g.iter().copied().reduce(f).unwrap() }
            };
            prop_assert!(close(&min(&v, axes.clone(), keepdims).unwrap(), &|g| (nan_or(g, f64::min), 0.0)));
            prop_assert!(close(&max(&v, axes.clone(), keepdims).unwrap(), &|g| (nan_or(g, f64::max), 0.0)));
        }
        // Positive-step slices of a C-contiguous array read in the same order
        // as their contiguous copy: identical bits.
        if how.iter().all(|h| matches!(h, Reshape::Step(_))) {
            let c = v.as_standard_layout().into_owned();
            for (got, copy) in [
                (sum(&v, axes.clone(), keepdims).unwrap(), sum(&c, axes.clone(), keepdims).unwrap()),
                (var(&v, axes.clone(), 0, keepdims).unwrap(), var(&c, axes.clone(), 0, keepdims).unwrap()),
            ] {
                prop_assert_eq!(bits(&got), bits(&copy));
            }
        }
        if !v.is_empty() {
            let flat: Vec<f64> = v.iter().copied().collect();
            let expected = flat.iter().position(|x| x.is_nan()).unwrap_or_else(|| {
                let best = flat.iter().copied().reduce(f64::max).unwrap();
                flat.iter().position(|&x| x == best).unwrap()
            });
            prop_assert_eq!(argmax(&v, None, false).unwrap()[[]] as usize, expected);
        }
    }

    #[test]
    fn contiguous_lane_sums_equal_numpys_pairwise(data in prop::collection::vec(-1e6..1e6f64, 0..700), rows in 1..4usize) {
        let cols = data.len() / rows;
        let a = Array2::from_shape_vec((rows, cols), data[..rows * cols].to_vec()).unwrap();
        let got = sum(&a, 1, false).unwrap();
        for (i, row) in a.rows().into_iter().enumerate() {
            prop_assert_eq!(got[[i]].to_bits(), (0.0 + numpy_pairwise(row.as_slice().unwrap())).to_bits());
        }
        let all = sum(&a, None, false).unwrap()[[]];
        prop_assert_eq!(all.to_bits(), (0.0 + numpy_pairwise(a.as_slice().unwrap())).to_bits());
    }
}
