//! cumsum, cumprod, window_sum and window_mean: NumPy's semantics on every
//! dtype, axis form and layout; the blocked order of long lanes; accuracy of
//! window means; properties against naive references.

use ndarray::{Array, ArrayD, ArrayView1, ArrayViewD, Axis, IxDyn, arr0, array, s};
use numvec::scan::SCAN_BLOCK_LEN;
use numvec::{Element, Error, Float, cumprod, cumsum, window_mean, window_sum};
use proptest::prelude::*;

/// NumPy's strictly sequential scan of every lane along `axis`.
fn naive_scan<A: Element>(x: ArrayViewD<'_, A>, axis: usize, op: impl Fn(A::Acc, A::Acc) -> A::Acc) -> ArrayD<A::Acc> {
    let mut out = ArrayD::from_elem(x.raw_dim(), A::Acc::ZERO);
    for (lane, mut o) in x.lanes(Axis(axis)).into_iter().zip(out.lanes_mut(Axis(axis))) {
        let mut acc = None;
        for (&v, o) in lane.iter().zip(o.iter_mut()) {
            let next = match acc {
                None => v.to_acc(),
                Some(acc) => op(acc, v.to_acc()),
            };
            *o = next;
            acc = Some(next);
        }
    }
    out
}

/// The window sums of every lane, each window summed directly from zero.
fn naive_windows<A: Element, U: Element>(
    x: ArrayViewD<'_, A>,
    w: usize,
    axis: usize,
    conv: impl Fn(A) -> U,
    finish: impl Fn(U) -> U,
) -> ArrayD<U> {
    let mut shape = x.shape().to_vec();
    shape[axis] = shape[axis] + 1 - w;
    let mut out = ArrayD::from_elem(IxDyn(&shape), U::ZERO);
    for (lane, mut o) in x.lanes(Axis(axis)).into_iter().zip(out.lanes_mut(Axis(axis))) {
        for (i, o) in o.iter_mut().enumerate() {
            *o = finish(lane.slice(s![i..i + w]).iter().fold(U::ZERO, |acc, &v| acc.add(conv(v))));
        }
    }
    out
}

fn single_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(f)
}

fn bits(x: &ArrayD<f64>) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn cumsum_every_dtype_matches_numpy() {
    assert_eq!(cumsum(&array![true, false, true, true], None).unwrap(), array![1_i64, 1, 2, 3].into_dyn());
    assert_eq!(cumsum(&array![1_i32, -2, 3], None).unwrap(), array![1_i64, -1, 2].into_dyn());
    assert_eq!(cumsum(&array![1_i64, -2, 3], Some(0)).unwrap(), array![1_i64, -1, 2].into_dyn());
    assert_eq!(cumsum(&array![0.5_f32, 0.25, 1.0], Some(-1)).unwrap(), array![0.5_f32, 0.75, 1.75].into_dyn());
    assert_eq!(cumsum(&array![[1.0, 2.0], [3.0, 4.0]], Some(0)).unwrap(), array![[1.0, 2.0], [4.0, 6.0]].into_dyn());
}

#[test]
fn cumprod_every_dtype_matches_numpy() {
    assert_eq!(cumprod(&array![true, true, false, true], None).unwrap(), array![1_i64, 1, 0, 0].into_dyn());
    assert_eq!(cumprod(&array![2_i32, -3, 4], None).unwrap(), array![2_i64, -6, -24].into_dyn());
    assert_eq!(cumprod(&array![[2_i64, 3], [4, 5]], Some(-2)).unwrap(), array![[2_i64, 3], [8, 15]].into_dyn());
    assert_eq!(cumprod(&array![0.5_f32, 4.0, 3.0], Some(0)).unwrap(), array![0.5_f32, 2.0, 6.0].into_dyn());
    assert_eq!(cumprod(&array![[1.0, 2.0], [3.0, 4.0]], None).unwrap(), array![1.0, 2.0, 6.0, 24.0].into_dyn());
}

