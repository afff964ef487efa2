//! Benchmarks of numvec's scan operations.

fn main() {}
