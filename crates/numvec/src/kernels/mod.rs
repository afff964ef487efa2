//! The only place with `unsafe` code: small, typed primitives with no
//! allocation policy and no errors. Every `unsafe` block states why it is
//! sound in a `// SAFETY:` comment.

pub mod hugepages;