#[test]
fn every_axis_form_of_a_3d_array() {
    let x = Array::from_iter(0..24_i64).into_shape_with_order((2, 3, 4)).unwrap().into_dyn();
    for axis in -3..3_isize {
        let ax = if axis < 0 { (axis + 3) as usize } else { axis as usize };
        assert_eq!(cumsum(&x, Some(axis)).unwrap(), naive_scan(x.view(), ax, |a, b| a + b), "axis {axis}");
        assert_eq!(cumprod(&x, Some(axis)).unwrap(), naive_scan(x.view(), ax, |a, b| a.wrapping_mul(b)));
    }
    let flat = x.iter().copied().collect::<Array<i64, _>>().into_dyn();
    assert_eq!(cumsum(&x, None).unwrap(), naive_scan(flat.view(), 0, |a, b| a + b));
}

#[test]
fn none_flattens_in_c_order_even_for_transposed_views() {
    let x = array![[1, 2, 3], [4, 5, 6]];
    assert_eq!(cumsum(x.t(), None).unwrap(), array![1_i64, 5, 7, 12, 15, 21].into_dyn());
}

#[test]
fn reversed_sliced_and_broadcast_views() {
    let x = Array::from_iter((0..30).map(|v| v as f64 * 0.1 - 1.0)).into_shape_with_order((5, 6)).unwrap();
    let (row, column) = (x.row(2), x.column(1).insert_axis(Axis(1)));
    let views = [
        x.slice(s![..;-1, ..]).into_dyn(),
        x.slice(s![.., ..;-2]).into_dyn(),
        x.slice(s![1..4, 1..]).into_dyn(),
        x.t().into_dyn(),
        row.broadcast((3, 6)).unwrap().into_dyn(),
        column.broadcast((5, 4)).unwrap().into_dyn(),
    ];
    for v in views {
        let owned = v.to_owned();
        for axis in [Some(0), Some(1), Some(-1), None] {
            let got = cumsum(&v, axis).unwrap();
            assert_eq!(bits(&got), bits(&cumsum(&owned, axis).unwrap()));
            if let Some(axis) = axis {
                let ax = if axis < 0 { 1 } else { axis as usize };
                assert_eq!(bits(&got), bits(&naive_scan(v.view(), ax, |a, b| a + b)));
                assert_eq!(window_sum(&v, 2, axis).unwrap(), window_sum(&owned, 2, axis).unwrap());
                assert_eq!(window_mean(&v, 2, axis).unwrap(), window_mean(&owned, 2, axis).unwrap());
            }
        }
    }
}

#[test]
fn fortran_ordered_inputs_keep_their_order() {
    let x = Array::from_iter((0..60).map(|v| (v as f64 * 0.37).sin())).into_shape_with_order((3, 4, 5)).unwrap();
    let f = x.as_standard_layout().reversed_axes().as_standard_layout().reversed_axes().into_owned();
    assert!(!f.is_standard_layout() && f.t().is_standard_layout() && f == x);
    for axis in -3..3_isize {
        let r = cumsum(&f, Some(axis)).unwrap();
        assert!(r.t().is_standard_layout(), "axis {axis}");
        assert_eq!(bits(&r), bits(&cumsum(&x, Some(axis)).unwrap()));
        let r = window_mean(&f, 2, axis).unwrap();
        assert!(r.t().is_standard_layout());
        assert_eq!(r, window_mean(&x, 2, axis).unwrap());
        assert_eq!(
            window_sum(&f.mapv(|v| (v * 100.0) as i32), 3, axis).unwrap(),
            window_sum(&x.mapv(|v| (v * 100.0) as i32), 3, axis).unwrap()
        );
    }
    // axis=None flattens in C order whatever the memory order.
    assert_eq!(bits(&cumsum(&f, None).unwrap()), bits(&cumsum(&x, None).unwrap()));
    assert!(cumsum(&f, Some(3)).is_err());
    assert!(window_sum(&f, 6, 2).is_err());
}

