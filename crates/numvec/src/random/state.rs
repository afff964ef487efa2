//! NumPy's legacy `RandomState`: MT19937 with NumPy's seeding, its 53-bit
//! doubles, its polar Box–Muller normals with a cached second value, and its
//! masked rejection sampling for bounded integers.

use std::convert::Infallible;
use std::mem::MaybeUninit;

use ndarray::{ArrayD, IxDyn};

use super::mt19937::{Mt19937, STATE_LEN};
use crate::axis::checked_size;
use crate::error::{Error, Result};
use crate::kernels::uninit::Slot;
use crate::output::{written, zeros};

/// The full state of a [`RandomState`], as NumPy's `RandomState.get_state()`
/// returns it: `('MT19937', key, pos, has_gauss, cached_gaussian)`.
#[derive(Clone, Debug, PartialEq)]
pub struct MtState {
    /// The 624 words of the Mersenne Twister state.
    pub key: Vec<u32>,
    /// Index of the next word to use; 624 means the state is regenerated first.
    pub pos: usize,
    /// Whether a second normal from the last polar draw is cached.
    pub has_gauss: bool,
    /// The cached normal (0.0 when none is cached).
    pub cached_gaussian: f64,
}

/// NumPy's legacy random generator, `numpy.random.RandomState`.
///
/// Seeded with the same integer, it produces the same numbers as NumPy,
/// bit for bit, from `random_sample`/`rand`, `standard_normal`/`randn`,
/// `normal`, `uniform`, `randint` (int64 and int32) and `shuffle`/`permutation`, in any
/// interleaving. It also implements [`rand_core::Rng`], so it works with the
/// `rand` ecosystem; its `next_u32` is MT19937's raw output.
///
/// ```
/// use numvec::random::RandomState;
///
/// // numpy.random.RandomState(0).randint(0, 10, 5) -> [5, 0, 3, 3, 7]
/// let mut rs = RandomState::new(0);
/// assert_eq!(rs.randint(0, 10, &[5])?.as_slice().unwrap(), &[5, 0, 3, 3, 7]);
/// # Ok::<(), numvec::Error>(())
/// ```
#[derive(Clone)]
pub struct RandomState {
    pub(super) mt: Mt19937,
    pub(super) has_gauss: bool,
    pub(super) gauss: f64,
}

impl std::fmt::Debug for RandomState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RandomState")
            .field("pos", &self.mt.pos)
            .field("has_gauss", &self.has_gauss)
            .field("gauss", &self.gauss)
            .finish_non_exhaustive()
    }
}

/// The integer types [`RandomState::randint_as`] draws: NumPy's `int64`
/// and `int32` dtypes.
pub trait RandintType: Copy + Send + private::Sealed {
    /// NumPy's name of the dtype, for error messages.
    const NAME: &'static str;
    /// The smallest value.
    const LOW: i64;
    /// One past the largest value.
    const HIGH: i128;
    /// The value of the low bits of `value` (two's complement wrap-around).
    fn wrap(value: u64) -> Self;
}

mod private {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
}

impl RandintType for i32 {
    const NAME: &'static str = "int32";
    const LOW: i64 = i32::MIN as i64;
    const HIGH: i128 = i32::MAX as i128 + 1;
    #[inline(always)]
    fn wrap(value: u64) -> Self {
        value as i32
    }
}

impl RandintType for i64 {
    const NAME: &'static str = "int64";
    const LOW: i64 = i64::MIN;
    const HIGH: i128 = i64::MAX as i128 + 1;
    #[inline(always)]
    fn wrap(value: u64) -> Self {
        value as i64
    }
}

/// A C-ordered array of `shape` from successive draws.
fn drawn_each<T: Copy + Send>(shape: &[usize], mut draw: impl FnMut() -> T) -> Result<ArrayD<T>> {
    written(IxDyn(shape), |out| out.iter_mut().for_each(|o| o.set(draw())))
}

/// The smallest `2**k - 1` that is at least `max`.
#[inline]
fn mask_for(max: u64) -> u64 {
    if max == 0 { 0 } else { u64::MAX >> max.leading_zeros() }
}

