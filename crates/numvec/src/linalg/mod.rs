//! Linear algebra on ndarray views: NumPy's `matmul`, the one matrix-multiply
//! entry point every matrix product of numvec goes through, and SciPy's
//! `cdist` on top of it.

pub mod distance;
pub mod matmul;

pub use distance::{Metric, cdist, cdist_into};
pub use matmul::{LinalgElement, matmul, matmul_into};