#[test]
fn empty_and_size_one_axes() {
    let empty = ArrayD::<f64>::zeros(IxDyn(&[2, 0, 3]));
    assert_eq!(cumsum(&empty, Some(1)).unwrap().shape(), &[2, 0, 3]);
    assert_eq!(cumsum(&empty, Some(0)).unwrap().shape(), &[2, 0, 3]);
    assert_eq!(cumsum(&empty, None).unwrap().shape(), &[0]);
    assert_eq!(cumprod(&ArrayD::<i32>::zeros(IxDyn(&[0])), Some(0)).unwrap().shape(), &[0]);
    let ones = array![[[7.0]], [[8.0]]];
    assert_eq!(cumsum(&ones, Some(1)).unwrap(), ones.clone().into_dyn());
    assert_eq!(cumsum(&ones, Some(0)).unwrap(), array![[[7.0]], [[15.0]]].into_dyn());
    assert_eq!(window_sum(&ones, 1, 2).unwrap(), ones);
    assert_eq!(window_sum(&ones, 2, 0).unwrap(), array![[[15.0]]]);
    let wide = ArrayD::<i32>::zeros(IxDyn(&[0, 5]));
    assert_eq!(window_sum(&wide, 3, 1).unwrap().shape(), &[0, 3]);
    assert_eq!(window_mean(&wide, 5, -1).unwrap().shape(), &[0, 1]);
}

#[test]
fn zero_dimensional_arrays_scan_as_one_element() {
    assert_eq!(cumsum(&arr0(3.0), None).unwrap(), array![3.0].into_dyn());
    assert_eq!(cumsum(&arr0(3.0), Some(0)).unwrap(), array![3.0].into_dyn());
    assert_eq!(cumprod(&arr0(true), Some(-1)).unwrap(), array![1_i64].into_dyn());
    assert_eq!(
        cumsum(&arr0(3.0), Some(1)).unwrap_err().to_string(),
        "axis 1 is out of bounds for array of dimension 1"
    );
    assert_eq!(window_sum(&arr0(3.0), 1, 0).unwrap_err(), Error::AxisOutOfBounds { axis: 0, ndim: 0 });
}

#[test]
fn nan_inf_and_signed_zero() {
    let r = cumsum(&array![-0.0, -0.0, 1.0, f64::INFINITY, -f64::INFINITY, 2.0], None).unwrap();
    assert!(r[0] == 0.0 && r[0].is_sign_negative() && r[1].is_sign_negative());
    assert_eq!(r[3], f64::INFINITY);
    assert!(r[4].is_nan() && r[5].is_nan());
    let p = cumprod(&array![-0.0, 2.0, f64::NAN, 0.0], None).unwrap();
    assert!(p[0].is_sign_negative() && p[1].is_sign_negative() && p[2].is_nan() && p[3].is_nan());
    // Windows start their sums from zero, as NumPy's `sum`.
    let w = window_sum(&array![-0.0, -0.0, -0.0], 2, 0).unwrap();
    assert!(w.iter().all(|v: &f64| *v == 0.0 && v.is_sign_positive()));
    let w = window_sum(&array![1.0, f64::NAN, 2.0, 3.0, f64::INFINITY], 2, 0).unwrap();
    assert!(w[0].is_nan() && w[1].is_nan());
    assert_eq!(w[2], 5.0);
    assert_eq!(w[3], f64::INFINITY);
}

#[test]
fn integers_wrap_around_like_numpy() {
    let big = array![1_i64 << 62, 1 << 62, 1 << 62];
    assert_eq!(cumsum(&big, None).unwrap(), array![1_i64 << 62, i64::MIN, -(1 << 62)].into_dyn());
    assert_eq!(cumprod(&array![1_i64 << 40, 1 << 40], None).unwrap(), array![1_i64 << 40, 0].into_dyn());
    // int32 accumulates in int64: no wrap at the int32 range.
    assert_eq!(
        cumsum(&array![i32::MAX, i32::MAX], None).unwrap(),
        array![i32::MAX as i64, 2 * i32::MAX as i64].into_dyn()
    );
    assert_eq!(window_sum(&array![i64::MAX, 1, 1], 2, 0).unwrap(), array![i64::MIN, 2]);
}

#[test]
fn axis_errors_name_the_axis() {
    let x = array![[1.0, 2.0], [3.0, 4.0]];
    let err = cumsum(&x, Some(2)).unwrap_err();
    assert_eq!(err, Error::AxisOutOfBounds { axis: 2, ndim: 2 });
    assert_eq!(err.to_string(), "axis 2 is out of bounds for array of dimension 2");
    assert!(cumprod(&x, Some(-3)).is_err());
    assert_eq!(window_mean(&x, 1, -3).unwrap_err().to_string(), "axis -3 is out of bounds for array of dimension 2");
}

