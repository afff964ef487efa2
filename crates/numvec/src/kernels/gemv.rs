//! Matrix-vector products `c = a @ b`, where `b` is one column or `a` one
//! row, that are shallow (depth at most [`SHALLOW_DEPTH_MAX`]: a weighted sum
//! of a few arrays, `np.einsum("i,ijk->jk", w, stack)`) or whose matrix is
//! large (at least [`STREAMED_MIN_LEN`] elements: `x @ M`, `M @ y`). `gemm`
//! packs its operands first, which costs more than the first kind, and
//! streams the second kind more slowly than two threads reading the matrix
//! once. Here the matrix is read once in its own layout, prefetched ahead:
//! dot products along contiguous rows, or scaled sums of contiguous columns
//! (for a short `c` and a deep matrix, partial sums over fixed blocks of
//! columns, each block a contiguous stretch of the matrix, then added).
//! Each element of `c` is summed in the same order whatever the thread count.

use ndarray::{Array1, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};
use rayon::prelude::*;

use super::einsum::{dot, dots};
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

/// `y[i] = dot(mat[i, :], x)` for a matrix of contiguous rows, read
/// [`ROW_GROUP`] rows at a time.
fn row_dots_into<T: Element>(mat: ArrayView2<'_, T>, x: &[T], mut y: ArrayViewMut1<'_, T>, parallel: bool) {
    let group_dots = |(rows, mut y): (ArrayView2<'_, T>, ArrayViewMut1<'_, T>)| {
        let row = |i: usize| rows.row(i).to_slice().expect("contiguous row");
        if rows.nrows() == ROW_GROUP {
            y.assign(&ArrayView1::from(&dots::<T, ROW_GROUP>(std::array::from_fn(row), x)));
        } else {
            y.iter_mut().enumerate().for_each(|(i, y)| *y = dot(row(i), x));
        }
    };
    let (row_groups, y_groups) = (mat.axis_chunks_iter(Axis(0), ROW_GROUP), y.axis_chunks_iter_mut(Axis(0), ROW_GROUP));
    if parallel {
        row_groups.into_par_iter().zip(y_groups).for_each(group_dots);
    } else {
        row_groups.zip(y_groups).for_each(group_dots);
    }
}

/// Rows of a matrix read together by a product with a vector: enough
/// streams per core to keep memory busy, few enough for the prefetcher.
const ROW_GROUP: usize = 4;

/// `y = sum over p of mat[:, p] * x[p]` for a matrix of contiguous columns:
/// in blocks of columns when `y` is short and the matrix deep, otherwise in
/// blocks of rows (one per thread where they fit in cache).
fn column_sums_into<T: Element>(mat: ArrayView2<'_, T>, x: &[T], y: ArrayViewMut1<'_, T>, parallel: bool) {
    if mat.nrows() <= PARTIAL_SUMS_MAX_LEN && mat.ncols() >= 2 * DEPTH_BLOCK {
        column_block_sums_into(mat, x, y, parallel);
    } else {
        row_block_sums_into(mat, x, y, parallel);
    }
}

/// The longest `y` summed in blocks of columns: one partial `y` per block
/// stays in the L2 cache while its columns stream past.
const PARTIAL_SUMS_MAX_LEN: usize = 1 << 13;

/// Columns per block of a column-blocked sum (fixed, so that the result
/// does not depend on the thread count).
const DEPTH_BLOCK: usize = 256;

/// [`column_sums_into`] as partial sums over blocks of [`DEPTH_BLOCK`]
/// adjacent columns, each block streaming its part of the matrix in order,
/// added pairwise in a tree fixed by the number of blocks (so the pairs are
/// added on the pool's threads as they finish, not one by one at the end).
fn column_block_sums_into<T: Element>(mat: ArrayView2<'_, T>, x: &[T], mut y: ArrayViewMut1<'_, T>, parallel: bool) {
    y.assign(&ArrayView1::from(&block_tree_sum(mat, x, parallel)));
}

/// The sum over `mat`'s blocks of [`DEPTH_BLOCK`] columns of their scaled
/// column sums: one block summed in order, more split in two halves of
/// whole blocks, summed apart and added.
fn block_tree_sum<T: Element>(mat: ArrayView2<'_, T>, x: &[T], parallel: bool) -> Vec<T> {
    let blocks = mat.ncols().div_ceil(DEPTH_BLOCK);
    if blocks <= 1 {
        // Small separate buffers come from the allocator's reused memory;
        // one large one would be fresh pages, each faulted in.
        let mut sums = vec![T::ZERO; mat.nrows()];
        sum_scaled_columns(&mut sums, mat, x);
        return sums;
    }
    let split = blocks / 2 * DEPTH_BLOCK;
    let (left, right) = mat.split_at(Axis(1), split);
    let (left_x, right_x) = x.split_at(split);
    let halves = || block_tree_sum(left, left_x, parallel);
    let (mut sums, right_sums) = if parallel {
        rayon::join(halves, || block_tree_sum(right, right_x, parallel))
    } else {
        (halves(), block_tree_sum(right, right_x, parallel))
    };
    sums.iter_mut().zip(&right_sums).for_each(|(s, &r)| *s = s.add(r));
    sums
}

