//! Triangles: NumPy's `tri`, `triu`, `tril`, and the in-place fills
//! `triu_fill`/`tril_fill` that need no mask.

use ndarray::{
    Array2, ArrayD, ArrayView1, ArrayViewD, ArrayViewMut, ArrayViewMut1, ArrayViewMutD, AsArray, Axis, Dimension, Ix2,
    IxDyn, Zip, s,
};
use rayon::prelude::*;

use crate::axis::checked_size;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::output::zeros;

/// Rows at least this many elements long, times rows, go to rayon's pool.
const PARALLEL_MIN_LEN: usize = 1 << 15;

/// The first column of row `i` on or above the `k`-th diagonal (`j - i >= k`),
/// clipped to `0..=cols`.
fn upper_start(i: usize, k: isize, cols: usize) -> usize {
    (i as isize).saturating_add(k).clamp(0, cols as isize) as usize
}

/// NumPy's `np.tri(n, m, k)`: an `n x m` (`m` defaults to `n`) matrix with
/// ones at and below the `k`-th diagonal (`j <= i + k`) and zeros elsewhere.
///
/// # Errors
/// [`Error::TooLarge`] for an impossible size.
///
/// # Example
/// ```
/// use ndarray::array;
/// assert_eq!(numvec::index::tri::<i64>(2, Some(3), 0)?, array![[1, 0, 0], [1, 1, 0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn tri<A: Element>(n: usize, m: Option<usize>, k: isize) -> Result<Array2<A>> {
    let m = m.unwrap_or(n);
    let mut out: Array2<A> = zeros(ndarray::Ix2(n, m))?;
    for (i, mut row) in out.rows_mut().into_iter().enumerate() {
        let end = upper_start(i, k.saturating_add(1), m);
        row.slice_mut(s![..end]).fill(A::ONE);
    }
    Ok(out)
}

/// The part of a matrix on one side of a diagonal, counted as NumPy's `k`.
#[derive(Clone, Copy)]
enum Triangle {
    /// `j - i >= k` (`triu`'s kept part).
    Upper(isize),
    /// `j - i <= k` (`tril`'s kept part).
    Lower(isize),
}

impl Triangle {
    /// The columns of row `i` in this triangle, for rows of `cols` columns.
    fn columns(self, i: usize, cols: usize) -> std::ops::Range<usize> {
        match self {
            Triangle::Upper(k) => upper_start(i, k, cols)..cols,
            Triangle::Lower(k) => 0..upper_start(i, k.saturating_add(1), cols),
        }
    }
}

/// Sets the elements of `triangle` (of the last two axes, batched over the
/// others) to `value`, in parallel for large arrays.
fn fill_triangle<A: Element>(mut a: ArrayViewMutD<'_, A>, triangle: Triangle, value: A) {
    if a.ndim() < 2 || a.is_empty() {
        return;
    }
    let parallel = a.len() >= PARALLEL_MIN_LEN;
    if a.ndim() > 2 {
        let matrices = a.axis_iter_mut(Axis(0));
        let fill = |m| fill_triangle(m, triangle, value);
        if parallel {
            matrices.into_par_iter().for_each(fill)
        } else {
            matrices.for_each(fill)
        }
        return;
    }
    let cols = a.shape()[1];
    let fill_row = |(i, mut row): (usize, ArrayViewMutD<'_, A>)| {
        row.slice_mut(s![triangle.columns(i, cols)]).fill(value);
    };
    let rows = a.axis_iter_mut(Axis(0));
    if parallel { rows.into_par_iter().enumerate().for_each(fill_row) } else { rows.enumerate().for_each(fill_row) }
}

/// A copy of `m` (a 1-D `m` repeated as the rows of a square matrix, as
/// NumPy does) with `zeroed` set to zero, written in one pass.
fn copy_without<A: Element>(m: ArrayViewD<'_, A>, zeroed: Triangle) -> Result<ArrayD<A>> {
    let square;
    let m = match m.ndim() {
        0 => return Err(Error::InvalidArgument("triu/tril need an array of at least one dimension".into())),
        1 => {
            let n = m.len();
            checked_size(&[n, n], size_of::<A>())?;
            square = m.broadcast(IxDyn(&[n, n])).ok_or_else(|| Error::Shape("row broadcast".into()))?;
            square.view()
        }
        _ => m,
    };
    let mut out = zeros(m.raw_dim())?;
    if !m.is_empty() {
        let parallel = m.len() >= PARALLEL_MIN_LEN;
        copy_matrices(out.view_mut(), m, zeroed, parallel);
    }
    Ok(out)
}

