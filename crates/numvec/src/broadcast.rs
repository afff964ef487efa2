//! NumPy's broadcasting: shape rules and zero-stride views.

use ndarray::{Array, ArrayD, ArrayRef, ArrayViewD, Dimension, IxDyn};

use crate::error::{Error, Result};

/// The shape that `lhs` and `rhs` broadcast to (NumPy's rule: align at the
/// end, sizes must match or be 1).
///
/// # Errors
/// [`Error::Broadcast`] when a pair of sizes differs and neither is 1.
///
/// # Example
/// ```
/// assert_eq!(numvec::broadcast::broadcast_pair(&[3, 1], &[4])?, vec![3, 4]);
/// assert!(numvec::broadcast::broadcast_pair(&[3], &[4]).is_err());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn broadcast_pair(lhs: &[usize], rhs: &[usize]) -> Result<Vec<usize>> {
    let ndim = lhs.len().max(rhs.len());
    let size_at = |shape: &[usize], i: usize| {
        let pad = ndim - shape.len();
        if i < pad { 1 } else { shape[i - pad] }
    };
    (0..ndim)
        .map(|i| match (size_at(lhs, i), size_at(rhs, i)) {
            (a, b) if a == b || b == 1 => Ok(a),
            (1, b) => Ok(b),
            _ => Err(Error::Broadcast { lhs: lhs.to_vec(), rhs: rhs.to_vec() }),
        })
        .collect()
}

/// NumPy's `broadcast_shapes`: the shape that all `shapes` broadcast to.
///
/// # Errors
/// [`Error::Broadcast`] naming the first pair that does not broadcast.
///
/// # Example
/// ```
/// let shape = numvec::broadcast_shapes(&[&[5, 1, 4][..], &[3, 1], &[4]])?;
/// assert_eq!(shape, vec![5, 3, 4]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Vec<usize>> {
    shapes.iter().try_fold(Vec::new(), |acc, shape| broadcast_pair(&acc, shape))
}

/// A view of `array` broadcast to `shape` (zero strides on stretched axes).
///
/// # Errors
/// [`Error::Broadcast`] when `array` does not broadcast to `shape`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let row = array![1, 2, 3];
/// let grid = numvec::broadcast::broadcast_to(&row, &[2, 3])?;
/// assert_eq!(grid, array![[1, 2, 3], [1, 2, 3]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn broadcast_to<'a, A, D: Dimension>(array: &'a ArrayRef<A, D>, shape: &[usize]) -> Result<ArrayViewD<'a, A>> {
    array.broadcast(IxDyn(shape)).ok_or_else(|| Error::Broadcast { lhs: array.shape().to_vec(), rhs: shape.to_vec() })
}

/// Checks that an output of shape `out_shape` can hold the broadcast of `shape`: NumPy lets an output
/// be larger than the inputs' broadcast shape, never smaller.
///
/// # Errors
/// [`Error::OutputShape`] when `shape` does not broadcast to `out`'s shape.
pub fn check_output_shape(out_shape: &[usize], shape: &[usize]) -> Result<()> {
    match broadcast_pair(shape, out_shape) {
        Ok(joint) if joint == out_shape => Ok(()),
        Ok(joint) => Err(Error::OutputShape { out: out_shape.to_vec(), expected: joint }),
        Err(_) => Err(Error::OutputShape { out: out_shape.to_vec(), expected: shape.to_vec() }),
    }
}

/// Converts a dynamic-rank result to the static rank the caller expects.
///
/// # Errors
/// [`Error::Shape`] when the ranks differ (an internal invariant: callers
/// compute results whose rank matches `D`).
pub fn into_dimensionality<A, D: Dimension>(array: ArrayD<A>) -> Result<Array<A, D>> {
    array.into_dimensionality::<D>().map_err(|e| Error::Shape(e.to_string()))
}
