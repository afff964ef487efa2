//! Deterministic inputs for the challenges: standard-normal values from a seed.
//!
//! The generator is SplitMix64 (Steele, Lea & Flood, "Fast splittable
//! pseudorandom number generators", 2014) feeding the Box–Muller transform.
//! It is small, portable and reproducible on every platform, but it is not
//! NumPy's Mersenne Twister: the values differ from
//! `np.random.seed(42); np.random.randn(...)`, while their distribution is the
//! same. Everything goes through [`randn`] so that a NumPy-compatible
//! generator can take its place without touching the challenges.

use std::f64::consts::TAU;

use ndarray::{Array, Dimension, ErrorKind, IntoDimension, ShapeError};

/// The seed the challenges use, as the seed document's `np.random.seed(42)`.
pub const SEED: u64 = 42;

/// An array of `shape` filled, in C order, with standard-normal values drawn
/// from a generator started at `seed`; the same `shape` and `seed` always give
/// the same array.
///
/// # Errors
/// A [`ShapeError`] when the shape's size overflows `usize`.
pub fn randn<Sh: IntoDimension>(shape: Sh, seed: u64) -> Result<Array<f64, Sh::Dim>, ShapeError> {
    let dim = shape.into_dimension();
    let len = dim.size_checked().ok_or_else(|| ShapeError::from_kind(ErrorKind::Overflow))?;
    let mut normals = Normals::new(seed);
    Array::from_shape_vec(dim, (0..len).map(|_| normals.next_value()).collect())
}

/// SplitMix64: a 64-bit state advanced by a Weyl sequence and scrambled by a
/// bijective mixer; every seed gives a full-period stream.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform value in `(0, 1]` with 53 random bits (never 0, so its
    /// logarithm is finite).
    fn next_open_unit(&mut self) -> f64 {
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        ((self.next_u64() >> 11) + 1) as f64 * SCALE
    }
}

/// Standard-normal values by the Box–Muller transform: each pair of uniforms
/// gives two independent normals, the second kept for the next call.
struct Normals {
    uniform: SplitMix64,
    spare: Option<f64>,
}

impl Normals {
    fn new(seed: u64) -> Self {
        Normals { uniform: SplitMix64 { state: seed }, spare: None }
    }

    /// The next standard-normal value.
    fn next_value(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let radius = (-2.0 * self.uniform.next_open_unit().ln()).sqrt();
        let angle = TAU * self.uniform.next_open_unit();
        self.spare = Some(radius * angle.sin());
        radius * angle.cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_values_and_distinct_seeds_differ() {
        let a = randn((3, 4), SEED).unwrap();
        assert_eq!(a, randn((3, 4), SEED).unwrap());
        assert_ne!(a, randn((3, 4), SEED + 1).unwrap());
    }

    #[test]
    fn values_look_standard_normal() {
        let x = randn(100_000, SEED).unwrap();
        let mean = x.mean().unwrap();
        let var = x.mapv(|v| (v - mean) * (v - mean)).mean().unwrap();
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        assert!(x.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn splitmix64_matches_the_reference_stream() {
        // The first outputs of the reference C implementation seeded with 0.
        let mut g = SplitMix64 { state: 0 };
        assert_eq!(g.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(g.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }
}
