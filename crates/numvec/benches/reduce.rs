//! Benchmarks of numvec's reduce operations.

fn main() {}
