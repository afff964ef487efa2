//! Deterministic inputs for the challenges, drawn with numvec's
//! NumPy-compatible generator: [`SeedStream`] replays the seed document's
//! `np.random.seed(42)` and its draws in order, so the verifications see the
//! very numbers the seed's Python sees; [`randn`] makes the large timing
//! inputs, equal to `np.random.RandomState(s).randn(*shape)` bit for bit.

use ndarray::{Array, Array1, Dimension, IntoDimension};
use numvec::random::RandomState;

/// The seed the challenges use, as the seed document's `np.random.seed(42)`.
pub const SEED: u32 = 42;

/// The seed's global random stream after `np.random.seed(42)`: each draw
/// continues where the one before stopped, as the seed's module-level
/// `np.random.randn` calls do.
pub struct SeedStream(RandomState);

impl SeedStream {
    /// The stream right after `np.random.seed(42)`.
    pub fn new() -> Self {
        SeedStream::seeded(SEED)
    }

    /// The stream right after `np.random.seed(seed)`.
    pub fn seeded(seed: u32) -> Self {
        SeedStream(RandomState::new(seed))
    }

    /// The next `np.random.randn(*shape)`.
    ///
    /// # Errors
    /// [`numvec::Error::TooLarge`] when the shape's size overflows.
    pub fn randn<Sh: IntoDimension>(&mut self, shape: Sh) -> numvec::Result<Array<f64, Sh::Dim>> {
        let dim = shape.into_dimension();
        numvec::broadcast::into_dimensionality(self.0.randn(dim.slice())?)
    }

    /// The next `np.random.randint(low, high, n)`.
    ///
    /// # Errors
    /// [`numvec::Error::InvalidArgument`] when `low >= high`.
    pub fn randint(&mut self, low: i64, high: i64, n: usize) -> numvec::Result<Array1<i64>> {
        numvec::broadcast::into_dimensionality(self.0.randint(low, high, &[n])?)
    }
}

/// An array of `shape` filled, in C order, with the standard-normal values
/// NumPy's `RandomState(seed).randn(*shape)` draws.
///
/// # Errors
/// [`numvec::Error::TooLarge`] when the shape's size overflows.
pub fn randn<Sh: IntoDimension>(shape: Sh, seed: u32) -> numvec::Result<Array<f64, Sh::Dim>> {
    SeedStream::seeded(seed).randn(shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_numpys_legacy_normals() -> numvec::Result<()> {
        // np.random.RandomState(42).randn(2)
        let x = randn(2, SEED)?;
        assert_eq!(x.to_vec(), vec![0.4967141530112327, -0.13826430117118466]);
        Ok(())
    }

    #[test]
    fn the_seed_stream_continues_across_draws() -> numvec::Result<()> {
        // np.random.seed(42); np.random.randn(1); np.random.randn(1)
        let mut stream = SeedStream::new();
        assert_eq!(stream.randn(1)?.to_vec(), vec![0.4967141530112327]);
        assert_eq!(stream.randn(1)?.to_vec(), vec![-0.13826430117118466]);
        Ok(())
    }

    #[test]
    fn the_same_seed_gives_the_same_values() -> numvec::Result<()> {
        assert_eq!(randn((3, 4), 7)?, randn((3, 4), 7)?);
        Ok(())
    }
}