#[test]
fn window_length_errors_name_w_and_n() {
    let x = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let err = window_sum(&x, 0, 1).unwrap_err();
    assert_eq!(err.to_string(), "window_sum: window length w=0 must be between 1 and n=3, the length of axis 1");
    assert!(matches!(err, Error::InvalidArgument(_)));
    let err = window_mean(&x, 3, 0).unwrap_err();
    assert_eq!(err.to_string(), "window_mean: window length w=3 must be between 1 and n=2, the length of axis 0");
    assert!(window_sum(&ArrayD::<f64>::zeros(IxDyn(&[0])), 1, 0).is_err());
}

#[test]
fn windows_every_dtype() {
    assert_eq!(window_sum(&array![true, true, false, true], 2, 0).unwrap(), array![2_i64, 1, 1]);
    assert_eq!(window_mean(&array![true, true, false, true], 2, 0).unwrap(), array![1.0, 0.5, 0.5]);
    assert_eq!(window_sum(&array![1_i32, 2, 3, 4], 3, 0).unwrap(), array![6_i64, 9]);
    assert_eq!(window_mean(&array![1_i32, 2, 3, 4], 3, 0).unwrap(), array![2.0, 3.0]);
    assert_eq!(window_sum(&array![1_i64, 2, 3, 4], 4, -1).unwrap(), array![10_i64]);
    assert_eq!(window_sum(&array![1.5_f32, 2.0, 3.0], 2, 0).unwrap(), array![3.5_f32, 5.0]);
    assert_eq!(window_mean(&array![1.5_f32, 2.0, 3.0], 2, 0).unwrap(), array![1.75_f32, 2.5]);
    let x = Array::from_iter(0..60_i64).into_shape_with_order((3, 4, 5)).unwrap();
    for axis in -3..3_isize {
        let ax = if axis < 0 { (axis + 3) as usize } else { axis as usize };
        for w in 1..=x.shape()[ax] {
            let expected = naive_windows(x.view().into_dyn(), w, ax, |v: i64| v, |s| s);
            assert_eq!(window_sum(&x, w, axis).unwrap().into_dyn(), expected, "axis {axis}, w {w}");
            let mean = naive_windows(x.view().into_dyn(), w, ax, |v: i64| v as f64, |s| s / w as f64);
            assert_eq!(window_mean(&x, w, axis).unwrap().into_dyn(), mean);
        }
    }
}

/// Deterministic standard-normal-like noise (sum of uniforms, xorshift64*).
fn noise(len: usize, mut seed: u64) -> Vec<f64> {
    let mut uniform = move || {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        (seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..len).map(|_| (0..12).map(|_| uniform()).sum::<f64>() - 6.0).collect()
}

#[test]
fn window_means_of_large_values_are_accurate() {
    let (n, w) = (100_000, 10);
    let x: Vec<f64> = noise(n, 7).into_iter().map(|r| 1e8 + r).collect();
    let got = window_mean(&ndarray::Array1::from(x.clone()), w, 0).unwrap();
    // `x - 1e8` is exact (Sterbenz), so the mean of the offsets is exact to ~1e-16.
    let exact: Vec<f64> = x.windows(w).map(|win| win.iter().map(|v| v - 1e8).sum::<f64>() / w as f64).collect();
    let worst = got.iter().zip(&exact).map(|(g, e)| (g - 1e8 - e).abs()).fold(0.0, f64::max);
    assert!(worst < 1e-6, "worst error {worst}");
    // The cumulative-sum difference misses by far more on the same data.
    let mut cs = vec![0.0];
    cs.extend(x.iter().scan(0.0, |acc, v| {
        *acc += v;
        Some(*acc)
    }));
    let trick_worst =
        (0..n - w + 1).map(|i| ((cs[i + w] - cs[i]) / w as f64 - 1e8 - exact[i]).abs()).fold(0.0, f64::max);
    assert!(trick_worst > 1e-4, "{trick_worst}");
}

#[test]
fn lanes_up_to_the_block_length_are_strictly_sequential() {
    let x = ndarray::Array1::from(noise(SCAN_BLOCK_LEN, 3));
    let got = cumsum(&x, None).unwrap();
    assert_eq!(bits(&got), bits(&naive_scan(x.view().into_dyn(), 0, |a, b| a + b)));
}

/// The documented order of a long lane: blocks of SCAN_BLOCK_LEN, each
/// started from the running sum of the in-order totals of the blocks before.
fn blocked_reference(x: ArrayView1<'_, f64>) -> Vec<f64> {
    let x = x.to_vec();
    let mut out = Vec::with_capacity(x.len());
    let mut start: Option<f64> = None;
    for block in x.chunks(SCAN_BLOCK_LEN) {
        let mut acc = start;
        for &v in block {
            let next = acc.map_or(v, |a| a + v);
            out.push(next);
            acc = Some(next);
        }
        let total = block[1..].iter().fold(block[0], |a, &v| a + v);
        start = Some(start.map_or(total, |s| s + total));
    }
    out
}

#[test]
fn long_lanes_follow_the_documented_block_order() {
    let n = 5 * SCAN_BLOCK_LEN + 1234;
    let x = ndarray::Array1::from(noise(n, 11));
    let got = cumsum(&x, Some(0)).unwrap();
    let expected = blocked_reference(x.view());
    assert!(got.iter().zip(&expected).all(|(g, e)| g.to_bits() == e.to_bits()));
    // Within rounding of the sequential scan.
    let sequential = naive_scan(x.view().into_dyn(), 0, |a, b| a + b);
    assert!(got.iter().zip(&sequential).all(|(g, s)| (g - s).abs() <= 1e-9 * (1.0 + s.abs())));
    // The same lane across rows (axis 0 of a 2-column array) gives the same bits.
    let two = ndarray::Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { x[i] } else { -x[i] });
    let cols = cumsum(&two, Some(0)).unwrap();
    assert_eq!(cols.index_axis(Axis(1), 0), got);
    assert_eq!(cols.index_axis(Axis(1), 1), got.mapv(|v| -v));
}

