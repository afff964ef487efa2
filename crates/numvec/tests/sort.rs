//! sort, argsort, partition, argpartition and top_k: NumPy's order (NaN
//! last, -0.0 == 0.0, stable), every dtype, axis form and layout, errors,
//! and properties against a naive stable-sort reference.

use std::cmp::Ordering;

use ndarray::{Array1, Array2, ArrayD, ArrayView1, ArrayViewD, Axis, IxDyn, array, s};
use numvec::sort::TopKMode;
use numvec::{Error, argpartition, argsort, partition, sort, top_k};
use proptest::prelude::*;

/// NumPy's order of floats: by value, `-0.0 == 0.0`, NaN last and all NaNs equal.
fn numpy_cmp(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.partial_cmp(&b).unwrap(),
    }
}

/// The stable argsort of every lane along `axis`, by `std`'s stable sort.
fn naive_argsort(x: ArrayViewD<'_, f64>, axis: usize) -> ArrayD<i64> {
    let mut out = ArrayD::zeros(x.raw_dim());
    for (lane, mut o) in x.lanes(Axis(axis)).into_iter().zip(out.lanes_mut(Axis(axis))) {
        let mut order: Vec<usize> = (0..lane.len()).collect();
        order.sort_by(|&i, &j| numpy_cmp(lane[i], lane[j]));
        o.iter_mut().zip(order).for_each(|(o, i)| *o = i as i64);
    }
    out
}

/// The top `k` of a lane: the first `k` of a stable sort that puts the best
/// first (NaN last whatever the mode).
fn naive_top_k(lane: ArrayView1<'_, f64>, k: usize, mode: TopKMode) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lane.len()).collect();
    order.sort_by(|&i, &j| match (mode, lane[i].is_nan() || lane[j].is_nan()) {
        (TopKMode::Largest, false) => numpy_cmp(lane[j], lane[i]),
        _ => numpy_cmp(lane[i], lane[j]),
    });
    order.truncate(k);
    order
}

/// Equal as NumPy's `array_equal(equal_nan=True)`: `-0.0 == 0.0`, NaN == NaN.
fn same_values(a: &ArrayD<f64>, b: &ArrayD<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b).all(|(&x, &y)| numpy_cmp(x, y) == Ordering::Equal)
}

fn gather(x: ArrayViewD<'_, f64>, idx: &ArrayD<i64>, axis: usize) -> ArrayD<f64> {
    let mut out = ArrayD::zeros(idx.raw_dim());
    for ((lane, i), mut o) in x.lanes(Axis(axis)).into_iter().zip(idx.lanes(Axis(axis))).zip(out.lanes_mut(Axis(axis)))
    {
        o.iter_mut().zip(i).for_each(|(o, &i)| *o = lane[i as usize]);
    }
    out
}

fn single_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(f)
}

fn noise(len: usize, mut seed: u64) -> Vec<f64> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

#[test]
fn argsort_is_stable_with_nan_last_and_signed_zeros_equal() {
    let x = array![f64::NAN, 1.0, -0.0, f64::NEG_INFINITY, 0.0, -f64::NAN, 1.0, f64::INFINITY, -0.0];
    assert_eq!(argsort(&x, Some(0)).unwrap(), array![3_i64, 2, 4, 8, 1, 6, 7, 0, 5].into_dyn());
    assert_eq!(argsort(&array![3_i32, -1, 3, i32::MIN], None).unwrap(), array![3_i64, 1, 0, 2].into_dyn());
    assert_eq!(argsort(&array![i64::MAX, i64::MIN, 0], Some(-1)).unwrap(), array![1_i64, 2, 0].into_dyn());
    assert_eq!(argsort(&array![true, false, true, false], Some(0)).unwrap(), array![1_i64, 3, 0, 2].into_dyn());
    assert_eq!(argsort(&array![2.5_f32, f32::NAN, -2.5], Some(0)).unwrap(), array![2_i64, 0, 1].into_dyn());
}

#[test]
fn sort_returns_every_value_bit_for_bit() {
    let neg_nan = -f64::NAN;
    let x = array![f64::NAN, 1.0, 0.0, neg_nan, -0.0, f64::NEG_INFINITY];
    let sorted = sort(&x, Some(0)).unwrap();
    assert_eq!(sorted.slice(s![..4]).to_vec(), vec![f64::NEG_INFINITY, -0.0, 0.0, 1.0]);
    assert!(sorted[[2]].is_sign_positive() && sorted[[1]].is_sign_negative());
    let mut nans: Vec<u64> = sorted.slice(s![4..]).iter().map(|v| v.to_bits()).collect();
    nans.sort_unstable();
    assert_eq!(nans, vec![f64::NAN.to_bits(), neg_nan.to_bits()]);
    assert_eq!(sort(&array![[3, 1, 2], [0, -5, 9]], Some(0)).unwrap(), array![[0, -5, 2], [3, 1, 9]].into_dyn());
    assert_eq!(sort(&array![true, false, true], None).unwrap(), array![false, true, true].into_dyn());
    assert_eq!(sort(&array![1.5_f32, -0.5], Some(0)).unwrap(), array![-0.5_f32, 1.5].into_dyn());
}

