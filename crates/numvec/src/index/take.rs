//! Gathers and scatters along an axis: NumPy's `take`, `take_along_axis`
//! and `put_along_axis`, expressed as index keys.

use ndarray::{ArrayD, ArrayViewD, ArrayViewMut, AsArray, Dimension, IxDyn};

use super::get::get;
use super::set::set;
use super::spec::IndexItem;
use crate::axis::normalize_axis;
use crate::error::{Error, Result};
use crate::kernels::gather::wrap_index;

/// NumPy's `np.take(a, indices, axis)`: the elements at `indices` along
/// `axis` (`None`: of the flattened array), `a[(:,) * axis + (indices,)]`.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] for a bad axis; [`Error::IndexOutOfBounds`] for
/// an index out of range.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 4]];
/// assert_eq!(numvec::index::take(&a, &array![1_i64, 1], Some(1))?, array![[2, 2], [4, 4]].into_dyn());
/// assert_eq!(numvec::index::take(&a, &array![-1_i64], None)?, array![4].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn take<'a, 'i, A, D, E>(
    a: impl AsArray<'a, A, D>,
    indices: impl AsArray<'i, i64, E>,
    axis: Option<isize>,
) -> Result<ArrayD<A>>
where
    A: Copy + Send + Sync + 'a,
    D: Dimension,
    E: Dimension,
{
    let a = a.into().into_dyn();
    let indices = indices.into().into_dyn();
    match axis {
        None => {
            let flat = ArrayD::from_shape_vec(IxDyn(&[a.len()]), a.iter().copied().collect())
                .map_err(|e| Error::Shape(e.to_string()))?;
            get(&flat, &[IndexItem::from(indices)])
        }
        Some(axis) => {
            let axis = normalize_axis(axis, a.ndim())?;
            let mut shape = a.shape().to_vec();
            if shape[..axis].contains(&0) {
                // NumPy's take checks no index when no block is taken.
                shape.splice(axis..=axis, indices.shape().iter().copied());
                return Ok(ArrayD::from_shape_simple_fn(IxDyn(&shape), || unreachable!("empty")));
            }
            let mut key: Vec<IndexItem<'_>> = (0..axis).map(|_| IndexItem::from(..)).collect();
            key.push(IndexItem::from(indices));
            get(&a, &key)
        }
    }
}

/// NumPy's fancy key of `take_along_axis`: `indices` on `axis`, and on every
/// other axis `n` an `arange(n)` shaped to broadcast along it.
fn along_axis_key<'i>(
    shape: &[usize],
    indices: ArrayViewD<'i, i64>,
    axis: Option<isize>,
) -> Result<Vec<IndexItem<'i>>> {
    let Some(axis) = axis else {
        return Err(Error::InvalidArgument("axis=None is handled by the caller".into()));
    };
    let axis = normalize_axis(axis, shape.len())?;
    if indices.ndim() != shape.len() {
        return Err(Error::InvalidArgument("`indices` and `arr` must have the same number of dimensions".into()));
    }
    Ok((0..shape.len())
        .map(|dim| {
            if dim == axis {
                return IndexItem::from(indices.clone());
            }
            let mut arange_shape = vec![1; shape.len()];
            arange_shape[dim] = shape[dim];
            let arange = ArrayD::from_shape_fn(IxDyn(&arange_shape), |i| i[dim] as i64);
            IndexItem::from(arange)
        })
        .collect())
}

/// Checks 1-D flat `indices` against an array of `size` elements and
/// unravels them into one index array per axis of `shape` (C order).
fn unravel<'k>(indices: &ArrayViewD<'_, i64>, shape: &[usize]) -> Result<Vec<IndexItem<'k>>> {
    if indices.ndim() != 1 {
        return Err(Error::InvalidArgument("when axis=None, `indices` must have a single dimension.".into()));
    }
    let size: usize = shape.iter().product();
    let mut columns = vec![Vec::with_capacity(indices.len()); shape.len()];
    for &index in indices {
        let mut flat =
            wrap_index(index, size).ok_or(Error::IndexOutOfBounds { index: index as isize, axis: 0, size })?;
        for (column, &n) in columns.iter_mut().zip(shape).rev() {
            column.push((flat % n) as i64);
            flat /= n;
        }
    }
    columns
        .into_iter()
        .map(|c| {
            Ok(IndexItem::from(ArrayD::from_shape_vec(IxDyn(&[c.len()]), c).map_err(|e| Error::Shape(e.to_string()))?))
        })
        .collect()
}