#[test]
fn long_integer_lanes_are_exact() {
    let n = 9 * SCAN_BLOCK_LEN + 5;
    let x = ndarray::Array1::from_iter((0..n as i64).map(|i| (i * 2_654_435_761) % 1_000_003 - 500_000));
    let expected = naive_scan(x.view().into_dyn(), 0, |a, b| a + b);
    assert_eq!(cumsum(&x, None).unwrap(), expected);
    let odd = x.mapv(|v| v | 1);
    assert_eq!(cumprod(&odd, None).unwrap(), naive_scan(odd.view().into_dyn(), 0, |a, b| a.wrapping_mul(b)));
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let n = 2 * SCAN_BLOCK_LEN + 99;
    let x = ndarray::Array1::from(noise(n, 5));
    let grid = ndarray::Array2::from_shape_vec((300, 400), noise(120_000, 6)).unwrap();
    let ints = grid.mapv(|v| (v * 1000.0) as i32);
    let run = || {
        (
            bits(&cumsum(&x, None).unwrap()),
            bits(&cumprod(&grid, Some(0)).unwrap()),
            cumsum(&ints, Some(1)).unwrap(),
            window_mean(&x, 100, 0).unwrap(),
            window_sum(&grid, 7, 0).unwrap(),
            window_sum(&ints, 30, 1).unwrap(),
        )
    };
    assert_eq!(run(), single_thread(run));
}

#[test]
fn parallel_window_chunks_keep_the_blocks_of_the_lane() {
    // A short prefix is computed in one piece, the whole lane in parallel
    // chunks: the windows they share must be bit-identical.
    let x = ndarray::Array1::from(noise(200_003, 9));
    for w in [1, 3, 100, 4097] {
        let whole = window_mean(&x, w, 0).unwrap();
        let prefix = window_mean(x.slice(s![..20_000]), w, 0).unwrap();
        assert!(prefix.iter().zip(&whole).all(|(p, q)| p.to_bits() == q.to_bits()), "w={w}");
        let ints = x.mapv(|v| (v * 1e6) as i64);
        let expected = naive_windows(ints.view().into_dyn(), w, 0, |v: i64| v, |s| s);
        assert_eq!(window_sum(&ints, w, 0).unwrap().into_dyn(), expected, "w={w}");
        let columns = ndarray::Array2::from_shape_fn((x.len(), 3), |(i, j)| x[i] * (j + 1) as f64);
        let by_rows = window_sum(&columns, w, 0).unwrap();
        let lane = window_sum(&x, w, 0).unwrap();
        assert!(by_rows.column(0).iter().zip(&lane).all(|(p, q)| p.to_bits() == q.to_bits()), "w={w}");
    }
}

