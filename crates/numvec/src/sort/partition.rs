//! `partition` and `argpartition`: selection of the `kth` elements by
//! introselect (`select_nth_unstable`) on order-preserving keys, or, when
//! every `kth` lies within [`END_LEN`] of one end of the lane, by one pass of
//! `top_k`'s selection of the elements that belong there.

use std::cmp::Ordering;
use std::mem::MaybeUninit;

use ndarray::{ArrayD, AsArray, Dimension};

use super::key::Sortable;
use super::radix::Indexed;
use super::top_k::{Best, Greatest, Smallest, select_lane};
use super::{LaneOp, along, as_index_input, map_lanes};
use crate::error::{Error, Result};

/// NumPy's `numpy.partition(a, kth, axis)`: a copy of `a` in which, along
/// `axis`, each position in `kth` holds the element a full sort would put
/// there, every element before it is `<=` and every element after it `>=`
/// (in NumPy's order: NaN last, `-0.0 == 0.0`). The order within the parts
/// is unspecified, as in NumPy. `kth` counts from the end when negative;
/// `axis = None` works on the array flattened in C order.
///
/// # Errors
/// [`Error::AxisOutOfBounds`](crate::Error::AxisOutOfBounds) for a bad
/// `axis`; [`Error::InvalidArgument`] with NumPy's message
/// (`kth(=3) out of bounds (3)`) for a `kth` outside `-n..n`, `n` the length
/// of the axis (not checked when `a` is empty, as in NumPy).
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![5.0, f64::NAN, 1.0, 4.0, 2.0, 3.0];
/// let p = numvec::partition(&a, &[2], Some(0))?;
/// assert_eq!(p[2], 3.0);
/// assert!(p.iter().take(2).all(|&v| v < 3.0) && p.iter().skip(3).all(|&v| !(v < 3.0)));
/// assert!(numvec::partition(&array![1, 2, 3], &[3], Some(0)).is_err());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn partition<'a, A: Sortable, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    kth: &[isize],
    axis: Option<isize>,
) -> Result<ArrayD<A>> {
    let a = a.into().into_dyn();
    let (x, ax) = along(&a, axis)?;
    let n = x.shape()[ax];
    let kth = positions(kth, n, x.is_empty())?;
    map_lanes(x.view(), ax, n, &PartitionValues { kth })
}

/// NumPy's `numpy.argpartition(a, kth, axis)`: the indices (`i64`) that
/// partition `a` along `axis` as [`partition`] does: `a[idx]` along the
/// axis is a partition of `a` around every position in `kth`.
///
/// # Errors
/// As [`partition`].
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[9, 1, 8, 2, 7], [0, 6, 3, 5, 4]];
/// let idx = numvec::argpartition(&a, &[-2], Some(1))?;
/// // The two largest of each row are in the last two places.
/// assert_eq!(a[[0, idx[[0, 3]] as usize]], 8);
/// assert_eq!(a[[1, idx[[1, 4]] as usize]], 6);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn argpartition<'a, A: Sortable, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    kth: &[isize],
    axis: Option<isize>,
) -> Result<ArrayD<i64>> {
    let a = as_index_input(a.into().into_dyn());
    let (x, ax) = along(&a, axis)?;
    let n = x.shape()[ax];
    let kth = positions(kth, n, x.is_empty())?;
    map_lanes(x.view(), ax, n, &PartitionIndices { kth })
}

