//! NumPy-compatible random numbers: [`RandomState`] reproduces NumPy's legacy
//! `numpy.random.RandomState` bit for bit, for integer seeds
//! ([`RandomState::new`]) and sequence seeds ([`RandomState::from_key`]).
//!
//! Covered: `random_sample`/`rand`, `standard_normal`/`randn` (the polar
//! method with its cached second value; large draws use all cores),
//! `normal`, `uniform`, `randint` (int64 and int32), `shuffle`, `permutation`, `choice` (with or without replacement,
//! with or without `p`) and `get_state`/`set_state`, in any interleaving.
//! The tests compare each against values NumPy produced
//! (`scripts/gen_golden.py`).
//!
//! ```
//! use numvec::random::RandomState;
//!
//! // numpy.random.RandomState(42).random_sample(2) -> [0.3745401188473625, 0.9507143064099162]
//! let mut rs = RandomState::new(42);
//! let x = rs.random_sample(&[2])?;
//! assert_eq!(x.as_slice().unwrap(), &[0.3745401188473625, 0.9507143064099162]);
//! # Ok::<(), numvec::Error>(())
//! ```

mod gauss;
mod mt19937;
mod sampling;
mod state;

pub use mt19937::STATE_LEN;
pub use state::{MtState, RandintType, RandomState};
