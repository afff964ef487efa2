//! The 32-bit Mersenne Twister (MT19937) of Matsumoto and Nishimura, with the
//! state layout NumPy exposes through `RandomState.get_state`: 624 words and a
//! position.
//!
//! The generator is written here rather than taken from a crate because NumPy's
//! `get_state`/`set_state` need the raw key and position, which generator
//! crates keep private.

use crate::kernels::uninit::Slot;

/// Number of 32-bit words in the state.
pub const STATE_LEN: usize = 624;
const SHIFT: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// MT19937 state: the key and the index of the next word to temper.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Mt19937 {
    pub(crate) key: [u32; STATE_LEN],
    pub(crate) pos: usize,
}

impl Mt19937 {
    /// The reference `init_genrand` seeding, which NumPy's legacy seeding
    /// applies to an integer seed.
    pub(crate) fn new(seed: u32) -> Self {
        let mut key = [0u32; STATE_LEN];
        key[0] = seed;
        for i in 1..STATE_LEN {
            let prev = key[i - 1];
            key[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        Mt19937 { key, pos: STATE_LEN }
    }

    /// The reference `init_by_array` seeding, which NumPy's legacy seeding
    /// applies to a sequence of integers. `key` must not be empty.
    pub(crate) fn from_key(key: &[u32]) -> Self {
        debug_assert!(!key.is_empty());
        let mut mt = Mt19937::new(19_650_218);
        let st = &mut mt.key;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..STATE_LEN.max(key.len()) {
            let prev = st[i - 1];
            st[i] = (st[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(key[j]).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= STATE_LEN {
                st[0] = st[STATE_LEN - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..STATE_LEN - 1 {
            let prev = st[i - 1];
            st[i] = (st[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= STATE_LEN {
                st[0] = st[STATE_LEN - 1];
                i = 1;
            }
        }
        st[0] = 0x8000_0000;
        mt
    }

    /// Regenerates all 624 words.
    fn generate(&mut self) {
        #[inline(always)]
        fn twist(cur: u32, next: u32, far: u32) -> u32 {
            let y = (cur & UPPER_MASK) | (next & LOWER_MASK);
            far ^ (y >> 1) ^ (0u32.wrapping_sub(y & 1) & MATRIX_A)
        }
        let key = &mut self.key;
        // Split at the wrap-arounds of `i + 1` and `i + SHIFT` so the loops
        // index without a modulo.
        for i in 0..STATE_LEN - SHIFT {
            key[i] = twist(key[i], key[i + 1], key[i + SHIFT]);
        }
        for i in STATE_LEN - SHIFT..STATE_LEN - 1 {
            key[i] = twist(key[i], key[i + 1], key[i + SHIFT - STATE_LEN]);
        }
        key[STATE_LEN - 1] = twist(key[STATE_LEN - 1], key[0], key[SHIFT - 1]);
        self.pos = 0;
    }

    /// The next tempered 32-bit output.
    #[inline]
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.pos >= STATE_LEN {
            self.generate();
        }
        let y = self.key[self.pos];
        self.pos += 1;
        temper(y)
    }

    /// Fills `out` with the next `out.len()` outputs, a run of the state at a
    /// time (the same words as that many `next_u32` calls).
    pub(crate) fn fill_u32(&mut self, mut out: &mut [u32]) {
        while !out.is_empty() {
            if self.pos >= STATE_LEN {
                self.generate();
            }
            let avail = &self.key[self.pos..];
            let k = avail.len().min(out.len());
            let (head, rest) = out.split_at_mut(k);
            head.iter_mut().zip(&avail[..k]).for_each(|(o, &y)| *o = temper(y));
            self.pos += k;
            out = rest;
        }
    }

    /// Feeds successive outputs to `f` until it returns `false`; the word it
    /// returned `false` for counts as drawn, later ones do not.
    #[inline]
    pub(crate) fn draw_while(&mut self, mut f: impl FnMut(u32) -> bool) {
        loop {
            if self.pos >= STATE_LEN {
                self.generate();
            }
            for &y in &self.key[self.pos..] {
                self.pos += 1;
                if !f(temper(y)) {
                    return;
                }
            }
        }
    }

    /// Stores `map(u)` in each slot of `out`, for doubles `u` as
    /// [`next_f64`](Self::next_f64) draws them.
    pub(crate) fn fill_f64<S: Slot<f64>>(&mut self, out: &mut [S], map: impl Fn(f64) -> f64) {
        const CHUNK: usize = 256;
        let mut words = [0u32; 2 * CHUNK];
        for block in out.chunks_mut(CHUNK) {
            let words = &mut words[..2 * block.len()];
            self.fill_u32(words);
            for (o, pair) in block.iter_mut().zip(words.chunks_exact(2)) {
                o.set(map(to_f64(pair[0], pair[1])));
            }
        }
    }

    /// Two outputs, the first in the high half (NumPy's `next_uint64` for MT19937).
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        (hi << 32) | u64::from(self.next_u32())
    }

    /// A double in `[0, 1)` with 53 random bits: 27 bits of one output and 26
    /// of the next (NumPy's `random_standard_uniform` on MT19937).
    #[inline]
    pub(crate) fn next_f64(&mut self) -> f64 {
        let a = self.next_u32();
        to_f64(a, self.next_u32())
    }
}

/// MT19937's output tempering.
#[inline(always)]
fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

/// A double in `[0, 1)` from the top 27 bits of `a` and the top 26 of `b`.
#[inline(always)]
fn to_f64(a: u32, b: u32) -> f64 {
    (f64::from(a >> 5) * 67_108_864.0 + f64::from(b >> 6)) / 9_007_199_254_740_992.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_outputs_for_the_default_seed() {
        // The reference implementation seeded with init_genrand(5489).
        let mut mt = Mt19937::new(5489);
        assert_eq!(mt.next_u32(), 3_499_211_612);
        assert_eq!(mt.next_u32(), 581_869_302);
        for _ in 2..9999 {
            mt.next_u32();
        }
        assert_eq!(mt.next_u32(), 4_123_659_995);
    }

    #[test]
    fn block_fills_match_single_draws_across_regenerations() {
        let mut one = Mt19937::new(77);
        let mut block = Mt19937::new(77);
        one.next_u32();
        block.next_u32();
        let mut words = vec![0u32; 1500];
        block.fill_u32(&mut words);
        assert!(words.iter().all(|&w| w == one.next_u32()));
        let mut doubles = vec![0.0; 700];
        block.fill_f64(&mut doubles, |u| u);
        assert!(doubles.iter().all(|&d| d.to_bits() == one.next_f64().to_bits()));
        assert_eq!(block.next_u32(), one.next_u32());
        let mut seen = 0;
        block.draw_while(|w| {
            assert_eq!(w, one.next_u32());
            seen += 1;
            seen < 1000
        });
        assert_eq!(block.next_u32(), one.next_u32());
    }

    #[test]
    fn reference_outputs_for_the_reference_key() {
        // The reference implementation's test program seeds init_by_array({0x123, 0x234, 0x345, 0x456}).
        let mut mt = Mt19937::from_key(&[0x123, 0x234, 0x345, 0x456]);
        assert_eq!(mt.next_u32(), 1_067_595_299);
        assert_eq!(mt.next_u32(), 955_945_823);
        assert_eq!(mt.next_u32(), 477_289_528);
    }
}
