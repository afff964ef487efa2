//! Products of whole arrays that are not matrix products: NumPy's `outer`.

use std::borrow::Cow;
use std::mem::MaybeUninit;

use ndarray::{Array2, ArrayView, AsArray, Dim, Dimension};
use rayon::prelude::*;

use crate::element::Element;
use crate::elementwise::PARALLEL_MIN_LEN;
use crate::error::Result;
use crate::kernels::uninit::Slot;
use crate::output::written;

/// NumPy's `numpy.outer(a, b)`: both inputs are flattened in C order and
/// `result[i, j] = a[i] * b[j]` (wrapping for integers, logical and for
/// `bool`, as NumPy's `multiply`). The result has shape `(a.len(), b.len())`.
///
/// # Errors
/// [`Error::TooLarge`](crate::Error::TooLarge) when `a.len() * b.len()`
/// elements cannot be allocated.
///
/// # Example
/// ```
/// use ndarray::array;
/// let r = numvec::outer(&array![1.0, 2.0], &array![[1.0, 10.0], [100.0, 1000.0]])?;
/// assert_eq!(r, array![[1.0, 10.0, 100.0, 1000.0], [2.0, 20.0, 200.0, 2000.0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn outer<'a, A: Element, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, A, D1>,
    b: impl AsArray<'a, A, D2>,
) -> Result<Array2<A>> {
    let (a, b): (ArrayView<'_, A, D1>, ArrayView<'_, A, D2>) = (a.into(), b.into());
    let (m, n) = (a.len(), b.len());
    // Checked before flattening: a broadcast input may be far larger than memory.
    written(Dim([m, n]), |out| {
        if out.is_empty() {
            return;
        }
        let (a, b) = (flat(a), flat(b));
        let row =
            |(row, &x): (&mut [MaybeUninit<A>], &A)| row.iter_mut().zip(b.iter()).for_each(|(o, &y)| o.set(x.mul(y)));
        if m * n >= PARALLEL_MIN_LEN {
            out.par_chunks_mut(n).zip(a.par_iter()).with_min_len((PARALLEL_MIN_LEN / n).max(1)).for_each(row);
        } else {
            out.chunks_mut(n).zip(a.iter()).for_each(row);
        }
    })
}

/// The elements of `x` in C order, borrowed when `x` is contiguous.
fn flat<'v, A: Clone, D: Dimension>(x: ArrayView<'v, A, D>) -> Cow<'v, [A]> {
    match x.to_slice() {
        Some(slice) => Cow::Borrowed(slice),
        None => Cow::Owned(x.iter().cloned().collect()),
    }
}