#[test]
fn axis_none_flattens_and_zero_d_needs_it() {
    let m = array![[4, 2], [3, 1]];
    assert_eq!(sort(&m, None).unwrap(), array![1, 2, 3, 4].into_dyn());
    assert_eq!(argsort(&m.t(), None).unwrap(), array![3_i64, 2, 1, 0].into_dyn());
    let scalar = ndarray::arr0(5.0);
    assert_eq!(sort(&scalar, None).unwrap(), array![5.0].into_dyn());
    assert_eq!(sort(&scalar, Some(-1)).unwrap_err(), Error::AxisOutOfBounds { axis: -1, ndim: 0 });
    // NumPy's argsort and argpartition take a 0-d array as 1-d.
    assert_eq!(argsort(&scalar, Some(0)).unwrap(), array![0_i64].into_dyn());
    assert_eq!(argpartition(&scalar, &[0], Some(-1)).unwrap(), array![0_i64].into_dyn());
    assert_eq!(argsort(&scalar, Some(1)).unwrap_err(), Error::AxisOutOfBounds { axis: 1, ndim: 1 });
    assert_eq!(argsort(&m, Some(2)).unwrap_err(), Error::AxisOutOfBounds { axis: 2, ndim: 2 });
    assert_eq!(partition(&m, &[0], Some(-3)).unwrap_err(), Error::AxisOutOfBounds { axis: -3, ndim: 2 });
    let (values, indices) = top_k(&m, 2, None, TopKMode::Largest, true).unwrap();
    assert_eq!((values, indices), (array![4, 3].into_dyn(), array![0_i64, 2].into_dyn()));
}

#[test]
fn empty_lanes_and_empty_arrays() {
    let empty = Array2::<f64>::zeros((3, 0));
    assert_eq!(sort(&empty, Some(1)).unwrap().shape(), &[3, 0]);
    assert_eq!(argsort(&empty, Some(0)).unwrap().shape(), &[3, 0]);
    // NumPy checks no kth on an empty array.
    assert_eq!(partition(&empty, &[5], Some(1)).unwrap().shape(), &[3, 0]);
    assert_eq!(argpartition(&Array2::<i32>::zeros((0, 3)), &[-7], Some(1)).unwrap().shape(), &[0, 3]);
    let (values, indices) = top_k(&empty, 0, Some(1), TopKMode::Largest, true).unwrap();
    assert_eq!((values.shape(), indices.shape()), (&[3, 0][..], &[3, 0][..]));
    let (values, _) = top_k(&Array2::<f64>::zeros((4, 3)), 0, Some(0), TopKMode::Smallest, false).unwrap();
    assert_eq!(values.shape(), &[0, 3]);
}

#[test]
fn bad_kth_and_k_are_rejected_with_numpys_message() {
    let x = array![3.0, 1.0, 2.0];
    let message = |e: Error| e.to_string();
    assert_eq!(message(partition(&x, &[3], Some(0)).unwrap_err()), "kth(=3) out of bounds (3)");
    assert_eq!(message(argpartition(&x, &[-4], Some(0)).unwrap_err()), "kth(=-1) out of bounds (3)");
    assert!(matches!(partition(&x, &[0, 5], None), Err(Error::InvalidArgument(_))));
    assert!(matches!(top_k(&x, 4, Some(0), TopKMode::Largest, true), Err(Error::InvalidArgument(_))));
    assert!("biggest".parse::<TopKMode>().is_err());
    assert_eq!("smallest".parse::<TopKMode>().unwrap(), TopKMode::Smallest);
}

#[test]
fn partition_places_every_kth() {
    let x = array![7.0, f64::NAN, -1.0, 3.0, 3.0, -0.0, 0.0, 9.0, 2.0];
    let p = partition(&x, &[1, -3, 4], Some(0)).unwrap();
    let mut sorted = x.to_vec();
    sorted.sort_by(|a, b| numpy_cmp(*a, *b));
    for k in [1, 4, 6] {
        assert_eq!(numpy_cmp(p[k], sorted[k]), Ordering::Equal, "kth {k}");
        assert!(p.iter().take(k).all(|&v| numpy_cmp(v, p[k]) != Ordering::Greater));
        assert!(p.iter().skip(k + 1).all(|&v| numpy_cmp(v, p[k]) != Ordering::Less));
    }
    let idx = argpartition(&x, &[-1], Some(0)).unwrap();
    assert_eq!(idx[[8]], 1);
}

