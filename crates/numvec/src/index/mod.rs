//! NumPy's indexing for ndarray arrays: basic and advanced indexing
//! ([`get`], [`set`], [`view`]), gathers along axes, `ufunc.at` scatters,
//! diagonals, triangles and masks.
//!
//! Keys are lists of [`IndexItem`]s, most easily written with
//! [`idx!`](crate::idx): `idx![.., 0, &rows, NewAxis]` is NumPy's
//! `a[:, 0, rows, None]`.

mod diag;
mod get;
mod mask;
mod scatter;
mod set;
pub mod spec;
mod take;
mod tri;

pub use diag::{diag, diagonal};
pub use get::{get, view};
pub use mask::{masked_fill, putmask};
pub use scatter::{add_at, maximum_at, minimum_at, multiply_at, subtract_at};
pub use set::set;
pub use spec::{Ellipsis, IndexItem, NewAxis};
pub use take::{put_along_axis, take, take_along_axis};
pub use tri::{tri, tril, tril_fill, triu, triu_fill};

/// A standard-layout copy of `view`. Empty views are rebuilt from their
/// shape alone: NumPy gives empty arrays strides ndarray's copy rejects.
pub(crate) fn copy_of<A: Clone>(view: &ndarray::ArrayViewD<'_, A>) -> ndarray::ArrayD<A> {
    if view.is_empty() {
        return ndarray::ArrayD::from_shape_simple_fn(view.raw_dim(), || {
            unreachable!("an empty array has no elements")
        });
    }
    view.as_standard_layout().into_owned()
}
