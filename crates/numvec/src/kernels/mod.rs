//! Typed inner loops: tight loops over slices and borrowed strided lanes.
//!
//! Kernels take validated, broadcast views; they never validate user input,
//! never fail and allocate no results (`alloc` is the one place that hands
//! out result memory). This is the only module with `unsafe` code (in
//! [`alloc`] and [`strided`]), each block with its `// SAFETY:` argument.

#[allow(unsafe_code)]
pub mod alloc;
pub mod elementwise;
pub(crate) mod extrema;
pub(crate) mod pairwise;
pub(crate) mod seq;
#[allow(unsafe_code)]
pub(crate) mod strided;
