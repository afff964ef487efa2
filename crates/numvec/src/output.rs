//! Allocation of results. A result that its kernel writes completely starts
//! uninitialized, as NumPy's `empty` does; one written only in part is
//! zero-allocated (fresh pages come zeroed from the system, so nothing is
//! written twice). Large results are backed by transparent huge pages, which
//! makes the first write to fresh memory several times cheaper.

use std::convert::Infallible;
use std::mem::MaybeUninit;

use ndarray::{Array, ArrayViewMut, Dimension};

use crate::axis::checked_size;
use crate::element::Element;
use crate::error::Result;
use crate::kernels::hugepages::advise_huge_pages;
use crate::kernels::uninit::{self, filled};

/// A fresh standard-layout array of shape `dim` whose every element `fill`
/// stores, given them as one C-ordered slice.
///
/// `fill` must store every element of the slice.
///
/// # Errors
/// [`Error::TooLarge`](crate::Error::TooLarge) when the array cannot be addressed.
pub(crate) fn written<A: Copy + Send, D: Dimension>(
    dim: D,
    fill: impl FnOnce(&mut [MaybeUninit<A>]),
) -> Result<Array<A, D>> {
    checked_size(dim.slice(), size_of::<A>())?;
    let Ok(out) = filled(dim, |mut out| {
        fill(out.as_slice_mut().expect("a fresh array is contiguous"));
        Ok::<(), Infallible>(())
    });
    Ok(out)
}

/// A fresh standard-layout array of shape `dim` that `store` writes through
/// an ordinary view, each element before reading it and every one when it
/// returns `Ok` (see [`crate::kernels::uninit::stored`]).
///
/// # Errors
/// [`Error::TooLarge`](crate::Error::TooLarge) when the array cannot be
/// addressed, and whatever `store` returns.
pub(crate) fn stored<A: Element, D: Dimension>(
    dim: D,
    store: impl FnOnce(ArrayViewMut<'_, A, D>) -> Result<()>,
) -> Result<Array<A, D>> {
    checked_size(dim.slice(), size_of::<A>())?;
    uninit::stored(dim, store)
}

/// A zero-filled array of shape `dim` in standard layout, for results that
/// their kernel writes only in part.
///
/// # Errors
/// [`Error::TooLarge`](crate::Error::TooLarge) when the array cannot be addressed.
pub(crate) fn zeros<A: Element, D: Dimension>(dim: D) -> Result<Array<A, D>> {
    checked_size(dim.slice(), size_of::<A>())?;
    let mut out = Array::from_elem(dim, A::ZERO);
    if let Some(buf) = out.as_slice_memory_order_mut() {
        advise_huge_pages(buf);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use super::*;

    #[test]
    fn zeros_are_zero_in_recycled_memory() {
        let len = 200_005;
        for _ in 0..3 {
            drop(std::hint::black_box(Array2::from_elem((len, 2), f64::NAN)));
            let z = zeros::<f64, _>(ndarray::Ix2(len, 2)).unwrap();
            assert!(z.iter().all(|v| v.to_bits() == 0));
        }
    }

    #[test]
    fn written_stores_what_fill_writes_in_c_order() {
        let a = written(ndarray::Ix2(2, 3), |out| {
            out.iter_mut().enumerate().for_each(|(i, slot)| {
                slot.write(i as i64);
            });
        })
        .unwrap();
        assert_eq!(a, ndarray::array![[0, 1, 2], [3, 4, 5]]);
        assert!(written::<f64, _>(ndarray::Ix2(usize::MAX, 2), |_| unreachable!()).is_err());
    }
}
