//! Unbuffered in-place updates through an index: NumPy's `ufunc.at`
//! (`np.add.at` and friends), where repeated indices accumulate.

use ndarray::{ArrayViewD, ArrayViewMut, ArrayViewMutD, AsArray, Dimension, IxDyn};

use super::set::drop_extra_unit_axes;
use super::spec::{IndexItem, resolve};
use crate::element::{Arithmetic, Element};
use crate::error::{Error, Result};
use crate::kernels::gather::accumulate;

/// Applies `a[key] = op(a[key], b)` element by element in index order, every
/// index checked before anything is written.
fn update_at<A: Element>(
    a: ArrayViewMutD<'_, A>,
    key: &[IndexItem<'_>],
    b: ArrayViewD<'_, A>,
    op: impl Fn(A, A) -> A + Sync,
) -> Result<()> {
    let resolved = resolve(a.shape(), key)?;
    let plan = resolved.plan()?;
    let mut view = a.slice_move(plan.slice_info()?);
    let selection = plan.select(view.shape(), view.strides())?;
    let shape = plan.result_shape(view.shape());
    let trimmed = drop_extra_unit_axes(&b, shape.len());
    let b = trimmed
        .as_ref()
        .and_then(|b| b.broadcast(IxDyn(&shape)))
        .ok_or_else(|| Error::Shape("array is not broadcastable to correct shape".into()))?;
    accumulate(&mut view, &selection, &b, op);
    Ok(())
}

macro_rules! at_functions {
    ($($(#[$doc:meta])* $name:ident: $bound:ident, $op:expr;)*) => {$(
        $(#[$doc])*
        ///
        /// `key` is any index (usually one integer array, or a tuple of integer
        /// arrays and slices); `b` broadcasts to the shape of `a[key]`. Repeated
        /// indices accumulate: each element of `a` takes its updates in index
        /// order, so float results equal NumPy's exactly. Large updates run in
        /// parallel, threads owning disjoint parts of `a`: the result does not
        /// depend on the number of threads.
        ///
        /// # Errors
        /// The indexing errors of [`get`](super::get) (an index out of bounds is
        /// [`Error::IndexOutOfBounds`]); [`Error::Shape`] when `b` does not
        /// broadcast. Every index is checked first: on error `a` is unchanged.
        pub fn $name<'o, 'v, A, D, E>(
            a: impl Into<ArrayViewMut<'o, A, D>>,
            key: &[IndexItem<'_>],
            b: impl AsArray<'v, A, E>,
        ) -> Result<()>
        where
            A: $bound + 'o + 'v,
            D: Dimension,
            E: Dimension,
        {
            update_at(a.into().into_dyn(), key, b.into().into_dyn(), $op)
        }
    )*};
}

at_functions! {
    /// NumPy's `np.add.at(a, key, b)`: `a[key] += b` with repeated indices
    /// accumulating (scatter-add).
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// use numvec::idx;
    /// let mut grad = ndarray::Array2::<f64>::zeros((3, 2));
    /// let tokens = array![2_i64, 0, 2];
    /// numvec::index::add_at(&mut grad, &idx![&tokens], &array![[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])?;
    /// assert_eq!(grad, array![[2.0, 2.0], [0.0, 0.0], [4.0, 4.0]]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    add_at: Element, |x: A, y: A| x.add(y);
    /// NumPy's `np.subtract.at(a, key, b)`: `a[key] -= b`, repeated indices accumulating.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// let mut a = array![10, 10, 10];
    /// numvec::index::subtract_at(&mut a, &numvec::idx![&array![0_i64, 0, -1]], &ndarray::arr0(1))?;
    /// assert_eq!(a, array![8, 10, 9]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    subtract_at: Arithmetic, |x: A, y: A| x.sub(y);
    /// NumPy's `np.multiply.at(a, key, b)`: `a[key] *= b`, repeated indices accumulating.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// let mut a = array![1.0, 1.0];
    /// numvec::index::multiply_at(&mut a, &numvec::idx![&array![1_i64, 1]], &array![2.0, 3.0])?;
    /// assert_eq!(a, array![1.0, 6.0]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    multiply_at: Element, |x: A, y: A| x.mul(y);
    /// NumPy's `np.maximum.at(a, key, b)`: `a[key] = maximum(a[key], b)`
    /// (NaN propagates), repeated indices accumulating.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// let mut a = array![0.0, 0.0];
    /// numvec::index::maximum_at(&mut a, &numvec::idx![&array![0_i64, 0, 1]], &array![3.0, 2.0, -1.0])?;
    /// assert_eq!(a, array![3.0, 0.0]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    maximum_at: Element, |x: A, y: A| x.maximum(y);
    /// NumPy's `np.minimum.at(a, key, b)`: `a[key] = minimum(a[key], b)`
    /// (NaN propagates), repeated indices accumulating.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// let mut a = array![0, 0];
    /// numvec::index::minimum_at(&mut a, &numvec::idx![.., ], &array![-3, 4])?;
    /// assert_eq!(a, array![-3, 0]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    minimum_at: Element, |x: A, y: A| x.minimum(y);
}
