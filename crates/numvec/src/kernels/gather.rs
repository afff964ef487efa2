//! Gather and scatter through integer index arrays: the inner loops of
//! NumPy's advanced indexing (`a[idx]`, `a[idx] = v`, `np.add.at`).
//!
//! A [`Selection`] lists the positions an index picks in a strided view as
//! *rows*: each row is one position of the leading axes and of the index
//! arrays' broadcast shape, and covers a block of the view's remaining
//! (trailing) axes. It checks every index while it is built, so the loops
//! below only ever touch elements of the view.

use std::mem::MaybeUninit;

use ndarray::{ArrayViewD, ArrayViewMutD};
use rayon::prelude::*;

/// Results at least this large are gathered on rayon's pool.
const PARALLEL_MIN_LEN: usize = 1 << 15;

/// `index` wrapped into `0..size` (negative counts from the end), or `None`
/// when it is out of bounds.
#[inline]
pub(crate) fn wrap_index(index: i64, size: usize) -> Option<usize> {
    let size = size as i64;
    let wrapped = if index < 0 { index.wrapping_add(size) } else { index };
    (0..size).contains(&wrapped).then_some(wrapped as usize)
}

/// An index out of bounds: which index array (in the order given) and the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadIndex {
    /// The position of the array in the list given to [`Selection::new`].
    pub array: usize,
    /// The offending index, as given.
    pub index: i64,
}

/// Checked element positions of a strided view picked by index arrays.
#[derive(Debug)]
pub(crate) struct Selection {
    /// Shape and strides of the view the positions belong to.
    shape: Vec<usize>,
    strides: Vec<isize>,
    /// Offsets of each position of the leading axes (outer loop).
    lead: Vec<isize>,
    /// Offsets of each position of the broadcast index shape (inner loop).
    cross: Vec<isize>,
    /// (length, stride) of the trailing axes, outer to inner.
    inner: Vec<(usize, isize)>,
}

