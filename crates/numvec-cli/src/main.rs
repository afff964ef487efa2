//! The `numvec` command.

fn main() {}
