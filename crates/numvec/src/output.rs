//! Allocation of results. Results are zero-allocated (fresh pages come zeroed
//! from the system, so nothing is written twice), and large ones are backed
//! by transparent huge pages, which makes their first write several times
//! cheaper.

use ndarray::{Array, Dimension};

use crate::axis::checked_size;
use crate::element::Element;
use crate::error::Result;
use crate::kernels::hugepages::advise_huge_pages;

/// A zero-filled array of shape `dim` in standard layout, ready to be written.
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
