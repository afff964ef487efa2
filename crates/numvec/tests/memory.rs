//! shares_memory and may_share_memory: NumPy's answers on views, and the
//! exact answer (a brute-force comparison of element addresses) on random
//! strided views of one buffer.

use std::collections::HashSet;

use ndarray::{Array1, Array2, Array3, ArrayView, IxDyn, ShapeBuilder, s};
use numvec::memory::{MemoryLayout, layouts_share_memory};
use numvec::{Error, may_share_memory, shares_memory};
use proptest::prelude::*;

#[test]
fn the_seeds_views_and_copies() {
    let x = Array2::from_shape_fn((3, 4), |(i, j)| (4 * i + j) as i64);
    let row_copy = x.row(0).to_owned();
    let fancy = ndarray::stack![ndarray::Axis(0), x.row(0), x.row(2)];
    assert!(shares_memory(&x, &x.row(0), None).unwrap());
    assert!(!shares_memory(&x, &row_copy, None).unwrap());
    assert!(shares_memory(&x, &x.t(), None).unwrap());
    assert!(!shares_memory(&x, &fancy, None).unwrap());
}

#[test]
fn interleaved_and_disjoint_views_do_not_share() {
    let x = Array2::<f64>::zeros((6, 8));
    let (even, odd) = (x.slice(s![.., ..;2]), x.slice(s![.., 1..;2]));
    assert!(may_share_memory(&even, &odd));
    assert!(!shares_memory(&even, &odd, None).unwrap());
    assert!(!shares_memory(&x.slice(s![..3, ..]), &x.slice(s![3.., ..]), None).unwrap());
    assert!(!may_share_memory(&x.slice(s![..3, ..]), &x.slice(s![3.., ..])));
    assert!(shares_memory(&x.slice(s![..;-1, ..]), &x.slice(s![5, 7..]), None).unwrap());
    assert!(!shares_memory(&x.slice(s![0..0, ..]), &x, None).unwrap());
}

#[test]
fn diagonals_and_broadcasts_share_with_their_base() {
    let x = Array2::<i32>::zeros((5, 5));
    let diagonal = x.diag();
    assert!(shares_memory(&diagonal, &x.slice(s![2, ..]), None).unwrap());
    assert!(!shares_memory(&diagonal, &x.slice(s![0, 1..]), None).unwrap());
    let column = x.slice(s![.., 1]);
    let broadcast = column.broadcast((3, 5)).unwrap();
    assert!(shares_memory(&broadcast, &x.slice(s![4, 1..2]), None).unwrap());
    assert!(!shares_memory(&broadcast, &x.slice(s![.., 2]), None).unwrap());
}

#[test]
fn numpys_hard_example() {
    // x = np.arange(80).reshape(4, 20).astype(np.int8); x[:, ::7] vs x[:, 3::3].
    let x = Array2::<i8>::zeros((4, 20));
    let (a, b) = (x.slice(s![.., ..;7]), x.slice(s![.., 3..;3]));
    assert!(!shares_memory(&a, &b, None).unwrap());
    assert_eq!(shares_memory(&a, &b, Some(0)), Err(Error::TooHard { max_work: 0 }));
    assert!(may_share_memory(&a, &b));
}

#[test]
fn item_sizes_count_every_byte() {
    // Two u32 "arrays" at addresses 2 bytes apart overlap by two bytes.
    let word = |address| MemoryLayout { address, shape: vec![3].into(), strides: vec![8].into(), itemsize: 4 };
    assert!(layouts_share_memory(&word(1000), &word(1002), None).unwrap());
    assert!(!layouts_share_memory(&word(1000), &word(1004), None).unwrap());
    let zero_sized = MemoryLayout { address: 1000, shape: vec![3].into(), strides: vec![0].into(), itemsize: 0 };
    assert!(!layouts_share_memory(&zero_sized, &word(1000), None).unwrap());
}

#[test]
fn owned_arrays_and_raw_views_work() {
    let a = Array1::<f64>::zeros(4);
    let b = Array1::<f64>::zeros(4);
    assert!(!shares_memory(&a, &b, None).unwrap());
    let raw = a.raw_view();
    assert!(shares_memory(&raw, &a.slice(s![3..]), None).unwrap());
}

/// The byte addresses an element layout covers.
fn bytes(layout: &MemoryLayout<'_>) -> HashSet<usize> {
    let mut offsets = vec![0isize];
    for (&len, &stride) in layout.shape.iter().zip(layout.strides.iter()) {
        offsets = offsets.iter().flat_map(|&o| (0..len as isize).map(move |i| o + i * stride)).collect();
    }
    let start = layout.address as isize;
    offsets.iter().flat_map(|&o| (0..layout.itemsize as isize).map(move |b| (start + o + b) as usize)).collect()
}

/// A view of a 4x5x6 buffer: per axis a start, a length and a step (negative
/// steps reverse), then a permutation of the axes.
fn view_of<'a>(
    base: &'a Array3<u16>,
    spec: &[(usize, usize, isize); 3],
    order: [usize; 3],
) -> ArrayView<'a, u16, IxDyn> {
    let mut view = base.view().into_dyn();
    for (axis, &(start, len, step)) in spec.iter().enumerate() {
        let n = view.shape()[axis];
        let start = start.min(n);
        let stop = (start + len * step.unsigned_abs()).min(n);
        view.slice_axis_inplace(ndarray::Axis(axis), ndarray::Slice::new(start as isize, Some(stop as isize), step));
    }
    view.permuted_axes(order.to_vec())
}

fn spec() -> impl Strategy<Value = ([(usize, usize, isize); 3], [usize; 3])> {
    let axis = (0usize..6, 0usize..7, prop_oneof![Just(1isize), Just(2), Just(3), Just(-1), Just(-2), Just(5)]);
    let order = Just([0usize, 1, 2]).prop_shuffle().prop_map(|v| [v[0], v[1], v[2]]);
    ([axis.clone(), axis.clone(), axis], order)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn shares_memory_is_exact(a in spec(), b in spec()) {
        let base = Array3::<u16>::zeros((4, 5, 6).f());
        let (va, vb) = (view_of(&base, &a.0, a.1), view_of(&base, &b.0, b.1));
        let (la, lb) = (MemoryLayout::of(&va), MemoryLayout::of(&vb));
        let exact = !bytes(&la).is_disjoint(&bytes(&lb));
        prop_assert_eq!(shares_memory(&va, &vb, None).unwrap(), exact);
        prop_assert_eq!(shares_memory(&vb, &va, None).unwrap(), exact);
        prop_assert!(may_share_memory(&va, &vb) || !exact);
    }
}