#[test]
fn top_k_breaks_ties_by_lowest_index_and_puts_nan_last() {
    let x = array![2.0, f64::NAN, 5.0, 2.0, 5.0, -0.0, 0.0];
    let (values, indices) = top_k(&x, 3, Some(0), TopKMode::Largest, true).unwrap();
    assert_eq!(indices, array![2_i64, 4, 0].into_dyn());
    assert_eq!(values, array![5.0, 5.0, 2.0].into_dyn());
    let (_, indices) = top_k(&x, 3, Some(0), TopKMode::Smallest, true).unwrap();
    assert_eq!(indices, array![5_i64, 6, 0].into_dyn());
    let (values, indices) = top_k(&x, 7, Some(0), TopKMode::Smallest, true).unwrap();
    assert_eq!(indices[[6]], 1);
    assert!(values[[6]].is_nan());
    let (values, indices) = top_k(&array![[1, 9], [8, 2], [5, 5]], 2, Some(0), TopKMode::Largest, true).unwrap();
    assert_eq!((values, indices), (array![[8, 9], [5, 5]].into_dyn(), array![[1_i64, 0], [2, 2]].into_dyn()));
    let (values, _) = top_k(&array![true, false, true], 2, Some(0), TopKMode::Smallest, true).unwrap();
    assert_eq!(values, array![false, true].into_dyn());
}

#[test]
fn top_k_keeps_few_or_many_candidates_in_the_stable_order() {
    let mut values = noise(3000, 9);
    values.iter_mut().step_by(3).for_each(|v| *v = (*v * 3.0).round());
    values[5] = f64::NAN;
    let x = Array1::from(values);
    for k in [1, 10, 64, 65, 500, 3000] {
        for mode in [TopKMode::Largest, TopKMode::Smallest] {
            let (_, indices) = top_k(&x, k, Some(0), mode, true).unwrap();
            let expected: Vec<i64> = naive_top_k(x.view(), k, mode).into_iter().map(|i| i as i64).collect();
            assert_eq!(indices.iter().copied().collect::<Vec<_>>(), expected, "k = {k}, {mode:?}");
        }
    }
}

#[test]
fn long_lanes_sort_in_parallel_like_sequentially() {
    let mut values = noise(400_000, 3);
    values.iter_mut().step_by(7).for_each(|v| *v = (*v * 4.0).round());
    values[17] = f64::NAN;
    values[1000] = -0.0;
    let x = Array1::from(values);
    let expected = naive_argsort(x.view().into_dyn(), 0);
    assert_eq!(argsort(&x, Some(0)).unwrap(), expected);
    assert_eq!(single_thread(|| argsort(&x, Some(0)).unwrap()), expected);
    assert!(same_values(&sort(&x, None).unwrap(), &gather(x.view().into_dyn(), &expected, 0)));
    let ints = x.mapv(|v| (v * 1e6) as i64);
    let expected = naive_argsort(ints.mapv(|v| v as f64).view().into_dyn(), 0);
    assert_eq!(argsort(&ints, Some(0)).unwrap(), expected);
}

#[test]
fn top_k_down_columns_equals_top_k_along_rows() {
    let x = Array2::from_shape_vec((300, 2500), noise(750_000, 5)).unwrap();
    for mode in [TopKMode::Largest, TopKMode::Smallest] {
        let (values, indices) = top_k(&x, 10, Some(0), mode, true).unwrap();
        let (row_values, row_indices) = top_k(&x.t(), 10, Some(1), mode, true).unwrap();
        assert_eq!(values, row_values.t().to_owned());
        assert_eq!(indices, row_indices.t().to_owned());
        let column = x.column(1234);
        let expected: Vec<i64> = naive_top_k(column, 10, mode).into_iter().map(|i| i as i64).collect();
        assert_eq!(indices.index_axis(Axis(1), 1234).iter().copied().collect::<Vec<_>>(), expected);
    }
}

/// Values with many duplicates and every special value.
fn special() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (-3..3_i32).prop_map(f64::from),
        1 => Just(f64::NAN),
        1 => Just(-f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(-0.0),
        2 => -1e3..1e3_f64,
    ]
}

fn any_array(max_rank: usize) -> impl Strategy<Value = ArrayD<f64>> {
    prop::collection::vec(0..6_usize, 1..=max_rank).prop_flat_map(|shape| {
        let len = shape.iter().product::<usize>();
        prop::collection::vec(special(), len).prop_map(move |v| ArrayD::from_shape_vec(IxDyn(&shape), v).unwrap())
    })
}

fn normalized(axis: isize, ndim: usize) -> Option<usize> {
    let ndim = ndim as isize;
    (-ndim..ndim).contains(&axis).then_some(if axis < 0 { axis + ndim } else { axis } as usize)
}

