//! NumPy's indexing rules through `numvec::index::{get, set, view}`.

use ndarray::{Array1, Array2, Array3, ArrayD, IxDyn, arr0, array};
use numvec::idx;
use numvec::index::{Ellipsis, IndexItem, NewAxis, get, set, view};
use numvec::{Error, Result};
use proptest::prelude::*;

fn grid() -> Array2<i64> {
    Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as i64)
}

#[test]
fn basic_keys_give_views_with_python_slices() -> Result<()> {
    let a = grid();
    assert_eq!(view(&a, &idx![1, ..;-2])?, array![13, 11].into_dyn());
    assert_eq!(view(&a, &idx![-1..;-1, 3])?, array![23, 13, 3].into_dyn());
    assert_eq!(view(&a, &idx![NewAxis, Ellipsis, 0])?.shape(), &[1, 3]);
    assert_eq!(view(&a, &[IndexItem::slice(Some(10), None, -2), IndexItem::Int(0)])?, array![20, 0].into_dyn());
    assert!(matches!(view(&a, &idx![&array![0_i64]]), Err(Error::InvalidArgument(_))));
    Ok(())
}

#[test]
fn array_dimensions_stay_in_place_when_adjacent_and_go_first_otherwise() -> Result<()> {
    let a = Array3::<f64>::zeros((2, 3, 4));
    let pair = array![0_i64, 1];
    // NumPy: a[:, 0, [0, 1]] -> (2, 2); a[0, :, [0, 1]] -> (2, 3)
    assert_eq!(get(&a, &idx![.., 0, &pair])?.shape(), &[2, 2]);
    assert_eq!(get(&a, &idx![0, .., &pair])?.shape(), &[2, 3]);
    assert_eq!(get(&a, &idx![.., &pair, NewAxis, &pair])?.shape(), &[2, 2, 1]);
    assert_eq!(get(&a, &idx![&pair, Ellipsis, &pair])?.shape(), &[2, 3]);
    Ok(())
}

#[test]
fn masks_are_their_nonzero_and_scalar_booleans_add_an_axis() -> Result<()> {
    let a = grid();
    let mask = a.mapv(|x| x % 2 == 1);
    assert_eq!(get(&a, &idx![&mask])?, array![1, 3, 11, 13, 21, 23].into_dyn());
    let rows = array![true, false, true];
    assert_eq!(get(&a, &idx![&rows, 1])?, array![1, 21].into_dyn());
    let yes = arr0(true);
    assert_eq!(get(&a, &idx![&yes])?.shape(), &[1, 3, 4]);
    Ok(())
}

