//! Matrix-vector products `c = a @ b`, where `b` is one column or `a` one
//! row, that are shallow (depth at most [`SHALLOW_DEPTH_MAX`]: a weighted sum
//! of a few arrays, `np.einsum("i,ijk->jk", w, stack)`) or whose matrix is
//! large (at least [`STREAMED_MIN_LEN`] elements: `x @ M`, `M @ y`). `gemm`
//! packs its operands first, which costs more than the first kind, and
//! streams the second kind more slowly than two threads reading the matrix
//! once. Here the matrix is read once in its own layout, prefetched ahead:
//! dot products along contiguous rows, or scaled sums of contiguous columns.
//! Each element of `c` is summed in the same order whatever the thread count.

use ndarray::{Array1, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis, Zip};
use rayon::prelude::*;

use super::einsum::dot;
use super::gemm::PARALLEL_MIN_FLOPS;
use super::prefetch;
use crate::element::Element;

/// Bounds on the rows of the result that one task of a column-streaming
/// product sums: long stretches of each column for the prefetcher, partial
/// sums that stay in the L2 cache.
const COLUMN_BLOCK: std::ops::RangeInclusive<usize> = 512..=1 << 16;

/// Tasks per thread of a parallel column-streaming product, so that a
/// thread that starts late still takes its share.
const TASKS_PER_THREAD: usize = 4;

/// The deepest product (length of the summed axis) handled here whatever
/// the matrix size; deeper products of matrices in cache are worth `gemm`'s
/// packing and wider SIMD kernels.
pub(crate) const SHALLOW_DEPTH_MAX: usize = 32;

/// Matrices of at least this many elements (beyond the L2 cache) are
/// streamed here whatever the depth: their products are bound by memory
/// bandwidth, which two threads reading the matrix once use best.
const STREAMED_MIN_LEN: usize = 1 << 18;

/// Stores `a @ b` into `c` when `c` has one column or one row, the depth is
/// at most [`SHALLOW_DEPTH_MAX`] or the matrix has at least
/// [`STREAMED_MIN_LEN`] elements, and the matrix has contiguous rows or
/// columns; returns `false` (with `c` untouched) otherwise.
///
/// # Panics
/// When the shapes do not fit (a planning error).
pub(crate) fn vector_product_into<T: Element>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut c: ArrayViewMut2<'_, T>,
    parallel: bool,
) -> bool {
    let matrix_len = if c.ncols() == 1 { a.len() } else { b.len() };
    if a.ncols() > SHALLOW_DEPTH_MAX && matrix_len < STREAMED_MIN_LEN {
        false
    } else if c.ncols() == 1 {
        matrix_vector_into(a, b.column(0), c.column_mut(0), parallel)
    } else if c.nrows() == 1 {
        // c = a @ b is c^T = b^T @ a^T, with a^T a single column.
        matrix_vector_into(b.reversed_axes(), a.row(0), c.row_mut(0), parallel)
    } else {
        false
    }
}

/// `y = mat @ x` when `mat` has contiguous rows or columns, or `false`.
fn matrix_vector_into<T: Element>(
    mat: ArrayView2<'_, T>,
    x: ArrayView1<'_, T>,
    y: ArrayViewMut1<'_, T>,
    parallel: bool,
) -> bool {
    if mat.is_empty() {
        return false;
    }
    let x = x.as_standard_layout();
    let x = x.as_slice().expect("standard layout");
    let parallel = parallel && mat.len() >= PARALLEL_MIN_FLOPS;
    if mat.row(0).as_slice().is_some() && mat.ncols() > 1 {
        row_dots_into(mat, x, y, parallel);
        true
    } else if mat.column(0).as_slice().is_some() {
        column_sums_into(mat, x, y, parallel);
        true
    } else {
        false
    }
}

/// `y[i] = dot(mat[i, :], x)` for a matrix of contiguous rows.
fn row_dots_into<T: Element>(mat: ArrayView2<'_, T>, x: &[T], mut y: ArrayViewMut1<'_, T>, parallel: bool) {
    let rows = Zip::from(&mut y).and(mat.rows());
    let row_dot = |y: &mut T, row: ArrayView1<'_, T>| *y = dot(row.as_slice().expect("contiguous row"), x);
    if parallel { rows.par_for_each(row_dot) } else { rows.for_each(row_dot) }
}

