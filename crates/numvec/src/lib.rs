//! # numvec
//!
//! NumPy's vectorization toolkit for Rust's [`ndarray`]: elementwise
//! operations with broadcasting, reductions, scans and window statistics,
//! sorting and selection, with NumPy's semantics (names, dtype rules, NaN
//! and signed-zero rules, errors) and parallel, cache-friendly kernels.
//!
//! Every function accepts any `ndarray` array or view, of any rank and
//! strides (reversed, sliced, broadcast), and returns an owned array.
//! Fallible functions return [`Result`] with numvec's [`Error`], whose
//! messages follow NumPy's.
//!
//! ```
//! use ndarray::array;
//! use numvec::prelude::*;
//!
//! let x = array![[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]];
//! let y = numvec::relu(&x);
//! assert_eq!(y, array![[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]]);
//! let centered = numvec::subtract(&x, &array![[2.0 / 3.0], [-5.0 / 3.0]])?;
//! assert_eq!(centered.shape(), &[2, 3]);
//! # Ok::<(), numvec::Error>(())
//! ```
#![deny(unsafe_code)]

pub mod axis;
pub mod broadcast;
pub mod compare;
pub mod einsum;
pub mod element;
pub mod elementwise;
pub mod error;
pub mod index;
mod kernels;
mod lanes;
pub mod linalg;
pub mod memory;
pub mod normalize;
pub mod onehot;
mod output;
pub mod products;
pub mod random;
pub mod reduce;
pub mod scan;
pub mod sort;

pub use broadcast::broadcast_shapes;
pub use compare::{allclose, array_equal, isclose};
pub use einsum::{einsum, einsum_path};
pub use element::{Arithmetic, DType, Element, Float};
pub use elementwise::*;
pub use error::{Error, Result};
pub use kernels::block_cache::BlockCache;
pub use linalg::{LinalgElement, matmul};
pub use memory::{may_share_memory, shares_memory};
pub use normalize::{zscore, zscore_inplace, zscore_into};
pub use onehot::argmax_onehot;
pub use products::outer;
pub use reduce::{all, any, argmax, argmin, max, mean, min, norm, std, sum, var};
pub use scan::{cumprod, cumsum, window_mean, window_sum};
pub use sort::{argpartition, argsort, partition, sort, top_k};

/// The traits and types most programs need: `use numvec::prelude::*;`.
pub mod prelude {
    pub use crate::element::{Arithmetic, DType, Element, Float};
    pub use crate::error::{Error, Result};
}

/// The README's Rust example, compiled and run as a doctest.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
