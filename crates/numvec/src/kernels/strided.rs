//! Borrowed strided access to the elements of an ndarray view.
//!
//! A [`Source`] regroups the axes of a view into a few merged dimensions and
//! hands out [`Lane`]s: runs of elements along its last dimension. Both only
//! ever address elements of the view they were built from, which is what
//! makes reading through them sound.

use std::marker::PhantomData;

use ndarray::ArrayViewD;

/// `len` elements, `stride` elements apart, borrowed for `'a` from a view.
///
/// Invariant: for every `i < len`, `ptr.wrapping_offset(i * stride)` points
/// to an initialized element of an ndarray view that is borrowed (not
/// mutably aliased) for `'a`.
#[derive(Debug)]
pub(crate) struct Lane<'a, T> {
    ptr: *const T,
    len: usize,
    stride: isize,
    marker: PhantomData<&'a [T]>,
}

impl<T> Clone for Lane<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lane<'_, T> {}

// SAFETY: a `Lane` is a shared borrow of `T`s, like `&'a [T]`, which may be
// sent to and shared with other threads when `T: Sync`.
unsafe impl<T: Sync> Send for Lane<'_, T> {}
// SAFETY: as above; a `Lane` only ever reads its elements.
unsafe impl<T: Sync> Sync for Lane<'_, T> {}

impl<'a, T: Copy> Lane<'a, T> {
    /// The elements of a slice, in order.
    pub(crate) fn from_slice(slice: &'a [T]) -> Self {
        Lane { ptr: slice.as_ptr(), len: slice.len(), stride: 1, marker: PhantomData }
    }

    /// The number of elements.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The elements as a slice when they are contiguous.
    pub(crate) fn as_slice(&self) -> Option<&'a [T]> {
        match self.len {
            0 => Some(&[]),
            1 => Some(std::slice::from_ref(self.first())),
            // SAFETY: with unit stride the `len` elements at `ptr..ptr + len`
            // are initialized elements of a view borrowed for `'a` (the type
            // invariant), so they form a valid shared slice.
            len if self.stride == 1 => Some(unsafe { std::slice::from_raw_parts(self.ptr, len) }),
            _ => None,
        }
    }

    fn first(&self) -> &'a T {
        assert!(self.len > 0);
        // SAFETY: `len > 0`, so `ptr` is element 0 of the lane: initialized
        // and borrowed for `'a` (the type invariant).
        unsafe { &*self.ptr }
    }

    /// Elements `start..start + len` as a lane.
    ///
    /// # Panics
    /// When the range is not inside the lane.
    pub(crate) fn sub(&self, start: usize, len: usize) -> Self {
        assert!(start <= self.len && len <= self.len - start);
        Lane {
            ptr: self.ptr.wrapping_offset(start as isize * self.stride),
            len,
            stride: self.stride,
            marker: PhantomData,
        }
    }

    /// The elements as a slice: borrowed when contiguous, otherwise copied
    /// into `buf` (replacing its contents).
    #[inline]
    pub(crate) fn as_slice_or_copy<'b>(&self, buf: &'b mut Vec<T>) -> &'b [T]
    where
        'a: 'b,
    {
        if let Some(slice) = self.as_slice() {
            return slice;
        }
        buf.clear();
        self.append_to(buf);
        buf
    }

    /// Appends the elements to `buf`.
    pub(crate) fn append_to(&self, buf: &mut Vec<T>) {
        let (ptr, stride) = (self.ptr, self.stride);
        // SAFETY: `i` runs over 0..len, so each read is of an element of the
        // lane, valid for reads by the type invariant.
        buf.extend((0..self.len).map(|i| unsafe { *ptr.wrapping_offset(i as isize * stride) }));
    }
}

/// The elements of a view, regrouped into merged dimensions.
///
/// Each dimension of a `Source` is a group of axes of the view that can be
/// walked with a single stride; the last dimension is the lane dimension.
#[derive(Debug)]
pub(crate) struct Source<'a, T> {
    ptr: *const T,
    /// (length, stride) of each dimension, outer to inner.
    dims: Vec<(usize, isize)>,
    /// The product of the lengths of all dimensions but the last.
    outer_len: usize,
    marker: PhantomData<&'a [T]>,
}

// SAFETY: a `Source` is a shared borrow of the view's elements, like
// `ArrayView<'a, T>`, which is `Send` and `Sync` when `T: Sync`.
unsafe impl<T: Sync> Send for Source<'_, T> {}
// SAFETY: as above; a `Source` only ever reads.
unsafe impl<T: Sync> Sync for Source<'_, T> {}

impl<T> Source<'_, T> {
    /// (length, stride) of each dimension.
    pub(crate) fn dims(&self) -> &[(usize, isize)] {
        &self.dims
    }
}