/// NumPy's `np.take_along_axis(arr, indices, axis)`: `out[..., i, ...] =
/// arr[..., indices[..., i, ...], ...]` along `axis`, the other axes of
/// `arr` and `indices` broadcasting; `axis = None` works on the flattened
/// array with 1-D `indices`. The seed's top-k: `take_along_axis(x, order, 1)`.
///
/// # Errors
/// [`Error::InvalidArgument`] when the ranks differ (or `indices` is not 1-D
/// for `axis = None`); [`Error::Index`] when the shapes do not broadcast;
/// [`Error::IndexOutOfBounds`]; [`Error::AxisOutOfBounds`].
///
/// # Example
/// ```
/// use ndarray::array;
/// let x = array![[10, 30, 20], [60, 40, 50]];
/// let order = array![[1_i64, 2, 0], [0, 2, 1]];
/// let sorted = numvec::index::take_along_axis(&x, &order, Some(1))?;
/// assert_eq!(sorted, array![[30, 20, 10], [60, 50, 40]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn take_along_axis<'a, 'i, A, D, E>(
    arr: impl AsArray<'a, A, D>,
    indices: impl AsArray<'i, i64, E>,
    axis: Option<isize>,
) -> Result<ArrayD<A>>
where
    A: Copy + Send + Sync + 'a,
    D: Dimension,
    E: Dimension,
{
    let arr = arr.into().into_dyn();
    let indices = indices.into().into_dyn();
    if axis.is_none() {
        return take(&arr, &unravel_check(&indices)?, None);
    }
    get(&arr, &along_axis_key(arr.shape(), indices, axis)?)
}

/// 1-D `indices` for `axis = None`, or NumPy's error.
fn unravel_check<'i>(indices: &ArrayViewD<'i, i64>) -> Result<ArrayViewD<'i, i64>> {
    if indices.ndim() == 1 {
        Ok(indices.clone())
    } else {
        Err(Error::InvalidArgument("when axis=None, `indices` must have a single dimension.".into()))
    }
}

/// NumPy's `np.put_along_axis(arr, indices, values, axis)`: writes `values`
/// (broadcast) to the positions [`take_along_axis`] would read, in place;
/// with repeated positions the last write wins.
///
/// # Errors
/// As [`take_along_axis`]; [`Error::Shape`] when `values` does not
/// broadcast. Nothing is written on error.
///
/// # Example
/// ```
/// use ndarray::array;
/// let mut a = array![[0, 0, 0], [0, 0, 0]];
/// numvec::index::put_along_axis(&mut a, &array![[2_i64], [0]], &ndarray::arr0(7), Some(1))?;
/// assert_eq!(a, array![[0, 0, 7], [7, 0, 0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn put_along_axis<'o, 'i, 'v, A, D, E, F>(
    arr: impl Into<ArrayViewMut<'o, A, D>>,
    indices: impl AsArray<'i, i64, E>,
    values: impl AsArray<'v, A, F>,
    axis: Option<isize>,
) -> Result<()>
where
    A: Copy + Send + Sync + 'o + 'v,
    D: Dimension,
    E: Dimension,
    F: Dimension,
{
    let arr = arr.into().into_dyn();
    let indices = indices.into().into_dyn();
    let key = match axis {
        None => unravel(&indices, arr.shape())?,
        Some(_) => along_axis_key(arr.shape(), indices, axis)?,
    };
    set(arr, &key, values)
}