impl Selection {
    /// The rows picked in a view of `shape` and `strides` by `arrays`: each
    /// `(axis, indices)` indexes `axis` of the view, all `indices` having the
    /// same (broadcast) shape. The first `leading` axes not indexed by an
    /// array form the outer loop, the others are trailing axes.
    ///
    /// # Errors
    /// The first index out of bounds, visiting the arrays in order and each in C order.
    ///
    /// # Panics
    /// When `arrays` do not share one shape or name an axis twice or out of
    /// range (a planning error).
    pub(crate) fn new(
        shape: &[usize],
        strides: &[isize],
        arrays: &[(usize, ArrayViewD<'_, i64>)],
        leading: usize,
    ) -> Result<Self, BadIndex> {
        let mut indexed = vec![false; shape.len()];
        let cross_len = arrays.first().map_or(1, |(_, indices)| indices.len());
        let mut cross = vec![0isize; cross_len];
        for (array, (axis, indices)) in arrays.iter().enumerate() {
            assert!(!std::mem::replace(&mut indexed[*axis], true), "axis {axis} indexed twice");
            assert_eq!(indices.len(), cross_len, "index arrays must share one shape");
            let (size, stride) = (shape[*axis], strides[*axis]);
            for (offset, &index) in cross.iter_mut().zip(indices.iter()) {
                let position = wrap_index(index, size).ok_or(BadIndex { array, index })?;
                *offset += position as isize * stride;
            }
        }
        let rest: Vec<(usize, isize)> =
            (0..shape.len()).filter(|&axis| !indexed[axis]).map(|axis| (shape[axis], strides[axis])).collect();
        let (lead_axes, inner) = rest.split_at(leading);
        Ok(Selection {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            lead: all_offsets(lead_axes),
            cross,
            inner: inner.to_vec(),
        })
    }

    /// The number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.lead.len() * self.cross.len()
    }

    /// The number of elements in each row.
    pub(crate) fn row_len(&self) -> usize {
        self.inner.iter().map(|&(n, _)| n).product()
    }

    /// The offset of row `r`'s first element from the view's origin.
    #[inline]
    fn row_offset(&self, r: usize) -> isize {
        let n = self.cross.len();
        if self.lead.len() == 1 { self.lead[0] + self.cross[r] } else { self.lead[r / n] + self.cross[r % n] }
    }

    fn assert_matches(&self, shape: &[usize], strides: &[isize]) {
        assert!(shape == self.shape && strides == self.strides, "selection built for another view");
    }

    /// The trailing axes merged where one stride walks them, without unit axes.
    fn merged_inner(&self) -> Vec<(usize, isize)> {
        let mut merged: Vec<(usize, isize)> = Vec::new();
        for &(n, stride) in self.inner.iter().filter(|&&(n, _)| n != 1) {
            match merged.last_mut() {
                Some((outer_n, outer_stride)) if *outer_stride == stride * n as isize => {
                    *outer_n *= n;
                    *outer_stride = stride;
                }
                _ => merged.push((n, stride)),
            }
        }
        merged
    }
}

/// The offsets of every position (C order) of axes given as (length, stride).
fn all_offsets(axes: &[(usize, isize)]) -> Vec<isize> {
    axes.iter().fold(vec![0isize], |outer, &(n, stride)| {
        outer.iter().flat_map(|&base| (0..n).map(move |i| base + i as isize * stride)).collect()
    })
}

/// Calls `f(offset)` for every element (C order) of a block of axes given
/// as (length, stride), starting at `base`.
#[inline]
fn for_each_offset(axes: &[(usize, isize)], base: isize, f: &mut impl FnMut(isize)) {
    match axes {
        [] => f(base),
        [(n, stride)] => (0..*n).for_each(|i| f(base + i as isize * stride)),
        [(n, stride), rest @ ..] => (0..*n).for_each(|i| for_each_offset(rest, base + i as isize * stride, f)),
    }
}

/// A pointer to a view's origin that may cross threads.
#[derive(Clone, Copy)]
struct Origin<T>(*mut T);

impl<T> Origin<T> {
    /// The element `offset` elements from the origin (a method, so that
    /// closures capture the whole `Origin` rather than its raw pointer).
    #[inline(always)]
    fn at(self, offset: isize) -> *mut T {
        self.0.wrapping_offset(offset)
    }
}

// SAFETY: an `Origin` is only dereferenced at offsets of a `Selection` checked
// against the view it came from, by code holding that view's borrow (shared
// for reads, exclusive for writes, with disjoint offsets per thread).
unsafe impl<T: Send> Send for Origin<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Origin<T> {}

/// Copies the selected rows of `src` into `out` (rows times row length
/// elements, in row order), in parallel for large results.
///
/// # Panics
/// When `sel` was built for a view of another shape or strides, or `out`
/// has the wrong length.
pub(crate) fn gather<T: Copy + Send + Sync>(src: &ArrayViewD<'_, T>, sel: &Selection, out: &mut [MaybeUninit<T>]) {
    sel.assert_matches(src.shape(), src.strides());
    let row_len = sel.row_len();
    assert_eq!(out.len(), sel.rows() * row_len, "output length");
    if row_len == 0 {
        return;
    }
    let origin = Origin(src.as_ptr().cast_mut());
    let inner = sel.merged_inner();
    let copy_rows = |first_row: usize, chunk: &mut [MaybeUninit<T>]| {
        for (k, row) in chunk.chunks_exact_mut(row_len).enumerate() {
            let base = sel.row_offset(first_row + k);
            match inner.as_slice() {
                [(_, 1)] => {
                    // SAFETY: the row's elements are `row_len` consecutive
                    // elements of `src` (unit stride) at checked offsets, and
                    // `row` is a distinct output buffer of that length.
                    unsafe {
                        std::ptr::copy_nonoverlapping(
                            origin.at(base).cast_const(),
                            row.as_mut_ptr().cast::<T>(),
                            row_len,
                        )
                    }
                }
                _ => {
                    let mut slots = row.iter_mut();
                    for_each_offset(&inner, base, &mut |offset| {
                        // SAFETY: `offset` is a checked element of `src`
                        // (borrowed shared for this call).
                        let value = unsafe { *origin.at(offset) };
                        if let Some(slot) = slots.next() {
                            slot.write(value);
                        }
                    });
                }
            }
        }
    };
    if out.len() < PARALLEL_MIN_LEN {
        copy_rows(0, out);
    } else {
        let rows_per_task = (PARALLEL_MIN_LEN / row_len).max(1);
        out.par_chunks_mut(rows_per_task * row_len).enumerate().for_each(|(task, chunk)| {
            copy_rows(task * rows_per_task, chunk);
        });
    }
}

/// Calls `f(dst_offset, value)` for every selected element in row order
/// whose offset lies in `range`, with `values` the result's elements in C order.
#[inline]
fn walk_with_values<T: Copy>(
    sel: &Selection,
    values: &[T],
    range: std::ops::Range<isize>,
    mut f: impl FnMut(isize, T),
) {
    let mut k = 0;
    match sel.inner.as_slice() {
        [] => {
            for (r, &value) in values.iter().enumerate().take(sel.rows()) {
                let offset = sel.row_offset(r);
                if range.contains(&offset) {
                    f(offset, value);
                }
            }
        }
        &[(n, stride)] => {
            for r in 0..sel.rows() {
                let base = sel.row_offset(r);
                for (i, &value) in values[k..k + n].iter().enumerate() {
                    let offset = base + i as isize * stride;
                    if range.contains(&offset) {
                        f(offset, value);
                    }
                }
                k += n;
            }
        }
        inner => {
            for r in 0..sel.rows() {
                for_each_offset(inner, sel.row_offset(r), &mut |offset| {
                    if range.contains(&offset) {
                        f(offset, values[k]);
                    }
                    k += 1;
                });
            }
        }
    }
}

/// Writes `values` (of the result's shape) to the selected elements of
/// `dst`, in row order: with repeated positions the last write wins, as in NumPy.
///
/// # Panics
/// When `sel` was built for a view of another shape or strides, or `values`
/// has the wrong size.
pub(crate) fn assign<T: Copy + Send>(dst: &mut ArrayViewMutD<'_, T>, sel: &Selection, values: &ArrayViewD<'_, T>) {
    sel.assert_matches(dst.shape(), dst.strides());
    assert_eq!(values.len(), sel.rows() * sel.row_len(), "values length");
    let origin = dst.as_mut_ptr();
    let values = values.as_standard_layout();
    let values = values.as_slice().expect("standard layout");
    walk_with_values(sel, values, isize::MIN..isize::MAX, |offset, value| {
        // SAFETY: `offset` is a checked element of `dst`, borrowed exclusively.
        unsafe { *origin.offset(offset) = value };
    });
}

/// Updates each selected element `x` of `dst` to `op(x, v)` with `v` the
/// matching element of `values` (of the result's shape): NumPy's `ufunc.at`.
/// Each element takes its updates in row order; threads own disjoint ranges
/// of `dst`'s memory, so the result does not depend on the thread count.
///
/// # Panics
/// When `sel` was built for a view of another shape or strides, or `values`
/// has the wrong size.
pub(crate) fn accumulate<T: Copy + Send + Sync>(
    dst: &mut ArrayViewMutD<'_, T>,
    sel: &Selection,
    values: &ArrayViewD<'_, T>,
    op: impl Fn(T, T) -> T + Sync,
) {
    sel.assert_matches(dst.shape(), dst.strides());
    assert_eq!(values.len(), sel.rows() * sel.row_len(), "values length");
    let origin = Origin(dst.as_mut_ptr());
    let (low, high) = span(dst.shape(), dst.strides());
    let work = values.len();
    let tasks = if work < PARALLEL_MIN_LEN { 1 } else { rayon::current_num_threads().max(1) };
    let width = (high - low) / tasks as isize + 1;
    let values = values.as_standard_layout();
    let values = values.as_slice().expect("standard layout");
    let update_range = |task: usize| {
        let range = low + task as isize * width..low + (task as isize + 1) * width;
        walk_with_values(sel, values, range, |offset, value| {
            // SAFETY: `offset` is a checked element of `dst` (borrowed
            // exclusively for this call), and only this task updates offsets
            // in its range.
            unsafe {
                let slot = origin.at(offset);
                *slot = op(*slot, value);
            }
        });
    };
    if tasks == 1 {
        update_range(0);
    } else {
        (0..tasks).into_par_iter().for_each(update_range);
    }
}

/// The lowest and highest element offsets of a view.
fn span(shape: &[usize], strides: &[isize]) -> (isize, isize) {
    shape.iter().zip(strides).fold((0, 0), |(low, high), (&n, &stride)| {
        let reach = n.saturating_sub(1) as isize * stride;
        if reach < 0 { (low + reach, high) } else { (low, high + reach) }
    })
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, IxDyn, array};