impl<'a, T: Copy> Source<'a, T> {
    /// Regroups the axes of `view`: `groups[d]` lists, outer to inner, the
    /// axes merged into dimension `d` (an empty group is a dimension of length 1).
    ///
    /// # Panics
    /// When `groups` is empty, names an axis twice or out of range, leaves out
    /// an axis whose length is not 1, or groups axes that cannot be walked
    /// with one stride (a planning error, never a user error).
    pub(crate) fn new(view: &ArrayViewD<'a, T>, groups: &[Vec<usize>]) -> Self {
        let (shape, strides) = (view.shape(), view.strides());
        assert!(!groups.is_empty(), "a source needs at least one dimension");
        let mut used = vec![false; shape.len()];
        let mut dims = Vec::with_capacity(groups.len());
        for group in groups {
            let (mut len, mut stride) = (1usize, 0isize);
            // Walk inner to outer: each axis of length > 1 must continue the
            // run of the axes inside it.
            for &axis in group.iter().rev() {
                assert!(!std::mem::replace(&mut used[axis], true), "axis {axis} grouped twice");
                let n = shape[axis];
                if n == 1 {
                    continue;
                }
                if len > 1 {
                    assert_eq!(strides[axis], stride * len as isize, "axis {axis} cannot merge");
                } else {
                    stride = strides[axis];
                }
                len *= n;
            }
            dims.push((len, stride));
        }
        for (axis, &used) in used.iter().enumerate() {
            assert!(used || shape[axis] == 1, "axis {axis} of length {} left out", shape[axis]);
        }
        let outer_len = dims[..dims.len() - 1].iter().map(|&(n, _)| n).product();
        Source { ptr: view.as_ptr(), dims, outer_len, marker: PhantomData }
    }

    /// Elements `start..start + len` of the lane at flat position `outer`
    /// (C order) over all dimensions but the last.
    ///
    /// # Panics
    /// When `outer` or the range is out of bounds.
    #[inline]
    pub(crate) fn lane(&self, outer: usize, start: usize, len: usize) -> Lane<'a, T> {
        let (lane_len, lane_stride) = self.dims[self.dims.len() - 1];
        assert!(outer < self.outer_len && start <= lane_len && len <= lane_len - start);
        let mut offset = start as isize * lane_stride;
        let mut rest = outer;
        let outer_dims = &self.dims[..self.dims.len() - 1];
        if let [(_, stride)] = outer_dims {
            offset += rest as isize * stride;
        } else {
            for &(n, stride) in outer_dims.iter().rev() {
                offset += (rest % n) as isize * stride;
                rest /= n;
            }
        }
        // Every index above is inside its dimension, so each element of the
        // lane is an element of the view (see `new`): the `Lane` invariant holds.
        Lane { ptr: self.ptr.wrapping_offset(offset), len, stride: lane_stride, marker: PhantomData }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array3, Axis, s};

    use super::*;

    #[test]
    fn lanes_follow_grouped_dimensions() {
        let a = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| 100 * i + 10 * j + k);
        let view = a.view().into_dyn();
        let src = Source::new(&view, &[vec![0], vec![1, 2]]);
        assert_eq!(src.dims(), &[(2, 12), (12, 1)]);
        let lane = src.lane(1, 4, 5);
        assert_eq!(lane.as_slice().unwrap(), &[110, 111, 112, 113, 120]);

        let src = Source::new(&view, &[vec![1, 2], vec![0]]);
        let lane = src.lane(3, 0, 2);
        assert!(lane.as_slice().is_none());
        let mut buf = Vec::new();
        assert_eq!(lane.as_slice_or_copy(&mut buf), &[3, 103]);
        assert_eq!(lane.sub(1, 1).as_slice().unwrap(), &[103]);
    }

    #[test]
    fn negative_strides_and_unit_axes() {
        let a = Array3::from_shape_fn((1, 3, 4), |(_, j, k)| 10 * j + k);
        let mut view = a.slice(s![.., ..;-1, ..]).into_dyn();
        let src = Source::new(&view, &[vec![1], vec![2]]);
        assert_eq!(src.lane(0, 0, 4).as_slice().unwrap(), &[20, 21, 22, 23]);
        view.invert_axis(Axis(1));
        let src = Source::new(&view, &[vec![1, 2]]);
        assert_eq!(src.lane(0, 3, 2).as_slice().unwrap(), &[3, 10]);
    }

    #[test]
    #[should_panic(expected = "cannot merge")]
    fn rejects_unmergeable_groups() {
        let a = Array3::<u8>::zeros((2, 3, 4));
        let view = a.slice(s![.., .., ..3]).into_dyn();
        let _ = Source::new(&view, &[vec![0, 1, 2]]);
    }
}
