//! NumPy's `matmul` and the batched matrix product behind it and `einsum`.
//!
//! `f32` and `f64` products run on the `gemm` crate (packed SIMD kernels; any
//! strides, including reversed and broadcast ones, are handed over without a
//! copy), except matrix-vector products that are shallow or whose matrix is
//! beyond L2, which stream the matrix once, and tiny products, which run on
//! the blocked kernel; `bool`, `i32` and `i64` always run on that blocked
//! kernel, exact and wrapping on overflow like NumPy. No kernel splits a dot product across threads, so
//! results do not depend on the thread count.

use ndarray::{ArrayD, ArrayView2, ArrayViewD, ArrayViewMut2, ArrayViewMutD, AsArray, Axis, Dimension, IxDyn};
use rayon::prelude::*;

use crate::broadcast::broadcast_shapes;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::kernels::gemm::{MatrixProduct, PARALLEL_MIN_FLOPS};
use crate::output::stored;

/// The element types with a matrix product: `bool`, `i32`, `i64` (exact,
/// wrapping), `f32` and `f64` (GEMM).
pub trait LinalgElement: Element + MatrixProduct {}

impl<T: Element + MatrixProduct> LinalgElement for T {}

/// A batch of matrices at least this large in multiply-adds is split across
/// threads by matrix rather than within each product.
const MATRIX_PER_THREAD_MAX_FLOPS: usize = 1 << 24;

/// NumPy's `numpy.matmul(a, b)` (the `@` operator): the matrix product of the
/// last two axes, broadcasting the leading (batch) axes; a 1-D `a` is a row
/// vector and a 1-D `b` a column vector, and the added axis is removed from
/// the result.
///
/// # Errors
/// [`Error::Shape`] for a 0-d operand or mismatched inner dimensions,
/// [`Error::Broadcast`] when the batch axes do not broadcast,
/// [`Error::TooLarge`] when the result cannot be allocated.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(numvec::linalg::matmul(&a, &array![1.0, 1.0])?, array![3.0, 7.0].into_dyn());
/// assert_eq!(numvec::linalg::matmul(&a, &a)?, array![[7.0, 10.0], [15.0, 22.0]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn matmul<'a, A: LinalgElement, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, A, D1>,
    b: impl AsArray<'a, A, D2>,
) -> Result<ArrayD<A>> {
    let (a, b) = (a.into().into_dyn(), b.into().into_dyn());
    let plan = MatmulPlan::new(a.shape(), b.shape())?;
    stored(IxDyn(&plan.result_shape), |out| {
        plan.run(a, b, out);
        Ok(())
    })
}

/// [`matmul`] writing into `out` (NumPy's `out=`), whose shape must be the
/// result's shape.
///
/// # Errors
/// As [`matmul`], and [`Error::OutputShape`] when `out` has another shape;
/// on error `out` is untouched.
///
/// # Example
/// ```
/// use ndarray::{Array2, array};
/// let mut out = Array2::zeros((1, 1));
/// numvec::linalg::matmul_into(&array![[1, 2]], &array![[3], [4]], out.view_mut().into_dyn())?;
/// assert_eq!(out, array![[11]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn matmul_into<'a, A: LinalgElement, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, A, D1>,
    b: impl AsArray<'a, A, D2>,
    out: ArrayViewMutD<'_, A>,
) -> Result<()> {
    let (a, b) = (a.into().into_dyn(), b.into().into_dyn());
    let plan = MatmulPlan::new(a.shape(), b.shape())?;
    if out.shape() != plan.result_shape.as_slice() {
        return Err(Error::OutputShape { out: out.shape().to_vec(), expected: plan.result_shape });
    }
    plan.run(a, b, out);
    Ok(())
}

/// The validated shapes of one `matmul` call.
struct MatmulPlan {
    /// The broadcast batch axes.
    batch: Vec<usize>,
    /// Rows of `a`, inner dimension, columns of `b` (after 1-D promotion).
    m: usize,
    k: usize,
    n: usize,
    /// Whether `a` (`b`) was 1-D and gained an axis.
    a_vector: bool,
    b_vector: bool,
    /// The shape of the result, without the added axes.
    result_shape: Vec<usize>,
}

