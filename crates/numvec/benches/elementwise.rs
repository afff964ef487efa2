//! Benchmarks of numvec's elementwise operations.

fn main() {}