#[test]
fn errors_follow_numpy() {
    let a = grid();
    let message = |key: &[IndexItem<'_>]| get(&a, key).unwrap_err().to_string();
    assert_eq!(message(&idx![5]), "index 5 is out of bounds for axis 0 with size 3");
    assert_eq!(message(&idx![.., &array![0_i64, -5]]), "index -5 is out of bounds for axis 1 with size 4");
    assert_eq!(message(&idx![0, 0, 0]), "too many indices for array: array is 2-dimensional, but 3 were indexed");
    assert_eq!(message(&idx![Ellipsis, Ellipsis]), "an index can only have a single ellipsis ('...')");
    assert_eq!(
        message(&idx![&array![true, false]]),
        "boolean index did not match indexed array along axis 0; size of axis is 3 but size of corresponding boolean axis is 2"
    );
    assert_eq!(
        message(&idx![&array![0_i64, 1], &array![0_i64, 1, 2]]),
        "shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,) "
    );
    assert!(matches!(get(&a, &idx![..;0]), Err(Error::InvalidArgument(_))));
}

#[test]
fn set_broadcasts_and_last_write_wins() -> Result<()> {
    let mut a = Array1::<i64>::zeros(4);
    set(&mut a, &idx![&array![1_i64, 1, 3, 1]], &array![5, 6, 7, 8])?;
    assert_eq!(a, array![0, 8, 0, 7]);
    let mut g = grid();
    set(&mut g, &idx![.., &array![0_i64, 3]], &array![[-1], [-2], [-3]])?;
    assert_eq!(g.column(3), array![-1, -2, -3]);
    let err = set(&mut g, &idx![&array![0_i64, 1]], &array![1, 2, 3]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "shape mismatch: value array of shape (3,) could not be broadcast to indexing result of shape (2,4)"
    );
    let before = g.clone();
    assert!(set(&mut g, &idx![&array![0_i64, 7]], &arr0(9)).is_err());
    assert_eq!(g, before, "nothing written on error");
    Ok(())
}

/// A naive reference for a key of one integer array on `axis` (NumPy's `take`).
fn take_reference(a: &ArrayD<i64>, axis: usize, rows: &[i64]) -> ArrayD<i64> {
    let n = a.shape()[axis] as i64;
    let views: Vec<_> = rows.iter().map(|&r| a.index_axis(ndarray::Axis(axis), r.rem_euclid(n) as usize)).collect();
    ndarray::stack(ndarray::Axis(axis), &views).unwrap()
}

proptest! {
    #[test]
    fn one_array_on_any_axis_matches_a_naive_take(
        shape in proptest::collection::vec(1usize..4, 1..4),
        axis_seed in 0usize..3,
        picks in proptest::collection::vec(any::<i64>(), 0..6),
        reversed in any::<bool>(),
    ) {
        let size: usize = shape.iter().product();
        let mut a = ArrayD::from_shape_vec(IxDyn(&shape), (0..size as i64).collect()).unwrap();
        if reversed {
            a.invert_axis(ndarray::Axis(0));
        }
        let axis = axis_seed % shape.len();
        let n = shape[axis] as i64;
        let rows: Vec<i64> = picks.iter().map(|p| p.rem_euclid(2 * n) - n).collect();
        let mut key: Vec<IndexItem<'_>> = (0..axis).map(|_| IndexItem::from(..)).collect();
        key.push(IndexItem::from(ArrayD::from_shape_vec(IxDyn(&[rows.len()]), rows.clone()).unwrap()));
        let got = get(&a, &key).unwrap();
        if rows.is_empty() {
            prop_assert_eq!(got.shape()[axis], 0);
        } else {
            prop_assert_eq!(got, take_reference(&a, axis, &rows));
        }
    }
}

#[test]
fn take_and_along_axis_follow_numpy() -> Result<()> {
    let a = grid();
    assert_eq!(numvec::index::take(&a, &array![[0_i64, -1]], Some(1))?.shape(), &[3, 1, 2]);
    let order = array![[3_i64, 0], [1, 1], [0, 2]];
    let taken = numvec::index::take_along_axis(&a, &order, Some(1))?;
    assert_eq!(taken, array![[3, 0], [11, 11], [20, 22]].into_dyn());
    let mut b = grid();
    numvec::index::put_along_axis(&mut b, &order, &arr0(-1), Some(1))?;
    assert_eq!(b.row(1), array![10, -1, 12, 13]);
    assert!(numvec::index::take_along_axis(&a, &array![0_i64], Some(0)).is_err());
    Ok(())
}

#[test]
fn diagonals_and_triangles() -> Result<()> {
    let batch = Array3::from_shape_fn((4, 3, 3), |(b, i, j)| (100 * b + 10 * i + j) as f64);
    let d = numvec::index::diagonal(&batch, 0, 1, 2)?;
    for b in 0..4 {
        assert_eq!(d.index_axis(ndarray::Axis(0), b), numvec::index::diag(batch.index_axis(ndarray::Axis(0), b), 0)?);
    }
    assert_eq!(numvec::index::diagonal(&batch, 5, 1, 2)?.shape(), &[4, 0]);
    // A matrix's diagonals (a strided view copied) against the same matrix
    // as a batch of one (gathered), for every offset and axis order.
    let wide = Array2::from_shape_fn((4, 6), |(i, j)| (10 * i + j) as i64);
    for m in [wide.view(), wide.t(), wide.slice(ndarray::s![..;-1, 1..;2])] {
        let one = m.insert_axis(ndarray::Axis(0));
        for offset in -5..=7 {
            for ((axis1, axis2), (batch_axis1, batch_axis2)) in
                [((0, 1), (1, 2)), ((1, 0), (2, 1)), ((-1, -2), (-1, -2))]
            {
                let gathered = numvec::index::diagonal(one, offset, batch_axis1, batch_axis2)?;
                assert_eq!(numvec::index::diagonal(m, offset, axis1, axis2)?, gathered.index_axis(ndarray::Axis(0), 0));
            }
        }
    }
    let m = grid();
    assert_eq!(numvec::index::triu(&m, -1)?, array![[0, 1, 2, 3], [10, 11, 12, 13], [0, 21, 22, 23]].into_dyn());
    assert_eq!(numvec::index::tril(&m, 10)?, m.clone().into_dyn());
    let mut s = Array2::<f64>::zeros((3, 3));
    numvec::index::triu_fill(&mut s, f64::NEG_INFINITY, 1);
    let causal = numvec::index::triu(&numvec::index::tri::<bool>(3, None, 0)?.mapv(|x| !x), 0)?;
    let mut t = Array2::<f64>::zeros((3, 3));
    numvec::index::masked_fill(&mut t, &causal, f64::NEG_INFINITY)?;
    assert_eq!(s, t);
    Ok(())
}

#[test]
fn add_at_accumulates_in_index_order() -> Result<()> {
    let mut bins = Array1::<f64>::zeros(3);
    let idx: Array1<i64> = (0..40_000).map(|i| (i * 7 % 5) as i64 - 2).collect();
    let weights: Array1<f64> = (0..40_000).map(|i| 1.0 / (1.0 + i as f64)).collect();
    numvec::index::add_at(&mut bins, &idx![&idx], &weights)?;
    let mut expected = [0.0; 3];
    for (&i, &w) in idx.iter().zip(&weights) {
        expected[i.rem_euclid(3) as usize] += w;
    }
    assert_eq!(bins.as_slice().unwrap(), &expected);
    let before = bins.clone();
    assert!(numvec::index::add_at(&mut bins, &idx![&array![0_i64, 3]], &arr0(1.0)).is_err());
    assert_eq!(bins, before);
    Ok(())
}