/// [`column_sums_into`] in blocks of rows.
fn row_block_sums_into<T: Element>(mat: ArrayView2<'_, T>, x: &[T], mut y: ArrayViewMut1<'_, T>, parallel: bool) {
    let tasks = if parallel { TASKS_PER_THREAD * rayon::current_num_threads().max(1) } else { 1 };
    let block = mat.nrows().div_ceil(tasks).clamp(*COLUMN_BLOCK.start(), *COLUMN_BLOCK.end());
    let block_sums = |(mat, mut y): (ArrayView2<'_, T>, ArrayViewMut1<'_, T>)| {
        if let Some(sums) = y.as_slice_mut() {
            sums.fill(T::ZERO);
            sum_scaled_columns(sums, mat, x);
        } else {
            let mut sums = Array1::from_elem(y.len(), T::ZERO);
            sum_scaled_columns(sums.as_slice_mut().expect("fresh array"), mat, x);
            y.assign(&sums);
        }
    };
    let (mat_blocks, y_blocks) = (mat.axis_chunks_iter(Axis(0), block), y.axis_chunks_iter_mut(Axis(0), block));
    if parallel {
        mat_blocks.into_par_iter().zip(y_blocks).for_each(block_sums);
    } else {
        mat_blocks.zip(y_blocks).for_each(block_sums);
    }
}

/// `sums += sum over p of mat[:, p] * x[p]`, adding the columns in order,
/// [`COLUMN_GROUP`] of them per pass over `sums`.
fn sum_scaled_columns<T: Element>(sums: &mut [T], mat: ArrayView2<'_, T>, x: &[T]) {
    let columns: Vec<&[T]> = mat.columns().into_iter().map(|c| c.to_slice().expect("contiguous column")).collect();
    for (group, scales) in columns.chunks_exact(COLUMN_GROUP).zip(x.chunks_exact(COLUMN_GROUP)) {
        add_scaled::<T, COLUMN_GROUP>(
            sums,
            group.try_into().expect("a whole group"),
            scales.try_into().expect("a whole group"),
        );
    }
    let whole = columns.len() - columns.len() % COLUMN_GROUP;
    add_scaled_rest(sums, &columns[whole..], &x[whole..]);
}

/// [`add_scaled`] of the fewer than [`COLUMN_GROUP`] columns left after
/// the whole groups, in one pass over `sums`.
fn add_scaled_rest<T: Element>(sums: &mut [T], columns: &[&[T]], scales: &[T]) {
    macro_rules! in_one_pass {
        ($($n:literal)*) => {
            match columns.len() {
                0 => {}
                $($n => add_scaled::<T, $n>(
                    sums,
                    columns.try_into().expect("the matched length"),
                    scales.try_into().expect("as many scales as columns"),
                ),)*
                _ => unreachable!("fewer than COLUMN_GROUP columns are left"),
            }
        };
    }
    const { assert!(COLUMN_GROUP == 8, "the rests matched below are 1 to 7 columns") };
    in_one_pass!(1 2 3 4 5 6 7);
}

/// Columns added per pass over the partial sums: each sum is loaded and
/// stored once per group instead of once per column, and the group's
/// columns stream together.
const COLUMN_GROUP: usize = 8;

/// Elements of each column added per step of [`add_scaled`]: a cache line of `f64`.
const COLUMN_STEP: usize = 8;

/// `sums[i] += columns[0][i] * scales[0] + columns[1][i] * scales[1] + ...`,
/// added one column after the other (the order of a column-by-column sum),
/// each column prefetched a little ahead.
#[inline]
fn add_scaled<T: Element, const N: usize>(sums: &mut [T], columns: [&[T]; N], scales: [T; N]) {
    let add = |sum: T, values: [T; N]| (0..N).fold(sum, |acc, c| acc.add(values[c].mul(scales[c])));
    assert!(columns.iter().all(|column| column.len() == sums.len()), "columns as long as the sums");
    let whole = sums.len() - sums.len() % COLUMN_STEP;
    let (head, tail) = sums.split_at_mut(whole);
    for (k, step) in head.chunks_exact_mut(COLUMN_STEP).enumerate() {
        let base = k * COLUMN_STEP;
        let parts: [&[T; COLUMN_STEP]; N] =
            std::array::from_fn(|c| columns[c][base..base + COLUMN_STEP].try_into().expect("a whole step"));
        parts.iter().for_each(|part| prefetch::near_ahead(part.as_ptr()));
        for (i, sum) in step.iter_mut().enumerate() {
            *sum = add(*sum, std::array::from_fn(|c| parts[c][i]));
        }
    }
    for (i, sum) in tail.iter_mut().enumerate() {
        *sum = add(*sum, std::array::from_fn(|c| columns[c][whole + i]));
    }
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

    #[test]
    fn column_sums_of_every_depth_match_naive_sums_in_any_result_layout() {
        for depth in 1..=2 * COLUMN_GROUP + 1 {
            let mat = Array2::from_shape_fn((9000, depth).f(), |(i, j)| ((i * 7 + j * 5) % 11) as f64 - 5.0);
            let column = Array2::from_shape_fn((depth, 1), |(p, _)| p as f64 * 0.5 - 2.0);
            let expected = naive(&mat.view(), &column.view());
            for parallel in [false, true] {
                let mut y = Array2::from_elem((9000, 1), f64::NAN);
                assert!(vector_product_into(mat.view(), column.view(), y.view_mut(), parallel));
                assert_eq!(y, expected);
                let mut spaced = Array2::from_elem((18000, 1), f64::NAN);
                assert!(vector_product_into(mat.view(), column.view(), spaced.slice_mut(s![..;2, ..]), parallel));
                assert_eq!(spaced.slice(s![..;2, ..]), expected);
                assert!(spaced.slice(s![1..;2, ..]).iter().all(|v| v.is_nan()));
            }
        }
    }
}