fn any_array(max_rank: usize) -> impl Strategy<Value = ArrayD<f64>> {
    prop::collection::vec(0..5_usize, 1..=max_rank).prop_flat_map(|shape| {
        let len = shape.iter().product::<usize>();
        prop::collection::vec(-1e3..1e3_f64, len).prop_map(move |v| ArrayD::from_shape_vec(IxDyn(&shape), v).unwrap())
    })
}

fn normalized(axis: isize, ndim: usize) -> Option<usize> {
    let ndim = ndim as isize;
    (-ndim..ndim).contains(&axis).then_some(if axis < 0 { axis + ndim } else { axis } as usize)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scans_equal_the_sequential_reference(x in any_array(3), axis in -3..3_isize) {
        let Some(ax) = normalized(axis, x.ndim()) else {
            prop_assert!(cumsum(&x, Some(axis)).is_err());
            return Ok(());
        };
        prop_assert_eq!(bits(&cumsum(&x, Some(axis)).unwrap()), bits(&naive_scan(x.view(), ax, |a, b| a + b)));
        prop_assert_eq!(bits(&cumprod(&x, Some(axis)).unwrap()), bits(&naive_scan(x.view(), ax, |a, b| a * b)));
        let ints = x.mapv(|v| v as i32);
        prop_assert_eq!(cumsum(&ints, Some(axis)).unwrap(), naive_scan(ints.view(), ax, |a, b| a.wrapping_add(b)));
        prop_assert_eq!(cumprod(&ints, Some(axis)).unwrap(), naive_scan(ints.view(), ax, |a, b| a.wrapping_mul(b)));
        let flags = x.mapv(|v| v > 0.0);
        prop_assert_eq!(cumsum(&flags, Some(axis)).unwrap(), naive_scan(flags.view(), ax, |a, b| a + b));
        let singles = x.mapv(|v| v as f32);
        let expected = naive_scan(singles.view(), ax, |a, b| a + b);
        prop_assert!(cumsum(&singles, Some(axis)).unwrap().iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits()));
    }

    #[test]
    fn windows_equal_direct_sums(x in any_array(3), axis in -3..3_isize, w in 1..6_usize) {
        let Some(ax) = normalized(axis, x.ndim()) else {
            prop_assert!(window_sum(&x, w, axis).is_err());
            return Ok(());
        };
        let ints = x.mapv(|v| v as i64);
        if w > x.shape()[ax] {
            prop_assert!(window_sum(&ints, w, axis).is_err());
            prop_assert!(window_mean(&x, w, axis).is_err());
            return Ok(());
        }
        prop_assert_eq!(window_sum(&ints, w, axis).unwrap(), naive_windows(ints.view(), w, ax, |v: i64| v, |s| s));
        let expected = naive_windows(x.view(), w, ax, |v: f64| v, |s| s / w as f64);
        let got = window_mean(&x, w, axis).unwrap();
        prop_assert!(got.iter().zip(&expected).all(|(g, e)| (g - e).abs() <= 1e-10));
        let singles = x.mapv(|v| v as f32);
        let got = window_mean(&singles, w, axis).unwrap();
        prop_assert!(got.iter().zip(&expected).all(|(g, e)| (g.to_f64() - e).abs() <= 1e-3));
    }

    #[test]
    fn strided_views_equal_contiguous_copies(x in any_array(3), axis in -3..3_isize) {
        let Some(ax) = normalized(axis, x.ndim()) else { return Ok(()) };
        let reversed = x.slice_each_axis(|_| ndarray::Slice::new(0, None, -1));
        let transposed = x.t();
        for v in [reversed, transposed] {
            let owned = v.as_standard_layout().into_owned();
            prop_assert_eq!(bits(&cumsum(&v, Some(axis)).unwrap()), bits(&cumsum(&owned, Some(axis)).unwrap()));
            prop_assert_eq!(bits(&cumsum(&v, None).unwrap()), bits(&cumsum(&owned, None).unwrap()));
            if v.shape()[ax] >= 2 {
                prop_assert_eq!(window_sum(&v, 2, axis).unwrap(), window_sum(&owned, 2, axis).unwrap());
            }
        }
    }
}