/// The `kth` positions in `0..n`, sorted and without repeats.
///
/// # Errors
/// [`Error::InvalidArgument`] for a position outside `-n..n`, unless the
/// array is empty (NumPy checks nothing then).
fn positions(kth: &[isize], n: usize, empty: bool) -> Result<Vec<usize>> {
    if empty {
        return Ok(Vec::new());
    }
    let len = n as isize;
    let mut positions = kth
        .iter()
        .map(|&k| {
            let k = if k < 0 { k + len } else { k };
            if (0..len).contains(&k) {
                Ok(k as usize)
            } else {
                Err(Error::InvalidArgument(format!("kth(={k}) out of bounds ({n})")))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    positions.sort_unstable();
    positions.dedup();
    Ok(positions)
}

/// Puts the item of every position of `kth` (sorted, in range) in its sorted
/// place, with smaller items before and larger after: one selection per
/// position, each in the part right of the previous one.
fn select<T>(items: &mut [T], kth: &[usize], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut start = 0;
    for &k in kth {
        items[start..].select_nth_unstable_by(k - start, &mut compare);
        start = k + 1;
    }
}

/// Every `kth` within this many positions of one end of the lane: the end
/// is selected in one pass and sorted, the rest keeps its input order.
const END_LEN: usize = 64;

/// The partition of a lane when every `kth` lies near one end: the elements
/// that belong at that end are found in one pass (with `O(END_LEN)` memory)
/// and sorted there; the others keep their input order. Stores `at(i)` for
/// each position's index `i` into `out`; returns `false` (storing nothing)
/// when the `kth` are not all near one end.
fn partition_end<A: Sortable, C>(x: &[A], kth: &[usize], out: &mut [MaybeUninit<C>], at: impl Fn(usize) -> C) -> bool {
    let (Some(&first), Some(&last)) = (kth.first(), kth.last()) else { return false };
    let n = x.len();
    let mut best = Best::with_capacity(END_LEN);
    let end_len = if last < END_LEN {
        select_lane::<A, Smallest>(x, last + 1, &mut best);
        last + 1
    } else if n - first <= END_LEN {
        select_lane::<A, Greatest>(x, n - first, &mut best);
        n - first
    } else {
        return false;
    };
    let mut end: Vec<usize> = best.take(true).iter().map(|c| c.index).collect();
    let mut chosen = end.clone();
    chosen.sort_unstable();
    let (end_out, rest_out) = if last < END_LEN {
        out.split_at_mut(end_len)
    } else {
        end.reverse();
        let (rest_out, end_out) = out.split_at_mut(n - end_len);
        (end_out, rest_out)
    };
    end_out.iter_mut().zip(end).for_each(|(o, i)| *o = MaybeUninit::new(at(i)));
    // The other indices in order: the runs between the chosen ones.
    let (mut from, mut rest_out) = (0, rest_out);
    for to in chosen.into_iter().chain([n]) {
        let (run, tail) = rest_out.split_at_mut(to - from);
        run.iter_mut().zip(from..to).for_each(|(o, i)| *o = MaybeUninit::new(at(i)));
        (from, rest_out) = (to + 1, tail);
    }
    true
}

/// Partitions each lane's values through their value keys.
struct PartitionValues {
    kth: Vec<usize>,
}

impl<A: Sortable> LaneOp<A, A> for PartitionValues {
    fn lane(&self, x: &[A], out: &mut [MaybeUninit<A>]) {
        if partition_end(x, &self.kth, out, |i| x[i]) {
            return;
        }
        let mut keys: Vec<A::Key> = x.iter().map(|v| v.value_key()).collect();
        select(&mut keys, &self.kth, Ord::cmp);
        out.iter_mut().zip(&keys).for_each(|(o, &key)| *o = MaybeUninit::new(A::from_value_key(key)));
    }
}

/// Partitions each lane's indices through (order key, index) pairs.
struct PartitionIndices {
    kth: Vec<usize>,
}

impl<A: Sortable> LaneOp<A, i64> for PartitionIndices {
    fn lane(&self, x: &[A], out: &mut [MaybeUninit<i64>]) {
        if partition_end(x, &self.kth, out, |i| i as i64) {
            return;
        }
        let mut items: Vec<Indexed<A::Key>> =
            x.iter().enumerate().map(|(index, v)| Indexed { key: v.order_key(), index }).collect();
        select(&mut items, &self.kth, |a, b| a.key.cmp(&b.key));
        out.iter_mut().zip(&items).for_each(|(o, item)| *o = MaybeUninit::new(item.index as i64));
    }
}
