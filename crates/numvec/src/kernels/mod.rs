//! Tight inner loops. Kernels take validated, broadcast views; they cannot
//! fail and allocate nothing. This is the only module where `unsafe` may
//! appear, each block with a `// SAFETY:` comment.

#[allow(unsafe_code)]
pub mod alloc;
pub mod elementwise;
