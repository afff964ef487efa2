//! Typed inner loops: tight loops over slices and borrowed strided lanes.
//!
//! Kernels never allocate results, never validate user input and never fail;
//! the public functions validate and plan, then call in here. This is the
//! only module with `unsafe` code (in [`strided`]), each block with its
//! `// SAFETY:` argument.

/// Rows are split across threads only into parts of at least this many
/// elements: each part needs its own buffers of partial results.
pub(crate) const ROWS_TASK_LEN: usize = 1 << 19;

pub(crate) mod extrema;
pub(crate) mod pairwise;
pub(crate) mod seq;
#[allow(unsafe_code)]
pub(crate) mod strided;
