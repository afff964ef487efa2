//! Results written exactly once need no zeroing first. A zeroed allocation
//! costs a full extra pass over memory whenever the allocator recycles memory
//! (as it does for repeated same-size results), so results that a kernel
//! fills completely start uninitialized, as NumPy's `empty` does.

use std::mem::MaybeUninit;

use ndarray::{Array, ArrayViewMut, Dimension};

use super::hugepages::advise_huge_pages;
use crate::element::{DType, Element};

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
/// released unread. Debug builds (which the tests run) check that it did
/// for results of numbers and `bool`: the result is poisoned first, and an
/// element left poisoned panics.
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
        #[cfg(debug_assertions)]
        poison(buf);
    }
    fill(out.view_mut())?;
    #[cfg(debug_assertions)]
    if let Some(buf) = out.as_slice_memory_order() {
        assert_stored(buf);
    }
    // SAFETY: `fill` returned Ok, and by its contract it then stored every
    // element of `out` (a `Copy` type, so no drop glue is skipped).
    Ok(unsafe { out.assume_init() })
}

/// A fresh standard-layout array of shape `dim` that `store` writes through
/// an ordinary view: for kernels written for initialized outputs that store
/// each element before they read it (a matrix product whose `gemm` call does
/// not read its output, a fill followed by sums).
///
/// `store` must write each element before reading it, and every element
/// when it returns `Ok`. Debug builds (which the tests run) poison the
/// memory first, so that a read before a write gives a wrong value rather
/// than an undefined one, and panic when an element was left unstored. A
/// `bool` result (not every bit pattern of which is a value) is zeroed first.
///
/// # Errors
/// Whatever `store` returns.
pub(crate) fn stored<T: Element, D: Dimension, E>(
    dim: D,
    store: impl FnOnce(ArrayViewMut<'_, T, D>) -> Result<(), E>,
) -> Result<Array<T, D>, E> {
    filled(dim, |mut slots| {
        if T::DTYPE == DType::Bool {
            slots.fill(MaybeUninit::new(T::ZERO));
        }
        let dim = slots.raw_dim();
        // SAFETY: `slots` is the standard-layout view of a fresh array of
        // shape `dim`, borrowed mutably for the call, so the view made here
        // addresses exactly its elements and is the only access to them.
        // `MaybeUninit<T>` has `T`'s layout. Elements not yet written are
        // only read if `store` breaks its contract; `T` is a number, every
        // bit pattern of which is a value, or a zeroed `bool`.
        let view = unsafe { ArrayViewMut::from_shape_ptr(dim, slots.as_mut_ptr().cast::<T>()) };
        store(view)
    })
}

/// The byte debug builds fill fresh results with. No element whose bytes
/// all equal it is a `bool`; as a number it is a value no test stores
/// (`0xA5A5_A5A5` as `i32` is -1515870811).
#[cfg(debug_assertions)]
const POISON: u8 = 0xA5;

#[cfg(debug_assertions)]
fn poison<T>(buf: &mut [MaybeUninit<T>]) {
    // SAFETY: the bytes written are those of `buf`, and any bytes are valid
    // for `MaybeUninit`.
    unsafe { std::ptr::write_bytes(buf.as_mut_ptr(), POISON, buf.len()) }
}

/// Panics when some element of `buf` still holds the poison of [`poison`].
/// Only elements of one number's size at most are checked: those are
/// numbers and `bool`, which have no padding. A larger element (such as the
/// `(value, index)` pairs of `top_k`'s lanes) may have padding bytes, which a
/// store leaves uninitialized, so reading them back would be undefined.
#[cfg(debug_assertions)]
fn assert_stored<T>(buf: &[MaybeUninit<T>]) {
    let size = size_of::<T>();
    if size == 0 || size > size_of::<u64>() {
        return;
    }
    // SAFETY: every byte of `buf` is initialized: all were poisoned, and a
    // store can only make a byte uninitialized where `T` has padding, which
    // an element of at most 8 bytes here (a number or `bool`) does not have.
    let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), size_of_val(buf)) };
    let unstored = bytes.chunks_exact(size).position(|element| element.iter().all(|&b| b == POISON));
    assert!(unstored.is_none(), "a kernel left element {unstored:?} of a {}-element result unstored", buf.len());
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use super::*;

    #[test]
    fn results_are_checked_for_unstored_elements() {
        let whole = filled(ndarray::Ix1(5), |mut out| {
            out.iter_mut().for_each(|slot| {
                slot.write(-1_i32);
            });
            Ok::<(), ()>(())
        });
        assert_eq!(whole.unwrap().to_vec(), [-1; 5]);
        let partial = std::panic::catch_unwind(|| {
            filled(ndarray::Ix1(5), |mut out| {
                out[0].write(1.0_f64);
                Ok::<(), ()>(())
            })
        });
        assert!(partial.is_err());
    }
}