impl RandomState {
    /// An array of `shape` holding `map(z)` for successive standard normals `z`.
    fn gaussians(&mut self, shape: &[usize], map: impl Fn(f64) -> f64 + Sync) -> Result<ArrayD<f64>> {
        let mut out = zeros(IxDyn(shape))?;
        self.fill_gauss(out.as_slice_mut().expect("a fresh array is contiguous"), map);
        Ok(out)
    }

    /// NumPy's `numpy.random.RandomState(seed)` for an integer seed.
    ///
    /// The seed goes through MT19937's `init_genrand`, as NumPy's legacy
    /// seeding does for an integer.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let mut a = RandomState::new(7);
    /// let mut b = RandomState::new(7);
    /// assert_eq!(a.randn(&[3])?, b.randn(&[3])?);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn new(seed: u32) -> Self {
        RandomState { mt: Mt19937::new(seed), has_gauss: false, gauss: 0.0 }
    }

    /// NumPy's `numpy.random.RandomState(key)` for a sequence of integers
    /// (a 1-D seed array): MT19937's `init_by_array`, as NumPy's legacy
    /// seeding does for a sequence.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] `"Seed must be non-empty"` for an empty key.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// // numpy.random.RandomState([1, 2, 3]).randint(0, 100, 3) -> [94, 25, 67]
    /// let mut rs = RandomState::from_key(&[1, 2, 3])?;
    /// assert_eq!(rs.randint(0, 100, &[3])?.as_slice().unwrap(), &[94, 25, 67]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn from_key(key: &[u32]) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::InvalidArgument("Seed must be non-empty".into()));
        }
        Ok(RandomState { mt: Mt19937::from_key(key), has_gauss: false, gauss: 0.0 })
    }

    /// NumPy's `RandomState.seed(seed)`: reseeds and drops any cached normal.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let mut rs = RandomState::new(1);
    /// let first = rs.rand(&[2])?;
    /// rs.seed(1);
    /// assert_eq!(rs.rand(&[2])?, first);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn seed(&mut self, seed: u32) {
        *self = RandomState::new(seed);
    }

    /// NumPy's `RandomState.get_state()` (the legacy tuple's fields).
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let st = RandomState::new(3).get_state();
    /// assert_eq!((st.key[0], st.pos, st.has_gauss), (3, 624, false));
    /// ```
    pub fn get_state(&self) -> MtState {
        MtState { key: self.mt.key.to_vec(), pos: self.mt.pos, has_gauss: self.has_gauss, cached_gaussian: self.gauss }
    }

    /// NumPy's `RandomState.set_state(state)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if the key does not have 624 words or the
    /// position is past 624.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let mut rs = RandomState::new(5);
    /// let saved = rs.get_state();
    /// let a = rs.randn(&[3])?;
    /// rs.set_state(&saved)?;
    /// assert_eq!(rs.randn(&[3])?, a);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn set_state(&mut self, state: &MtState) -> Result<()> {
        let key: [u32; STATE_LEN] = state
            .key
            .as_slice()
            .try_into()
            .map_err(|_| Error::InvalidArgument(format!("state must be {STATE_LEN} elements")))?;
        if state.pos > STATE_LEN {
            return Err(Error::InvalidArgument(format!("pos must be at most {STATE_LEN}")));
        }
        self.mt = Mt19937 { key, pos: state.pos };
        self.has_gauss = state.has_gauss;
        self.gauss = state.cached_gaussian;
        Ok(())
    }

    /// A value in `0..=max` by masked rejection sampling: 32-bit draws when
    /// `max` fits in 32 bits, else 64-bit draws from two words (NumPy's
    /// `random_interval`, used by the legacy `shuffle`).
    #[inline]
    pub(super) fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = mask_for(max);
        if max <= u64::from(u32::MAX) {
            loop {
                let v = u64::from(self.mt.next_u32()) & mask;
                if v <= max {
                    return v;
                }
            }
        }
        loop {
            let v = self.mt.next_u64() & mask;
            if v <= max {
                return v;
            }
        }
    }

    /// NumPy's `RandomState.random_sample(size)`: doubles uniform in `[0, 1)`
    /// with 53 random bits each.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let x = RandomState::new(0).random_sample(&[2, 3])?;
    /// assert_eq!(x.shape(), &[2, 3]);
    /// assert_eq!(x[[0, 0]], 0.5488135039273248);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn random_sample(&mut self, shape: &[usize]) -> Result<ArrayD<f64>> {
        written(IxDyn(shape), |out| self.mt.fill_f64(out, |u| u))
    }

    /// NumPy's `RandomState.rand(*shape)`: the same as [`random_sample`](Self::random_sample).
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// assert_eq!(RandomState::new(0).rand(&[1])?[0], 0.5488135039273248);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn rand(&mut self, shape: &[usize]) -> Result<ArrayD<f64>> {
        self.random_sample(shape)
    }

    /// NumPy's `RandomState.standard_normal(size)`: standard normals by the
    /// legacy polar Box–Muller method, which caches every second value.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let x = RandomState::new(0).standard_normal(&[2])?;
    /// assert_eq!(x.as_slice().unwrap(), &[1.764052345967664, 0.4001572083672233]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn standard_normal(&mut self, shape: &[usize]) -> Result<ArrayD<f64>> {
        self.gaussians(shape, |z| z)
    }

    /// NumPy's `RandomState.randn(*shape)`: the same as
    /// [`standard_normal`](Self::standard_normal).
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// assert_eq!(RandomState::new(0).randn(&[1])?[0], 1.764052345967664);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn randn(&mut self, shape: &[usize]) -> Result<ArrayD<f64>> {
        self.standard_normal(shape)
    }

    /// NumPy's `RandomState.normal(loc, scale, size)`: `loc + scale * z` for
    /// legacy standard normals `z`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] `"scale < 0"` if `scale` has its sign bit set
    /// (NumPy rejects `-0.0` too; a NaN scale is accepted);
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let x = RandomState::new(0).normal(10.0, 2.0, &[1])?;
    /// assert_eq!(x[0], 10.0 + 2.0 * 1.764052345967664);
    /// assert!(RandomState::new(0).normal(0.0, -1.0, &[1]).is_err());
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn normal(&mut self, loc: f64, scale: f64, shape: &[usize]) -> Result<ArrayD<f64>> {
        if !scale.is_nan() && scale.is_sign_negative() {
            return Err(Error::InvalidArgument("scale < 0".into()));
        }
        self.gaussians(shape, |z| loc + scale * z)
    }

    /// NumPy's `RandomState.uniform(low, high, size)`: `low + (high - low) * u`
    /// for legacy doubles `u` in `[0, 1)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] `"Range exceeds valid bounds"` if
    /// `high - low` is not finite (NumPy raises `OverflowError`);
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let x = RandomState::new(0).uniform(-1.0, 1.0, &[1])?;
    /// assert_eq!(x[0], -1.0 + 2.0 * 0.5488135039273248);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn uniform(&mut self, low: f64, high: f64, shape: &[usize]) -> Result<ArrayD<f64>> {
        let range = high - low;
        if !range.is_finite() {
            return Err(Error::InvalidArgument("Range exceeds valid bounds".into()));
        }
        written(IxDyn(shape), |out| self.mt.fill_f64(out, |u| low + range * u))
    }

    /// NumPy's `RandomState.randint(low, high, size)` with the default int64
    /// dtype: integers uniform in `low..high`, by NumPy's legacy masked
    /// rejection sampling (32-bit draws when `high - low - 1` fits in 32
    /// bits, 64-bit draws from two words otherwise). The same as
    /// [`randint_as::<i64>`](Self::randint_as).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] `"low >= high"` if the range is empty and
    /// the shape is not (NumPy returns an empty array then);
    /// [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let x = RandomState::new(42).randint(0, 10, &[3])?;
    /// assert_eq!(x.as_slice().unwrap(), &[6, 3, 7]);
    /// assert!(RandomState::new(42).randint(5, 5, &[3]).is_err());
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn randint(&mut self, low: i64, high: i64, shape: &[usize]) -> Result<ArrayD<i64>> {
        self.randint_as(low, high, shape)
    }

    /// NumPy's `RandomState.randint(low, high, size, dtype)` for
    /// `dtype=int64` (`T = i64`) or `dtype=int32` (`T = i32`): the draws of
    /// [`randint`](Self::randint), stored as `T`. The bounds are `i64` so
    /// that `high` may be one past `T`'s largest value, as in NumPy.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] `"low is out of bounds for int32"` (or
    /// `high`) if a bound does not fit `T`, `"low >= high"` if the range is
    /// empty, both only when the shape is not empty (NumPy returns an empty
    /// array first); [`Error::TooLarge`] if the shape's size overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// // numpy.random.RandomState(0).randint(0, 10, 3, dtype=np.int32) -> [5, 0, 3]
    /// let x = RandomState::new(0).randint_as::<i32>(0, 10, &[3])?;
    /// assert_eq!(x.as_slice().unwrap(), &[5, 0, 3]);
    /// assert!(RandomState::new(0).randint_as::<i32>(0, 1 << 32, &[3]).is_err());
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn randint_as<T: RandintType>(&mut self, low: i64, high: i64, shape: &[usize]) -> Result<ArrayD<T>> {
        // NumPy returns an empty result before checking the bounds.
        if checked_size(shape, size_of::<T>())? == 0 {
            return written(IxDyn(shape), |_| ());
        }
        let out_of_bounds = |which| Error::InvalidArgument(format!("{which} is out of bounds for {}", T::NAME));
        if low < T::LOW {
            return Err(out_of_bounds("low"));
        }
        if i128::from(high) > T::HIGH {
            return Err(out_of_bounds("high"));
        }
        if low >= high {
            return Err(Error::InvalidArgument("low >= high".into()));
        }
        let rng = (high as u64).wrapping_sub(low as u64).wrapping_sub(1);
        let off = low as u64;
        if rng == 0 || rng >= u64::from(u32::MAX) {
            // NumPy's bounded 64-bit draws are its `random_interval`: masked
            // 64-bit rejection, a raw word at full 32- or 64-bit width.
            return drawn_each(shape, || T::wrap(off.wrapping_add(self.interval(rng))));
        }
        let (rng, mask) = (rng as u32, mask_for(rng) as u32);
        written(IxDyn(shape), |out| self.fill_masked_u32(out, off, rng, mask))
    }

    /// Stores `off + v` in every slot, `v` drawn by masked 32-bit rejection
    /// over runs of the state (`0 < rng < u32::MAX`).
    fn fill_masked_u32<T: RandintType>(&mut self, out: &mut [MaybeUninit<T>], off: u64, rng: u32, mask: u32) {
        let mut slots = out.iter_mut();
        let Some(mut slot) = slots.next() else { return };
        self.mt.draw_while(|w| {
            let v = w & mask;
            if v > rng {
                return true;
            }
            slot.set(T::wrap(off.wrapping_add(u64::from(v))));
            match slots.next() {
                Some(next) => {
                    slot = next;
                    true
                }
                None => false,
            }
        });
    }

    /// NumPy's `RandomState.shuffle(x)` for a 1-D slice: the legacy
    /// Fisher–Yates pass from the end, each index drawn by masked rejection.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let mut x = [0, 1, 2, 3, 4];
    /// RandomState::new(0).shuffle(&mut x);
    /// assert_eq!(x, [2, 0, 1, 3, 4]);
    /// ```
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.interval(i as u64) as usize;
            x.swap(i, j);
        }
    }

    /// NumPy's `RandomState.permutation(n)`: a shuffled `0..n`.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] if `n` elements do not fit in memory addressing.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// let p = RandomState::new(0).permutation(5)?;
    /// assert_eq!(p.as_slice().unwrap(), &[2, 0, 1, 3, 4]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn permutation(&mut self, n: usize) -> Result<ArrayD<i64>> {
        checked_size(&[n], size_of::<i64>())?;
        let mut v: Vec<i64> = (0..n as i64).collect();
        self.shuffle(&mut v);
        Ok(ArrayD::from_shape_vec(IxDyn(&[n]), v).expect("length n"))
    }
}

impl rand_core::TryRng for RandomState {
    type Error = Infallible;

    /// The raw MT19937 output.
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.mt.next_u32())
    }

    /// Two raw outputs, the first in the high half (as NumPy's `next_uint64`).
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.mt.next_u64())
    }

    /// Successive raw outputs in little-endian byte order.
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(4) {
            let bytes = self.mt.next_u32().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}
