//! NumPy's indexing for ndarray arrays: basic and advanced indexing
//! ([`get`], [`set`], [`view`]), gathers along axes, `ufunc.at` scatters,
//! diagonals, triangles and masks.
//!
//! Keys are lists of [`IndexItem`]s, most easily written with
//! [`idx!`](crate::idx): `idx![.., 0, &rows, NewAxis]` is NumPy's
//! `a[:, 0, rows, None]`.

mod get;
mod scatter;
mod set;
pub mod spec;

pub use get::{get, view};
pub use scatter::{add_at, maximum_at, minimum_at, multiply_at, subtract_at};
pub use set::set;
pub use spec::{Ellipsis, IndexItem, NewAxis};