/// Copies each matrix (last two axes) of `m` into the zeroed `out`, except
/// `zeroed`. Only the kept elements are written: a fresh zeroed allocation
/// leaves the rest to pages the system zeroes.
fn copy_matrices<A: Element>(mut out: ArrayViewMutD<'_, A>, m: ArrayViewD<'_, A>, zeroed: Triangle, parallel: bool) {
    if m.ndim() > 2 {
        let (outs, ms) = (out.axis_iter_mut(Axis(0)), m.axis_iter(Axis(0)));
        let copy = |(out, m)| copy_matrices(out, m, zeroed, parallel);
        if parallel {
            outs.into_par_iter().zip(ms).for_each(copy)
        } else {
            outs.zip(ms).for_each(copy)
        }
        return;
    }
    let (mut out, m) = (out.into_dimensionality::<Ix2>().expect("2-D"), m.into_dimensionality::<Ix2>().expect("2-D"));
    let cols = m.ncols();
    let copy_row = |i: usize, mut out: ArrayViewMut1<'_, A>, row: ArrayView1<'_, A>| {
        let zero = zeroed.columns(i, cols);
        out.slice_mut(s![..zero.start]).assign(&row.slice(s![..zero.start]));
        out.slice_mut(s![zero.end..]).assign(&row.slice(s![zero.end..]));
    };
    let rows = Zip::indexed(out.rows_mut()).and(m.rows());
    if parallel { rows.par_for_each(copy_row) } else { rows.for_each(copy_row) }
}

macro_rules! triangle_functions {
    ($($(#[$doc:meta])* $name:ident, $zeroed:expr;)*) => {$(
        $(#[$doc])*
        ///
        /// # Errors
        /// [`Error::InvalidArgument`] for a 0-d array; [`Error::TooLarge`] for an
        /// impossible result.
        pub fn $name<'a, A, D>(m: impl AsArray<'a, A, D>, k: isize) -> Result<ArrayD<A>>
        where
            A: Element,
            D: Dimension,
        {
            let zeroed: fn(isize) -> Triangle = $zeroed;
            copy_without(m.into().into_dyn(), zeroed(k))
        }
    )*};
}

triangle_functions! {
    /// NumPy's `np.triu(m, k)`: a copy of `m` with the elements below the
    /// `k`-th diagonal (`j - i < k`) of its last two axes set to zero.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// let m = array![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(numvec::index::triu(&m, 1)?, array![[0, 2, 3], [0, 0, 6]].into_dyn());
    /// # Ok::<(), numvec::Error>(())
    /// ```
    triu, |k| Triangle::Lower(k.saturating_sub(1));
    /// NumPy's `np.tril(m, k)`: a copy of `m` with the elements above the
    /// `k`-th diagonal (`j - i > k`) of its last two axes set to zero.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// let m = array![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(numvec::index::tril(&m, 0)?, array![[1, 0, 0], [4, 5, 0]].into_dyn());
    /// # Ok::<(), numvec::Error>(())
    /// ```
    tril, |k| Triangle::Upper(k.saturating_add(1));
}

/// Fills the elements on or above the `k`-th diagonal (`j - i >= k`) of the
/// last two axes of `a` with `value`, in place: the fused form of
/// `a[np.triu(np.ones(a.shape, bool), k)] = value` (the seed's causal mask
/// with `k = 1`), with no mask built. Arrays of fewer than two dimensions are
/// left unchanged.
///
/// # Example
/// ```
/// use ndarray::array;
/// let mut scores = array![[1.0, 2.0], [3.0, 4.0]];
/// numvec::index::triu_fill(&mut scores, f64::NEG_INFINITY, 1);
/// assert_eq!(scores, array![[1.0, f64::NEG_INFINITY], [3.0, 4.0]]);
/// ```
pub fn triu_fill<'o, A: Element, D: Dimension>(a: impl Into<ArrayViewMut<'o, A, D>>, value: A, k: isize) {
    fill_triangle(a.into().into_dyn(), Triangle::Upper(k), value);
}

/// Fills the elements on or below the `k`-th diagonal (`j - i <= k`) of the
/// last two axes of `a` with `value`, in place (no mask built): the fused form
/// of `a[np.tril(np.ones(a.shape, bool), k)] = value`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let mut a = array![[1, 2], [3, 4]];
/// numvec::index::tril_fill(&mut a, 0, -1);
/// assert_eq!(a, array![[1, 2], [0, 4]]);
/// ```
pub fn tril_fill<'o, A: Element, D: Dimension>(a: impl Into<ArrayViewMut<'o, A, D>>, value: A, k: isize) {
    fill_triangle(a.into().into_dyn(), Triangle::Lower(k), value);
}
