//! Typed inner loops: tight loops over slices and borrowed strided lanes.
//!
//! Kernels take validated, broadcast views; they never validate user input,
//! never fail and allocate no results. This is the only module with `unsafe`
//! code (in [`block_cache`], [`einsum`], [`gather`], [`gemm`], [`hugepages`],
//! [`prefetch`], [`scatter`], [`strided`] and [`uninit`]), each block with its `// SAFETY:`
//! argument; [`block_cache`] is the global allocator programs may opt into.

/// Rows are split across threads only into parts of at least this many
/// elements: each part needs its own buffers of partial results.
pub(crate) const ROWS_TASK_LEN: usize = 1 << 19;

#[allow(unsafe_code)]
pub mod block_cache;
#[allow(unsafe_code)]
pub(crate) mod einsum;
pub mod elementwise;
pub(crate) mod extrema;
#[allow(unsafe_code)]
pub(crate) mod gather;
#[allow(unsafe_code)]
pub(crate) mod gemm;
pub(crate) mod gemv;
#[allow(unsafe_code)]
pub mod hugepages;
pub(crate) mod pairwise;
#[allow(unsafe_code)]
pub(crate) mod prefetch;
#[allow(unsafe_code)]
pub(crate) mod scatter;
pub(crate) mod seq;
#[allow(unsafe_code)]
pub(crate) mod strided;
#[allow(unsafe_code)]
pub(crate) mod uninit;
