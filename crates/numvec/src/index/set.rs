//! Writing through an index: NumPy's `a[key] = value`.

use ndarray::{ArrayViewD, ArrayViewMut, AsArray, Axis, Dimension, IxDyn};

use super::spec::{IndexItem, resolve};
use crate::error::{Error, Result, fmt_shape};
use crate::kernels::gather::assign;

/// NumPy's `a[key] = value`: writes `value`, broadcast to the shape of
/// `a[key]`, to the elements `key` selects (see [`get`](super::get) for the
/// rules). With repeated indices the last write wins, as in NumPy.
///
/// # Errors
/// The indexing errors of [`get`](super::get); [`Error::Shape`] when `value`
/// does not broadcast to the selection (NumPy's `ValueError`). Nothing is
/// written on error.
///
/// # Example
/// ```
/// use ndarray::{array, arr0};
/// use numvec::idx;
/// let mut scores = array![[0.5, 0.1, 0.2], [0.3, 0.4, 0.9]];
/// let causal = array![[false, true, true], [false, false, true]];
/// numvec::index::set(&mut scores, &idx![&causal], &arr0(f64::NEG_INFINITY))?;
/// assert_eq!(scores[[0, 1]], f64::NEG_INFINITY);
/// numvec::index::set(&mut scores, &idx![.., 0], &array![1.0, 2.0])?;
/// assert_eq!(scores.column(0), array![1.0, 2.0]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn set<'o, 'v, A, D, E>(
    a: impl Into<ArrayViewMut<'o, A, D>>,
    key: &[IndexItem<'_>],
    value: impl AsArray<'v, A, E>,
) -> Result<()>
where
    A: Copy + Send + Sync + 'o + 'v,
    D: Dimension,
    E: Dimension,
{
    let a = a.into().into_dyn();
    let value = value.into().into_dyn();
    let resolved = resolve(a.shape(), key)?;
    let plan = resolved.plan()?;
    let mut view = a.slice_move(plan.slice_info()?);
    if plan.is_basic() {
        let shape = view.shape().to_vec();
        let trimmed = drop_extra_unit_axes(&value, shape.len());
        let value = trimmed.as_ref().and_then(|v| v.broadcast(IxDyn(&shape))).ok_or_else(|| {
            Error::Shape(format!(
                "could not broadcast input array from shape {} into shape {}",
                fmt_shape(value.shape()),
                fmt_shape(&shape)
            ))
        })?;
        view.assign(&value);
        return Ok(());
    }
    // NumPy checks the value's shape before the indices' bounds.
    let shape = plan.result_shape(view.shape());
    let trimmed = drop_extra_unit_axes(&value, shape.len());
    let value = trimmed.as_ref().and_then(|v| v.broadcast(IxDyn(&shape))).ok_or_else(|| {
        Error::Shape(format!(
            "shape mismatch: value array of shape {} could not be broadcast to indexing result of shape {}",
            fmt_shape(value.shape()),
            fmt_shape(&shape)
        ))
    })?;
    let selection = plan.select(view.shape(), view.strides())?;
    assign(&mut view, &selection, &value);
    Ok(())
}

/// `value` without the leading axes beyond rank `ndim`, which NumPy's
/// assignment drops when they have length 1; `None` when one does not.
pub(crate) fn drop_extra_unit_axes<'v, A>(value: &ArrayViewD<'v, A>, ndim: usize) -> Option<ArrayViewD<'v, A>> {
    let extra = value.ndim().saturating_sub(ndim);
    if value.shape()[..extra].iter().any(|&n| n != 1) {
        return None;
    }
    let mut value = value.clone();
    for _ in 0..extra {
        value = value.index_axis_move(Axis(0), 0);
    }
    Some(value)
}
