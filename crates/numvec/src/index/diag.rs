//! Diagonals: NumPy's `diag` and (batched) `diagonal`.

use ndarray::{Array2, ArrayD, ArrayViewD, AsArray, Dimension, Ix2, IxDyn, s};

use crate::axis::normalize_axis;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::kernels::gather::{Selection, gather};
use crate::output::{written, zeros};

/// NumPy's `np.diagonal(a, offset, axis1, axis2)`: the `offset`-th diagonal
/// of every matrix spanned by `axis1` and `axis2`, as a new array whose
/// other axes come first and the diagonal last. For a batch of shape
/// `(B, N, N)` it is the `(B, N)` diagonals, the seed's
/// `batch[b_idx, n_idx, n_idx]`. An offset beyond the matrix gives an empty
/// diagonal.
///
/// # Errors
/// [`Error::InvalidArgument`] when `a` has fewer than two dimensions or the
/// axes are the same; [`Error::AxisOutOfBounds`] for an axis out of range.
///
/// # Example
/// ```
/// use ndarray::{array, Array3};
/// let m = array![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(numvec::index::diagonal(&m, 1, 0, 1)?, array![2, 6].into_dyn());
/// let batch = Array3::from_shape_fn((2, 2, 2), |(b, i, j)| 100 * b + 10 * i + j);
/// assert_eq!(numvec::index::diagonal(&batch, 0, 1, 2)?, array![[0, 11], [100, 111]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn diagonal<'a, A, D>(a: impl AsArray<'a, A, D>, offset: isize, axis1: isize, axis2: isize) -> Result<ArrayD<A>>
where
    A: Copy + Send + Sync + 'a,
    D: Dimension,
{
    diagonal_dyn(a.into().into_dyn(), offset, axis1, axis2)
}

fn diagonal_dyn<A: Copy + Send + Sync>(
    a: ArrayViewD<'_, A>,
    offset: isize,
    axis1: isize,
    axis2: isize,
) -> Result<ArrayD<A>> {
    if a.ndim() < 2 {
        return Err(Error::InvalidArgument("diag requires an array of at least two dimensions".into()));
    }
    let (axis1, axis2) = (normalize_axis(axis1, a.ndim())?, normalize_axis(axis2, a.ndim())?);
    if axis1 == axis2 {
        return Err(Error::InvalidArgument("axis1 and axis2 cannot be the same".into()));
    }
    let (rows, cols) = (a.shape()[axis1] as isize, a.shape()[axis2] as isize);
    let (row0, col0) = if offset >= 0 { (0, offset) } else { (-offset, 0) };
    let len = (rows - row0).min(cols - col0).max(0) as usize;
    if a.ndim() == 2 && len > 0 {
        // One matrix: its diagonal is a strided view to copy.
        let matrix = a.into_dimensionality::<Ix2>().expect("two axes");
        let matrix = if axis1 < axis2 { matrix } else { matrix.reversed_axes() };
        return Ok(matrix.slice(s![row0.., col0..]).diag().to_owned().into_dyn());
    }
    let along =
        |start: isize| ArrayD::from_shape_fn(IxDyn(&[len]), |i| start + i[0] as i64 as isize).mapv(|x| x as i64);
    let (row_idx, col_idx) = (along(row0), along(col0));
    let arrays = [(axis1, row_idx.view()), (axis2, col_idx.view())];
    let selection = Selection::new(a.shape(), a.strides(), &arrays, a.ndim() - 2)
        .map_err(|_| Error::InvalidArgument("diagonal out of range".into()))?;
    let mut shape: Vec<usize> =
        (0..a.ndim()).filter(|&ax| ax != axis1 && ax != axis2).map(|ax| a.shape()[ax]).collect();
    shape.push(len);
    written(IxDyn(&shape), |out| gather(&a, &selection, out))
}

/// NumPy's `np.diag(v, k)`: for a 1-D `v`, the square matrix with `v` on its
/// `k`-th diagonal (zeros elsewhere); for a 2-D `v`, its `k`-th diagonal.
///
/// # Errors
/// [`Error::InvalidArgument`] when `v` is not 1-D or 2-D (NumPy's "Input must
/// be 1- or 2-d."); [`Error::TooLarge`] for an impossible matrix.
///
/// # Example
/// ```
/// use ndarray::array;
/// let m = numvec::index::diag(&array![1.0, 2.0], -1)?;
/// assert_eq!(m, array![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0]].into_dyn());
/// assert_eq!(numvec::index::diag(&m, -1)?, array![1.0, 2.0].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn diag<'a, A, D>(v: impl AsArray<'a, A, D>, k: isize) -> Result<ArrayD<A>>
where
    A: Element,
    D: Dimension,
{
    let v = v.into().into_dyn();
    match v.ndim() {
        1 => {
            let n = v.len() + k.unsigned_abs();
            let mut out: Array2<A> = zeros(ndarray::Ix2(n, n))?;
            let (row0, col0) = if k >= 0 { (0, k as usize) } else { (k.unsigned_abs(), 0) };
            for (i, &x) in v.iter().enumerate() {
                out[[row0 + i, col0 + i]] = x;
            }
            Ok(out.into_dyn())
        }
        2 => diagonal_dyn(v, k, 0, 1),
        _ => Err(Error::InvalidArgument("Input must be 1- or 2-d.".into())),
    }
}