/// `y = sum over p of mat[:, p] * x[p]` for a matrix of contiguous columns,
/// in blocks of rows (one per thread where they fit in cache).
fn column_sums_into<T: Element>(mat: ArrayView2<'_, T>, x: &[T], mut y: ArrayViewMut1<'_, T>, parallel: bool) {
    let tasks = if parallel { TASKS_PER_THREAD * rayon::current_num_threads().max(1) } else { 1 };
    let block = mat.nrows().div_ceil(tasks).clamp(*COLUMN_BLOCK.start(), *COLUMN_BLOCK.end());
    let block_sums = |(mat, mut y): (ArrayView2<'_, T>, ArrayViewMut1<'_, T>)| {
        let mut sums = Array1::from_elem(y.len(), T::ZERO);
        let sums_slice = sums.as_slice_mut().expect("fresh array");
        let columns: Vec<&[T]> = mat.columns().into_iter().map(|c| c.to_slice().expect("contiguous column")).collect();
        for (p, (column, &scale)) in columns.iter().zip(x).enumerate() {
            let later = columns.get(p + COLUMNS_AHEAD).copied().unwrap_or(&[]);
            add_scaled(sums_slice, column, scale, later);
        }
        y.assign(&sums);
    };
    let (mat_blocks, y_blocks) = (mat.axis_chunks_iter(Axis(0), block), y.axis_chunks_iter_mut(Axis(0), block));
    if parallel {
        mat_blocks.into_par_iter().zip(y_blocks).for_each(block_sums);
    } else {
        mat_blocks.zip(y_blocks).for_each(block_sums);
    }
}

/// How many columns ahead of the one summed the caches are asked for.
const COLUMNS_AHEAD: usize = 2;

/// Elements of a column summed between two prefetches of a later column.
const PREFETCH_STEP: usize = 8;

/// `sums[i] += column[i] * scale`, asking the caches for `later` (a column
/// read after this one) on the way.
#[inline]
fn add_scaled<T: Element>(sums: &mut [T], column: &[T], scale: T, later: &[T]) {
    let add = |sums: &mut [T], column: &[T]| {
        for (sum, &value) in sums.iter_mut().zip(column) {
            *sum = sum.add(value.mul(scale));
        }
    };
    let mut sum_chunks = sums.chunks_exact_mut(PREFETCH_STEP);
    let column_chunks = column.chunks_exact(PREFETCH_STEP);
    let column_tail = column_chunks.remainder();
    for (k, (sums, column)) in sum_chunks.by_ref().zip(column_chunks).enumerate() {
        prefetch::stream_line(later.as_ptr().wrapping_add(k * PREFETCH_STEP));
        add(sums, column);
    }
    add(sum_chunks.into_remainder(), column_tail);
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder, s};

    use super::*;

    fn naive(a: &ArrayView2<'_, f64>, b: &ArrayView2<'_, f64>) -> Array2<f64> {
        Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| (0..a.ncols()).map(|p| a[[i, p]] * b[[p, j]]).sum())
    }

    #[test]
    fn vector_products_of_either_layout_match_naive_sums() {
        let values = |(i, j): (usize, usize)| ((i * 31 + j * 17) % 13) as f64 - 6.0;
        let c_major = Array2::from_shape_fn((9000, 30), values);
        let f_major = Array2::from_shape_fn((9000, 30).f(), values);
        let column = Array2::from_shape_fn((30, 1), |(i, _)| i as f64 - 15.0);
        let row = Array2::from_shape_fn((1, 30), |(_, j)| (j % 7) as f64);
        for mat in [c_major.view(), f_major.view(), c_major.slice(s![..;-1, ..])] {
            for parallel in [false, true] {
                let mut y = Array2::from_elem((9000, 1), f64::NAN);
                assert!(vector_product_into(mat, column.view(), y.view_mut(), parallel));
                assert_eq!(y, naive(&mat, &column.view()));
                let mut z = Array2::from_elem((1, 9000), f64::NAN);
                assert!(vector_product_into(row.view(), mat.t(), z.view_mut(), parallel));
                assert_eq!(z, naive(&row.view(), &mat.t()));
            }
        }
        let strided = c_major.slice(s![..;2, ..;3]);
        let mut y = Array2::from_elem((4500, 1), f64::NAN);
        assert!(!vector_product_into(strided, column.slice(s![..10, ..]), y.view_mut(), false));
        let large = Array2::from_shape_fn((600, 700), values);
        let column = Array2::from_shape_fn((700, 1), |(i, _)| (i % 5) as f64 - 2.0);
        let row = Array2::from_shape_fn((1, 600), |(_, j)| (j % 7) as f64);
        for parallel in [false, true] {
            let mut y = Array2::from_elem((600, 1), f64::NAN);
            assert!(vector_product_into(large.view(), column.view(), y.view_mut(), parallel));
            assert_eq!(y, naive(&large.view(), &column.view()));
            let mut z = Array2::from_elem((1, 700), f64::NAN);
            assert!(vector_product_into(row.view(), large.view(), z.view_mut(), parallel));
            assert_eq!(z, naive(&row.view(), &large.view()));
        }
        let deep = Array2::from_elem((4, SHALLOW_DEPTH_MAX + 1), 1.0);
        let mut y = Array2::from_elem((4, 1), f64::NAN);
        assert!(!vector_product_into(deep.view(), deep.t().slice(s![.., ..1]), y.view_mut(), false));
        assert!(y.iter().all(|v| v.is_nan()));
    }
}
