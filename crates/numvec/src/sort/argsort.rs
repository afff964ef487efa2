//! `sort` and `argsort`: a stable radix sort of order-preserving keys.

use std::mem::MaybeUninit;

use ndarray::{ArrayD, AsArray, Dimension};
use rayon::prelude::*;

use super::key::Sortable;
use super::radix::{Indexed, PARALLEL_SORT_LEN, RadixItem, radix_sort};
use super::{LaneOp, along, as_index_input, map_lanes};
use crate::error::Result;

/// NumPy's `numpy.sort(a, axis)`: a sorted copy of `a` along `axis`; `None`
/// sorts the array flattened in C order (the result is then 1-D).
///
/// NumPy's order: `false < true`; floats by value with NaN last. `-0.0`
/// and `0.0` are equal for NumPy, so either order is sorted; numvec puts
/// `-0.0` first. Every value comes back bit for bit (NaN payloads too).
/// Lanes are radix sorted, in parallel across lanes, and a single long lane
/// in parallel too.
///
/// # Errors
/// [`Error::AxisOutOfBounds`](crate::Error::AxisOutOfBounds) when `axis` is
/// not in `-ndim..ndim` (a 0-d array needs `None`, as in NumPy).
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[3.0, f64::NAN, -1.0], [0.5, -0.0, -2.0]];
/// let sorted = numvec::sort(&a, Some(-1))?;
/// assert_eq!(sorted.slice(ndarray::s![1, ..]).to_vec(), vec![-2.0, -0.0, 0.5]);
/// assert!(sorted[[0, 2]].is_nan());
/// assert_eq!(numvec::sort(&array![[2, 1], [0, 3]], None)?, array![0, 1, 2, 3].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn sort<'a, A: Sortable, D: Dimension>(a: impl AsArray<'a, A, D>, axis: Option<isize>) -> Result<ArrayD<A>> {
    let a = a.into().into_dyn();
    let (x, ax) = along(&a, axis)?;
    let n = x.shape()[ax];
    map_lanes(x.view(), ax, n, &SortValues)
}

/// NumPy's `numpy.argsort(a, axis, kind="stable")`: the indices (`i64`, as
/// NumPy's `intp`) that sort `a` along `axis`; `None` sorts the array
/// flattened in C order.
///
/// Always stable: equal elements (`-0.0` and `0.0`, all NaNs, equal
/// numbers) keep their input order, so the result equals NumPy's with
/// `kind="stable"` exactly. NaN sorts last.
///
/// # Errors
/// [`Error::AxisOutOfBounds`](crate::Error::AxisOutOfBounds) when `axis` is
/// not in `-ndim..ndim` (a 0-d array needs `None`, as in NumPy).
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![2.0, f64::NAN, -0.0, 1.0, 0.0, 1.0];
/// assert_eq!(numvec::argsort(&a, Some(0))?, array![2_i64, 4, 3, 5, 0, 1].into_dyn());
/// let m = array![[3, 1], [2, 4]];
/// assert_eq!(numvec::argsort(&m, Some(0))?, array![[1_i64, 0], [0, 1]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn argsort<'a, A: Sortable, D: Dimension>(a: impl AsArray<'a, A, D>, axis: Option<isize>) -> Result<ArrayD<i64>> {
    let a = as_index_input(a.into().into_dyn());
    let (x, ax) = along(&a, axis)?;
    let n = x.shape()[ax];
    map_lanes(x.view(), ax, n, &SortIndices)
}

/// `out[i] = f(x[i])`, on rayon's pool for long inputs.
fn map_into<T: Sync, U: Send>(x: &[T], out: &mut [U], f: impl Fn(&T) -> U + Sync) {
    if x.len() >= PARALLEL_SORT_LEN {
        out.par_iter_mut().zip(x).for_each(|(o, v)| *o = f(v));
    } else {
        out.iter_mut().zip(x).for_each(|(o, v)| *o = f(v));
    }
}

/// `[f(i, x[i]) for i]`, on rayon's pool for long inputs. Collecting (not
/// filling a zeroed buffer) lets a large result reuse freed memory instead
/// of faulting in fresh zeroed pages.
fn mapped<T: Sync, U: Send>(x: &[T], f: impl Fn(usize, &T) -> U + Sync) -> Vec<U> {
    if x.len() >= PARALLEL_SORT_LEN {
        x.par_iter().enumerate().map(|(i, v)| f(i, v)).collect()
    } else {
        x.iter().enumerate().map(|(i, v)| f(i, v)).collect()
    }
}

/// Radix sorts `items` with a scratch buffer of their copies.
fn sort_items<T: RadixItem>(items: &mut [T]) {
    let mut scratch = mapped(items, |_, &item| item);
    radix_sort(items, &mut scratch, true);
}

/// Sorts each lane's values: radix sorts their value keys.
struct SortValues;

impl<A: Sortable> LaneOp<A, A> for SortValues {
    fn lane(&self, x: &[A], out: &mut [MaybeUninit<A>]) {
        let mut keys = mapped(x, |_, &v| v.value_key());
        sort_items(&mut keys);
        map_into(&keys, out, |&key| MaybeUninit::new(A::from_value_key(key)));
    }
}

/// Sorts each lane's indices: radix sorts (order key, index) pairs.
struct SortIndices;

impl<A: Sortable> LaneOp<A, i64> for SortIndices {
    fn lane(&self, x: &[A], out: &mut [MaybeUninit<i64>]) {
        let mut items = mapped(x, |index, &v| Indexed { key: v.order_key(), index });
        sort_items(&mut items);
        map_into(&items, out, |item| MaybeUninit::new(item.index as i64));
    }
}
