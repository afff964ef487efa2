//! Gather and scatter through integer index arrays: the inner loops of
//! NumPy's advanced indexing (`a[idx]`, `a[idx] = v`, `np.add.at`).
//!
//! A [`Selection`] lists the positions an index picks in a strided view as
//! *rows*: each row is one position of the leading axes and of the index
//! arrays' broadcast shape, and covers a block of the view's remaining
//! (trailing) axes. It checks every index while it is built, so the loops
//! below only ever touch elements of the view.

use std::borrow::Cow;
use std::mem::MaybeUninit;

use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, Zip};
use rayon::prelude::*;

use super::hugepages::advise_huge_pages;
use super::prefetch;

/// Results at least this large are gathered on rayon's pool.
const PARALLEL_MIN_LEN: usize = 1 << 15;

/// How many rows ahead `gather` and `walk_with_values` prefetch the rows
/// they will copy or update.
const PREFETCH_ROWS_AHEAD: usize = 4;

/// Updates through `ufunc.at` split the target among threads when rows are
/// at least this long: every thread visits every row, so shorter rows cost
/// more to skip than they take to update.
const SPLIT_MIN_ROW_LEN: usize = 16;

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
pub(crate) struct Selection<'i> {
    /// Shape and strides of the view the positions belong to.
    shape: Vec<usize>,
    strides: Vec<isize>,
    /// Offsets of each position of the leading axes (outer loop).
    lead: Vec<isize>,
    /// Offsets of each position of the broadcast index shape (inner loop).
    cross: Cross<'i>,
    /// (length, stride) of the trailing axes, outer to inner.
    inner: Vec<(usize, isize)>,
}

/// The offsets of the positions of the broadcast index shape.
#[derive(Debug)]
enum Cross<'i> {
    /// Offsets computed from the index arrays.
    Offsets(Vec<isize>),
    /// One contiguous array of checked indices into an axis of length `size`
    /// and `stride`, turned into offsets as they are visited (which spares
    /// writing and reading a second array as long as the indices).
    Indices { indices: &'i [i64], size: usize, stride: isize },
}

impl Cross<'_> {
    fn len(&self) -> usize {
        match self {
            Cross::Offsets(offsets) => offsets.len(),
            Cross::Indices { indices, .. } => indices.len(),
        }
    }

    /// Calls `f(base + offset, item)` for the offsets of positions `range`,
    /// each with the next of `items`.
    #[inline]
    fn for_each_offset<V>(
        &self,
        range: std::ops::Range<usize>,
        base: isize,
        items: &mut impl Iterator<Item = V>,
        f: &mut impl FnMut(isize, V),
    ) {
        match *self {
            Cross::Offsets(ref offsets) => {
                offsets[range].iter().zip(items).for_each(|(&offset, item)| f(base + offset, item))
            }
            Cross::Indices { indices, size, stride } => indices[range].iter().zip(items).for_each(|(&index, item)| {
                let position = if index < 0 { index + size as i64 } else { index };
                f(base + position as isize * stride, item);
            }),
        }
    }
}