    use super::*;

    #[test]
    fn rows_cover_trailing_axes() {
        let a = Array2::from_shape_fn((4, 3), |(i, j)| 10 * i + j).into_dyn();
        let rows = array![3_i64, -4, 3].into_dyn();
        let sel = Selection::new(a.shape(), a.strides(), &[(0, rows.view())], 0).unwrap();
        let mut out = vec![MaybeUninit::uninit(); 9];
        gather(&a.view(), &sel, &mut out);
        // SAFETY: `gather` wrote every element of `out`.
        let out: Vec<usize> = out.iter().map(|x| unsafe { x.assume_init() }).collect();
        assert_eq!(out, [30, 31, 32, 0, 1, 2, 30, 31, 32]);
    }

    #[test]
    fn bad_index_names_its_array() {
        let a = Array2::<u8>::zeros((2, 2)).into_dyn();
        let (i, j) = (array![0_i64, 1].into_dyn(), array![1_i64, 2].into_dyn());
        let err = Selection::new(a.shape(), a.strides(), &[(0, i.view()), (1, j.view())], 0).unwrap_err();
        assert_eq!(err, BadIndex { array: 1, index: 2 });
    }

    #[test]
    fn accumulation_follows_row_order() {
        let mut a = ndarray::ArrayD::<f64>::zeros(IxDyn(&[3]));
        let idx = array![1_i64, 1, 2].into_dyn();
        let sel = Selection::new(a.shape(), a.strides(), &[(0, idx.view())], 0).unwrap();
        accumulate(&mut a.view_mut(), &sel, &array![1.0, 2.0, 3.0].into_dyn().view(), |x, y| x + y);
        assert_eq!(a.as_slice().unwrap(), &[0.0, 3.0, 3.0]);
        assign(&mut a.view_mut(), &sel, &array![4.0, 5.0, 6.0].into_dyn().view());
        assert_eq!(a.as_slice().unwrap(), &[0.0, 5.0, 6.0]);
    }
}
