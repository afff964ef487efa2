//! Matrix products `c = a @ b` of strided 2-D views: `f32` and `f64` through
//! the `gemm` crate (packed, SIMD, strides handed over as they are) or, for
//! shallow or large matrix-vector products, [`super::gemv`], or for tiny
//! products a plain blocked kernel; `bool`, `i32` and `i64` through that
//! blocked kernel, which is exact (wrapping like NumPy).
//!
//! Neither kernel splits the inner (`k`) dimension across threads, so every
//! element of `c` is summed in the same order whatever the thread count.

use ndarray::{ArrayView2, ArrayViewMut2, Axis, Zip};
use rayon::prelude::*;

use super::gemv::vector_product_into;
use crate::element::Element;

/// Products with at least this many multiply-adds run on rayon's pool.
pub(crate) const PARALLEL_MIN_FLOPS: usize = 1 << 18;

/// Float products of at most this many multiply-adds take the blocked
/// kernel: `gemm`'s dispatch and packing cost more than the product.
const SMALL_PRODUCT_MAX_FLOPS: usize = 1 << 10;

/// Rows of `a` (and `c`) handled together by the blocked kernel: a block of
/// `b` is read once for this many rows.
const EXACT_ROW_BLOCK: usize = 16;
/// Depth of a block of the blocked kernel: this many rows of `b` stay in cache.
const EXACT_DEPTH_BLOCK: usize = 128;

/// An element type with a matrix-product kernel.
pub trait MatrixProduct: Element {
    /// Stores `a @ b` into `c` (`a` is `m x k`, `b` is `k x n`, `c` is
    /// `m x n`); with `parallel`, the work may be split across rayon's pool.
    fn product_into(a: ArrayView2<'_, Self>, b: ArrayView2<'_, Self>, c: ArrayViewMut2<'_, Self>, parallel: bool);
}

/// Implements [`MatrixProduct`] for each listed type with the given kernel.
macro_rules! product_kernel {
    ($($kernel:ident: $($t:ty),+;)*) => {$($(
        impl MatrixProduct for $t {
            fn product_into(a: ArrayView2<'_, Self>, b: ArrayView2<'_, Self>, c: ArrayViewMut2<'_, Self>, parallel: bool) {
                $kernel(a, b, c, parallel);
            }
        }
    )+)*};
}
product_kernel! {
    blocked_product_into: bool, i32, i64;
    float_product_into: f32, f64;
}

/// `(m, k, n)` of the product `c (m x n) = a (m x k) @ b (k x n)`.
///
/// # Panics
/// When the shapes do not fit (a planning error, never a user error).
fn product_dims<T>(a: &ArrayView2<'_, T>, b: &ArrayView2<'_, T>, c: &ArrayViewMut2<'_, T>) -> (usize, usize, usize) {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert!(b.nrows() == k && c.dim() == (m, n), "matrix product of mismatched shapes");
    (m, k, n)
}

/// `c = a @ b` through `gemm`, with the strides of all three views as they are.
fn float_product_into<T: Element>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut c: ArrayViewMut2<'_, T>,
    parallel: bool,
) {
    let (m, k, n) = product_dims(&a, &b, &c);
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.fill(T::ZERO);
        return;
    }
    if m * n * k <= SMALL_PRODUCT_MAX_FLOPS {
        return blocked_product_into(a, b, c, false);
    }
    if vector_product_into(a.view(), b.view(), c.view_mut(), parallel) {
        return;
    }
    let parallelism = if parallel && m * n * k >= PARALLEL_MIN_FLOPS {
        gemm::Parallelism::Rayon(rayon::current_num_threads())
    } else {
        gemm::Parallelism::None
    };
    let (cs, ast, bs) = (c.strides().to_vec(), a.strides(), b.strides());
    // SAFETY: the three pointers and their (row, column) strides describe the
    // views `a` (m x k), `b` (k x n) and `c` (m x n) exactly, so `gemm` reads
    // and writes only their elements; `c` is a unique borrow whose elements
    // are pairwise distinct (a mutable view cannot alias itself) and does not
    // overlap `a` or `b`, which are shared borrows alive for the whole call;
    // `read_dst` is false, so `c` is only written, never read. `T` is `f32`
    // or `f64` (the only callers), which `gemm` supports.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            cs[1],
            cs[0],
            false,
            a.as_ptr(),
            ast[1],
            ast[0],
            b.as_ptr(),
            bs[1],
            bs[0],
            T::ZERO,
            T::ONE,
            false,
            false,
            false,
            parallelism,
        );
    }
}

/// `c = a @ b` with each element summed in order of depth (exact for
/// integers, wrapping, and and-or for `bool`), blocked
/// over rows of `a` and depth, rows of `c` split across threads.
fn blocked_product_into<T: Element>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut c: ArrayViewMut2<'_, T>,
    parallel: bool,
) {
    let (m, k, n) = product_dims(&a, &b, &c);
    c.fill(T::ZERO);
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    let block = |(a_rows, mut c_rows): (ArrayView2<'_, T>, ArrayViewMut2<'_, T>)| {
        for depth in (0..k).step_by(EXACT_DEPTH_BLOCK) {
            let depth_end = (depth + EXACT_DEPTH_BLOCK).min(k);
            for (a_row, mut c_row) in a_rows.outer_iter().zip(c_rows.outer_iter_mut()) {
                for p in depth..depth_end {
                    let x = a_row[p];
                    Zip::from(&mut c_row).and(b.row(p)).for_each(|c, &y| *c = c.add(x.mul(y)));
                }
            }
        }
    };
    let a_blocks = a.axis_chunks_iter(Axis(0), EXACT_ROW_BLOCK);
    let c_blocks = c.axis_chunks_iter_mut(Axis(0), EXACT_ROW_BLOCK);
    if parallel && m * n * k >= PARALLEL_MIN_FLOPS {
        a_blocks.into_par_iter().zip(c_blocks.into_par_iter()).for_each(block);
    } else {
        a_blocks.zip(c_blocks).for_each(block);
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder, array, s};

    use super::*;

    fn naive(a: &Array2<i64>, b: &Array2<i64>) -> Array2<i64> {
        Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| (0..a.ncols()).map(|p| a[[i, p]] * b[[p, j]]).sum())
    }

    #[test]
    fn blocked_kernel_matches_naive_across_blocks() {
        let a = Array2::from_shape_fn((37, 300), |(i, j)| (i as i64 * 7 + j as i64 * 3) % 11 - 5);
        let b = Array2::from_shape_fn((300, 9), |(i, j)| (i as i64 + 2 * j as i64) % 5 - 2);
        for parallel in [false, true] {
            let mut c = Array2::from_elem((37, 9), 99);
            i64::product_into(a.view(), b.view(), c.view_mut(), parallel);
            assert_eq!(c, naive(&a, &b));
        }
    }

    #[test]
    fn float_kernel_takes_any_strides() {
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let b = array![[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]];
        // Reversed inputs and a column-major output.
        let mut c = Array2::from_elem((2, 2).f(), f64::NAN);
        f64::product_into(a.slice(s![.., ..;-1]), b.slice(s![..;-1, ..]), c.view_mut(), false);
        assert_eq!(c, array![[7.0, 8.0], [16.0, 17.0]]);
        let mut empty_k = Array2::from_elem((2, 2), f32::NAN);
        f32::product_into(Array2::zeros((2, 0)).view(), Array2::zeros((0, 2)).view(), empty_k.view_mut(), false);
        assert_eq!(empty_k, Array2::<f32>::zeros((2, 2)));
    }
}