impl<'i> Selection<'i> {
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
        arrays: &[(usize, ArrayViewD<'i, i64>)],
        leading: usize,
    ) -> Result<Self, BadIndex> {
        let mut indexed = vec![false; shape.len()];
        for (axis, _) in arrays {
            assert!(!std::mem::replace(&mut indexed[*axis], true), "axis {axis} indexed twice");
        }
        let cross = match arrays {
            [(axis, indices)] if indices.is_standard_layout() => {
                let indices = indices.to_slice().expect("standard layout");
                let (size, stride) = (shape[*axis], strides[*axis]);
                if !all_in_bounds(indices, size) {
                    return Err(first_out_of_bounds(0, indices.iter(), size));
                }
                Cross::Indices { indices, size, stride }
            }
            _ => Cross::Offsets(checked_offsets(shape, strides, arrays)?),
        };
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

    /// Calls `f(offset, item)` for each row in `rows`, with the row's offset
    /// (from the view's origin to its first element) and the next of `items`.
    #[inline]
    fn for_each_row<V>(
        &self,
        rows: std::ops::Range<usize>,
        items: impl IntoIterator<Item = V>,
        mut f: impl FnMut(isize, V),
    ) {
        if rows.is_empty() {
            return;
        }
        let mut items = items.into_iter();
        let n = self.cross.len();
        let (mut lead, mut skip, mut left) = (rows.start / n, rows.start % n, rows.len());
        while left > 0 {
            let take = (n - skip).min(left);
            self.cross.for_each_offset(skip..skip + take, self.lead[lead], &mut items, &mut f);
            (lead, skip, left) = (lead + 1, 0, left - take);
        }
    }

    /// The offsets of rows `rows`, listed so that loops over them can look
    /// ahead (borrowed when the index arrays alone pick the rows).
    fn row_offsets(&self, rows: std::ops::Range<usize>) -> Cow<'_, [isize]> {
        if let (Cross::Offsets(offsets), [0]) = (&self.cross, self.lead.as_slice()) {
            return Cow::Borrowed(&offsets[rows]);
        }
        let mut offsets = Vec::with_capacity(rows.len());
        self.for_each_row(rows, std::iter::repeat(()), |offset, ()| offsets.push(offset));
        Cow::Owned(offsets)
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

/// The offsets (C order of the broadcast index shape) that `arrays` pick:
/// each array's own indices (a broadcast axis read once) turned into
/// offsets along its axis, then summed over the broadcast shape.
///
/// # Errors
/// The first index out of bounds, visiting the arrays in order and each in C order.
fn checked_offsets(
    shape: &[usize],
    strides: &[isize],
    arrays: &[(usize, ArrayViewD<'_, i64>)],
) -> Result<Vec<isize>, BadIndex> {
    let Some((_, first)) = arrays.first() else {
        return Ok(vec![0]);
    };
    let mut offsets = ArrayD::<isize>::zeros(first.raw_dim());
    if let Some(fresh) = offsets.as_slice_mut() {
        advise_huge_pages(fresh);
    }
    for (array, (axis, indices)) in arrays.iter().enumerate() {
        assert_eq!(indices.shape(), offsets.shape(), "index arrays must share one shape");
        let own = without_broadcast_axes(indices);
        let size = shape[*axis];
        let part =
            axis_offsets(&own, size, strides[*axis]).ok_or_else(|| first_out_of_bounds(array, own.iter(), size))?;
        let part = part.broadcast(offsets.raw_dim()).expect("an index array broadcasts from its own axes");
        Zip::from(&mut offsets).and(&part).par_for_each(|sum, &offset| *sum += offset);
    }
    Ok(offsets.into_raw_vec_and_offset().0)
}

/// `indices` with every broadcast (zero-stride, non-empty) axis cut to its first position.
fn without_broadcast_axes<'a>(indices: &ArrayViewD<'a, i64>) -> ArrayViewD<'a, i64> {
    let mut own = indices.clone();
    for axis in 0..own.ndim() {
        if own.strides()[axis] == 0 && own.shape()[axis] > 1 {
            own.collapse_axis(Axis(axis), 0);
        }
    }
    own
}

/// `position * stride` for each index of `indices` (negative indices count
/// from the end of an axis of length `size`), or `None` when one is out of bounds.
fn axis_offsets(indices: &ArrayViewD<'_, i64>, size: usize, stride: isize) -> Option<ArrayD<isize>> {
    let mut in_bounds = true;
    let offsets = indices.mapv(|index| {
        let position = wrap_index(index, size);
        in_bounds &= position.is_some();
        position.unwrap_or_default() as isize * stride
    });
    in_bounds.then_some(offsets)
}

/// The first index of `indices` out of bounds for an axis of length `size`
/// (there must be one), as the error naming array `array`.
fn first_out_of_bounds<'a>(array: usize, mut indices: impl Iterator<Item = &'a i64>, size: usize) -> BadIndex {
    let index = indices.find(|&&i| wrap_index(i, size).is_none()).copied().unwrap_or_default();
    BadIndex { array, index }
}

/// Whether every index lies in `-size..size`, checked on rayon's pool for
/// long arrays.
fn all_in_bounds(indices: &[i64], size: usize) -> bool {
    let chunk_in_bounds = |chunk: &[i64]| match i64::try_from(size) {
        // Sizes up to 2^62 fit the branch-free test, which vectorizes.
        Ok(size) if size <= 1 << 62 => chunk.iter().fold(0, |flags, &i| flags | out_of_bounds_flag(i, size)) >= 0,
        _ => chunk.iter().all(|&i| wrap_index(i, size).is_some()),
    };
    if indices.len() < PARALLEL_MIN_LEN {
        chunk_in_bounds(indices)
    } else {
        indices.par_chunks(PARALLEL_MIN_LEN).all(chunk_in_bounds)
    }
}

/// A value whose sign bit is set when `index` lies outside `-size..size`
/// (other bits are noise), for `size <= 2^62`: branch-free and without
/// 64-bit compares, so that loops OR-ing it vectorize on any x86-64.
#[inline(always)]
fn out_of_bounds_flag(index: i64, size: i64) -> i64 {
    let shifted = index.wrapping_add(size);
    shifted | !shifted.wrapping_sub(size.wrapping_mul(2))
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
struct Origin<T>(*mut T);

impl<T> Clone for Origin<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Origin<T> {}

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
        let rows = first_row..first_row + chunk.len() / row_len;
        if inner.is_empty() {
            return copy_elements(sel, rows, origin, chunk);
        }
        let bases = sel.row_offsets(rows);
        for (r, (row, &base)) in chunk.chunks_exact_mut(row_len).zip(bases.iter()).enumerate() {
            if let (Some(&ahead), [(n, stride)]) = (bases.get(r + PREFETCH_ROWS_AHEAD), inner.as_slice()) {
                prefetch::strided(origin.at(ahead).cast_const(), *n, *stride);
            }
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

/// The rows (of one element each) `rows` of `sel` from `origin` into `out`.
/// The offsets are listed first so that the copy loop has no other work
/// and its scattered reads wait on memory together rather than one at a time.
fn copy_elements<T: Copy>(
    sel: &Selection,
    rows: std::ops::Range<usize>,
    origin: Origin<T>,
    out: &mut [MaybeUninit<T>],
) {
    for (slot, &offset) in out.iter_mut().zip(sel.row_offsets(rows).iter()) {
        // SAFETY: `offset` is a checked element of the view `origin` points
        // into, borrowed shared by the caller.
        slot.write(unsafe { *origin.at(offset) });
    }
}

/// The range of offsets that lets every element through [`walk_with_values`].
const EVERY_OFFSET: std::ops::Range<isize> = isize::MIN..isize::MAX;

/// Calls `f(dst_offset, value)` for every selected element in row order
/// whose offset lies in `range`, with `values` the result's elements in C order.
#[inline]
fn walk_with_values<T: Copy>(
    sel: &Selection,
    origin: Origin<T>,
    values: &[T],
    range: std::ops::Range<isize>,
    mut f: impl FnMut(isize, T),
) {
    let all_rows = 0..sel.rows();
    match sel.inner.as_slice() {
        [] if range == EVERY_OFFSET => sel.for_each_row(all_rows, values, |offset, &value| f(offset, value)),
        [] => sel.for_each_row(all_rows, values, |offset, &value| {
            if range.contains(&offset) {
                f(offset, value);
            }
        }),
        &[(n, stride)] => {
            let reach = n.saturating_sub(1) as isize * stride;
            let bases = sel.row_offsets(all_rows);
            for (r, (&base, row_values)) in bases.iter().zip(values.chunks_exact(n.max(1))).enumerate() {
                if let Some(&ahead) = bases.get(r + PREFETCH_ROWS_AHEAD)
                    && range.contains(&ahead)
                {
                    prefetch::strided(origin.at(ahead).cast_const(), n, stride);
                }
                let (first, last) = if reach < 0 { (base + reach, base) } else { (base, base + reach) };
                let whole_row = range.contains(&first) && range.contains(&last);
                if whole_row || (last >= range.start && first < range.end) {
                    for (i, &value) in row_values.iter().enumerate() {
                        let offset = base + i as isize * stride;
                        if whole_row || range.contains(&offset) {
                            f(offset, value);
                        }
                    }
                }
            }
        }
        inner => {
            let row_len = sel.row_len().max(1);
            sel.for_each_row(all_rows, values.chunks_exact(row_len), |base, row_values| {
                let mut row_values = row_values.iter();
                for_each_offset(inner, base, &mut |offset| {
                    let value = row_values.next().copied();
                    if let Some(value) = value.filter(|_| range.contains(&offset)) {
                        f(offset, value);
                    }
                });
            });
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
    let origin = Origin(dst.as_mut_ptr());
    let values = values.as_standard_layout();
    let values = values.as_slice().expect("standard layout");
    walk_with_values(sel, origin, values, EVERY_OFFSET, |offset, value| {
        // SAFETY: `offset` is a checked element of `dst`, borrowed exclusively.
        unsafe { *origin.at(offset) = value };
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
    let split = work >= PARALLEL_MIN_LEN && sel.row_len() >= SPLIT_MIN_ROW_LEN;
    let tasks = if split { rayon::current_num_threads().max(1) } else { 1 };
    let width = (high - low) / tasks as isize + 1;
    let values = values.as_standard_layout();
    let values = values.as_slice().expect("standard layout");
    let update_range = |task: usize| {
        let range =
            if tasks == 1 { EVERY_OFFSET } else { low + task as isize * width..low + (task as isize + 1) * width };
        walk_with_values(sel, origin, values, range, |offset, value| {
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
    fn branch_free_bounds_test_agrees_with_wrap_index() {
        for size in [0_i64, 1, 2, 1000, 1 << 40, 1 << 62] {
            for index in [i64::MIN, i64::MIN + 1, -size - 1, -size, -1, 0, size - 1, size, i64::MAX - 1, i64::MAX] {
                let flagged = out_of_bounds_flag(index, size) < 0;
                assert_eq!(flagged, wrap_index(index, size as usize).is_none(), "index {index}, size {size}");
                assert_eq!(all_in_bounds(&[index], size as usize), !flagged);
            }
        }
        let huge = i64::MAX as usize;
        assert!(all_in_bounds(&[i64::MAX - 1, -i64::MAX], huge));
        assert!(!all_in_bounds(&[i64::MAX], huge) && !all_in_bounds(&[i64::MIN], huge));
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