impl MatmulPlan {
    fn new(a: &[usize], b: &[usize]) -> Result<Self> {
        for (operand, shape) in [a, b].iter().enumerate() {
            if shape.is_empty() {
                return Err(Error::Shape(format!(
                    "matmul: Input operand {operand} does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)"
                )));
            }
        }
        let (a_vector, b_vector) = (a.len() == 1, b.len() == 1);
        let (a_batch, m, k) = if a_vector { (&[][..], 1, a[0]) } else { split_matrix(a) };
        let (b_batch, b_rows, n) = if b_vector { (&[][..], b[0], 1) } else { split_matrix(b) };
        if k != b_rows {
            return Err(Error::Shape(format!(
                "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {b_rows} is different from {k})"
            )));
        }
        let batch =
            broadcast_shapes(&[a_batch, b_batch]).map_err(|_| Error::Broadcast { lhs: a.to_vec(), rhs: b.to_vec() })?;
        let mut result_shape = batch.clone();
        if !a_vector {
            result_shape.push(m);
        }
        if !b_vector {
            result_shape.push(n);
        }
        Ok(MatmulPlan { batch, m, k, n, a_vector, b_vector, result_shape })
    }

    /// Computes the product into `out` (of `result_shape`).
    fn run<A: LinalgElement>(&self, a: ArrayViewD<'_, A>, b: ArrayViewD<'_, A>, mut out: ArrayViewMutD<'_, A>) {
        let a = if self.a_vector { a.insert_axis(Axis(0)) } else { a };
        let b = if self.b_vector { b.insert_axis(Axis(1)) } else { b };
        let full = |rows, cols| IxDyn(&[self.batch.as_slice(), &[rows, cols]].concat());
        let (Some(a), Some(b)) = (a.broadcast(full(self.m, self.k)), b.broadcast(full(self.k, self.n))) else {
            unreachable!("batch axes were broadcast in MatmulPlan::new");
        };
        if self.a_vector {
            out.insert_axis_inplace(Axis(self.batch.len()));
        }
        if self.b_vector {
            out.insert_axis_inplace(Axis(out.ndim()));
        }
        batched_product_into(a, b, out);
    }
}

/// Splits a shape of rank >= 2 into batch axes, rows and columns.
fn split_matrix(shape: &[usize]) -> (&[usize], usize, usize) {
    let (batch, matrix) = shape.split_at(shape.len() - 2);
    (batch, matrix[0], matrix[1])
}

/// Stores `a[i] @ b[i]` into `c[i]` for every batch index `i`: `a` has shape
/// `[batch.., m, k]`, `b` `[batch.., k, n]` and `c` `[batch.., m, n]`, with
/// the same batch axes (broadcast ones have stride 0). Strides are handed to
/// the kernels as they are.
///
/// # Panics
/// When the shapes do not fit (a planning error, never a user error).
pub(crate) fn batched_product_into<A: LinalgElement>(
    a: ArrayViewD<'_, A>,
    b: ArrayViewD<'_, A>,
    c: ArrayViewMutD<'_, A>,
) {
    let (a, b, c) = (matrices(a), matrices(b), matrices_mut(c));
    assert!(a.len() == b.len() && a.len() == c.len(), "batched product of mismatched batches");
    let Some(first) = a.first() else { return };
    let flops = first.nrows() * first.ncols() * b[0].ncols();
    let split_by_matrix = a.len() > 1
        && flops.saturating_mul(a.len()) >= PARALLEL_MIN_FLOPS
        && (flops < MATRIX_PER_THREAD_MAX_FLOPS || a.len() >= 4 * rayon::current_num_threads());
    if split_by_matrix {
        a.into_par_iter().zip(b).zip(c).for_each(|((a, b), c)| A::product_into(a, b, c, false));
    } else {
        a.into_iter().zip(b).zip(c).for_each(|((a, b), c)| A::product_into(a, b, c, true));
    }
}

/// The matrices (last two axes) of a view of rank >= 2, in C order of the batch axes.
fn matrices<A>(x: ArrayViewD<'_, A>) -> Vec<ArrayView2<'_, A>> {
    match x.ndim() {
        2 => vec![x.into_dimensionality().expect("rank checked")],
        _ => x.into_outer_iter().flat_map(matrices).collect(),
    }
}

/// The matrices (last two axes) of a mutable view of rank >= 2.
fn matrices_mut<A>(x: ArrayViewMutD<'_, A>) -> Vec<ArrayViewMut2<'_, A>> {
    match x.ndim() {
        2 => vec![x.into_dimensionality().expect("rank checked")],
        _ => x.into_outer_iter_mut().flat_map(matrices_mut).collect(),
    }
}
