//! Reading through an index: NumPy's `a[key]`.

use ndarray::{ArrayD, ArrayViewD, AsArray, Dimension, IxDyn};

use super::copy_of;
use super::spec::{IndexItem, resolve};
use crate::error::{Error, Result};
use crate::kernels::gather::gather;
use crate::output::written;

/// NumPy's `a[key]`: the elements `key` selects, as a new array.
///
/// Follows NumPy's rules for every combination of integers, slices
/// (negative steps included), `NewAxis`, `Ellipsis`, integer arrays (any
/// shape, broadcast together) and boolean arrays (their `nonzero()`):
/// the dimensions of the index arrays replace the indexed axes in place when
/// the arrays are adjacent in the key, and go first otherwise. A basic key
/// (no arrays) selects what [`view`] borrows.
///
/// # Errors
/// NumPy's `IndexError`s: [`Error::IndexOutOfBounds`] for an index out of
/// bounds; [`Error::Index`] for too many indices, a second `...`, a boolean
/// array whose shape does not match, or index arrays that do not broadcast;
/// [`Error::InvalidArgument`] for a zero slice step.
///
/// # Example
/// ```
/// use ndarray::{array, Array3};
/// use numvec::idx;
/// let batch = Array3::from_shape_fn((2, 3, 3), |(b, i, j)| (100 * b + 10 * i + j) as f64);
/// // The seed's batch diagonal: batch[b_idx, n_idx, n_idx]
/// let (b_idx, n_idx) = (array![[0_i64], [1]], array![[0_i64, 1, 2]]);
/// let diagonals = numvec::index::get(&batch, &idx![&b_idx, &n_idx, &n_idx])?;
/// assert_eq!(diagonals, array![[0.0, 11.0, 22.0], [100.0, 111.0, 122.0]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn get<'a, A, D>(a: impl AsArray<'a, A, D>, key: &[IndexItem<'_>]) -> Result<ArrayD<A>>
where
    A: Copy + Send + Sync + 'a,
    D: Dimension,
{
    get_dyn(a.into().into_dyn(), key)
}

fn get_dyn<A: Copy + Send + Sync>(a: ArrayViewD<'_, A>, key: &[IndexItem<'_>]) -> Result<ArrayD<A>> {
    let resolved = resolve(a.shape(), key)?;
    let plan = resolved.plan()?;
    let view = a.slice_move(plan.slice_info()?);
    if plan.is_basic() {
        return Ok(copy_of(&view));
    }
    let selection = plan.select(view.shape(), view.strides())?;
    let shape = plan.result_shape(view.shape());
    written(IxDyn(&shape), |out| gather(&view, &selection, out))
}

/// NumPy's `a[key]` for a basic key (integers, slices, `NewAxis`,
/// `Ellipsis`): a view of `a`, as NumPy returns.
///
/// # Errors
/// As [`get`]; [`Error::InvalidArgument`] when `key` has arrays (advanced
/// indexing copies: use [`get`]).
///
/// # Example
/// ```
/// use ndarray::{array, Array2};
/// use numvec::idx;
/// use numvec::index::NewAxis;
/// let a = Array2::from_shape_fn((3, 4), |(i, j)| 10 * i + j);
/// let v = numvec::index::view(&a, &idx![-1, ..;-2, NewAxis])?;
/// assert_eq!(v, array![[23], [21]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn view<'a, A, D>(a: impl AsArray<'a, A, D>, key: &[IndexItem<'_>]) -> Result<ArrayViewD<'a, A>>
where
    A: 'a,
    D: Dimension,
{
    let a = a.into().into_dyn();
    let resolved = resolve(a.shape(), key)?;
    let plan = resolved.plan()?;
    if !plan.is_basic() {
        return Err(Error::InvalidArgument("an index with arrays selects a copy, not a view: use `get`".into()));
    }
    Ok(a.slice_move(plan.slice_info()?))
}
