//! Results written exactly once need no zeroing first. A zeroed allocation
//! costs a full extra pass over memory whenever the allocator recycles memory
//! (as it does for repeated same-size results), so results that a kernel
//! fills completely start uninitialized, as NumPy's `empty` does.

use std::mem::MaybeUninit;

use ndarray::{Array, ArrayViewMut, Dimension};

use super::hugepages::advise_huge_pages;

/// An element a kernel can store a `T` into: `T` itself, or an uninitialized
/// slot of a fresh result.
pub trait Slot<T>: Send {
    /// Stores `value`.
    fn set(&mut self, value: T);
}

impl<T: Send> Slot<T> for T {
    #[inline(always)]
    fn set(&mut self, value: T) {
        *self = value;
    }
}

impl<T: Send> Slot<T> for MaybeUninit<T> {
    #[inline(always)]
    fn set(&mut self, value: T) {
        self.write(value);
    }
}

/// A fresh standard-layout array of shape `dim` whose every element `fill`
/// stores; large ones are backed by huge pages.
///
/// `fill` must store every element when it returns `Ok` (the elementwise
/// kernels visit every element of their output); on `Err` the memory is
/// released unread.
///
/// # Errors
/// Whatever `fill` returns.
pub fn filled<T: Copy, D: Dimension, E>(
    dim: D,
    fill: impl FnOnce(ArrayViewMut<'_, MaybeUninit<T>, D>) -> Result<(), E>,
) -> Result<Array<T, D>, E> {
    let mut out = Array::<T, D>::uninit(dim);
    if let Some(buf) = out.as_slice_memory_order_mut() {
        advise_huge_pages(buf);
    }
    fill(out.view_mut())?;
    // SAFETY: `fill` returned Ok, and by its contract it then stored every
    // element of `out` (a `Copy` type, so no drop glue is skipped).
    Ok(unsafe { out.assume_init() })
}