/// The partition property of `partition` and `argpartition` along `axis`.
fn check_partition(x: ArrayD<f64>, axis: isize, kth: Vec<isize>) -> Result<(), TestCaseError> {
    let Some(ax) = normalized(axis, x.ndim()) else { return Ok(()) };
    let n = x.shape()[ax] as isize;
    let valid = x.is_empty() || kth.iter().all(|&k| (-n..n).contains(&k));
    let (Ok(p), Ok(idx)) = (partition(&x, &kth, Some(axis)), argpartition(&x, &kth, Some(axis))) else {
        prop_assert!(!valid);
        return Ok(());
    };
    prop_assert!(valid);
    if x.is_empty() {
        return Ok(());
    }
    let sorted = gather(x.view(), &naive_argsort(x.view(), ax), ax);
    for lane in idx.lanes(Axis(ax)) {
        let mut positions = lane.to_vec();
        positions.sort_unstable();
        prop_assert_eq!(positions, (0..n as i64).collect::<Vec<_>>());
    }
    let by_indices = gather(x.view(), &idx, ax);
    let lanes = p.lanes(Axis(ax)).into_iter().chain(by_indices.lanes(Axis(ax)));
    for (lane, sorted) in lanes.zip(sorted.lanes(Axis(ax)).into_iter().cycle()) {
        for &k in &kth {
            let k = if k < 0 { k + n } else { k } as usize;
            prop_assert_eq!(numpy_cmp(lane[k], sorted[k]), Ordering::Equal);
            prop_assert!(lane.iter().take(k).all(|&v| numpy_cmp(v, lane[k]) != Ordering::Greater));
            prop_assert!(lane.iter().skip(k + 1).all(|&v| numpy_cmp(v, lane[k]) != Ordering::Less));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn sorts_equal_the_stable_reference(x in any_array(3), axis in -3..3_isize, reversed in any::<bool>()) {
        let x = if reversed { x.slice_each_axis(|_| ndarray::Slice::new(0, None, -1)).to_owned() } else { x };
        let view = if reversed { x.view().reversed_axes() } else { x.view() };
        let Some(ax) = normalized(axis, view.ndim()) else {
            prop_assert!(argsort(&view, Some(axis)).is_err());
            return Ok(());
        };
        let expected = naive_argsort(view.view(), ax);
        prop_assert_eq!(argsort(&view, Some(axis)).unwrap(), expected.clone());
        prop_assert!(same_values(&sort(&view, Some(axis)).unwrap(), &gather(view.view(), &expected, ax)));
        let ints = view.mapv(|v| if v.is_nan() { 7 } else { v.clamp(-1e3, 1e3) as i32 });
        prop_assert_eq!(argsort(&ints, Some(axis)).unwrap(), naive_argsort(ints.mapv(f64::from).view(), ax));
        let flags = view.mapv(|v| v > 0.0);
        let as_floats = flags.mapv(|b| f64::from(u8::from(b)));
        prop_assert_eq!(argsort(&flags, Some(axis)).unwrap(), naive_argsort(as_floats.view(), ax));
        let singles = view.mapv(|v| v as f32);
        prop_assert_eq!(argsort(&singles, Some(axis)).unwrap(), naive_argsort(singles.mapv(f64::from).view(), ax));
    }

    #[test]
    fn partitions_place_the_kth_elements(x in any_array(3), axis in -3..3_isize, kth in prop::collection::vec(-6..6_isize, 1..3)) {
        check_partition(x, axis, kth)?;
    }

    #[test]
    fn long_lanes_partition_anywhere(x in prop::collection::vec(special(), 600), kth in prop::collection::vec(-300..300_isize, 1..4)) {
        check_partition(ArrayD::from_shape_vec(IxDyn(&[2, 300]), x).unwrap(), -1, kth)?;
    }

    #[test]
    fn top_k_equals_the_stable_reference(x in any_array(3), axis in -3..3_isize, k in 0..7_usize, largest in any::<bool>(), sorted in any::<bool>()) {
        let Some(ax) = normalized(axis, x.ndim()) else { return Ok(()) };
        let mode = if largest { TopKMode::Largest } else { TopKMode::Smallest };
        let k = k.min(x.shape()[ax]);
        let (values, indices) = top_k(&x, k, Some(axis), mode, sorted).unwrap();
        prop_assert!(same_values(&values, &gather(x.view(), &indices, ax)));
        for (lane, got) in x.lanes(Axis(ax)).into_iter().zip(indices.lanes(Axis(ax))) {
            let expected = naive_top_k(lane, k, mode);
            let mut got: Vec<usize> = got.iter().map(|&i| i as usize).collect();
            if !sorted {
                got.sort_unstable_by(|&i, &j| expected.iter().position(|&e| e == i).cmp(&expected.iter().position(|&e| e == j)));
            }
            prop_assert_eq!(got, expected);
        }
    }
}
