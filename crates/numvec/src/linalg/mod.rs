//! Linear algebra on ndarray views: NumPy's `matmul`, the one matrix-multiply
//! entry point every matrix product of numvec goes through.

pub mod matmul;

pub use matmul::{LinalgElement, matmul, matmul_into};
