//! Order-preserving unsigned keys: every element type maps to an unsigned
//! integer whose order is NumPy's sort order, so that sorting and selection
//! compare integers (and radix sorting needs nothing else).
//!
//! Two maps per type:
//! - the *order key* equals for elements NumPy's sorts treat as equal:
//!   `-0.0` and `0.0` share one key, and every NaN shares the largest key;
//! - the *value key* is a bijection (every bit pattern keeps its own key, so
//!   a sorted value comes back bit for bit): `-0.0` sorts just before `0.0`,
//!   and NaNs, whatever their sign, sort after `inf`.

use std::fmt::Debug;

use crate::element::Element;

/// An unsigned key a radix sort splits into 8-bit digits.
pub trait RadixKey: Copy + Ord + Send + Sync + Debug + 'static {
    /// The number of bits of the key.
    const BITS: u32;
    /// The smallest key.
    const MIN: Self;
    /// The 8 bits of the key from bit `shift` up (`shift` at most `BITS - 8`).
    fn digit(self, shift: u32) -> usize;
    /// The key that orders the other way: `!self`.
    fn reversed(self) -> Self;
}

macro_rules! radix_key {
    ($($t:ty),*) => {$(
        impl RadixKey for $t {
            const BITS: u32 = <$t>::BITS;
            const MIN: Self = 0;
            #[inline(always)]
            fn digit(self, shift: u32) -> usize {
                usize::from((self >> shift) as u8)
            }
            #[inline(always)]
            fn reversed(self) -> Self {
                !self
            }
        }
    )*};
}

radix_key!(u8, u32, u64);

/// An element type with NumPy's sort order: `bool`, `i32`, `i64`, `f32`,
/// `f64` (false before true; integers by value; floats by value with `-0.0`
/// equal to `0.0` and NaN last).
pub trait Sortable: Element {
    /// The unsigned key type, as wide as the element.
    type Key: RadixKey;
    /// The order key: equal keys exactly for elements NumPy's sort treats as
    /// equal (`-0.0 == 0.0`, all NaNs equal and last).
    fn order_key(self) -> Self::Key;
    /// The value key: the order key's order, refined into a bijection
    /// (`-0.0` just before `0.0`, NaNs after `inf`).
    fn value_key(self) -> Self::Key;
    /// The element whose value key is `key`.
    fn from_value_key(key: Self::Key) -> Self;
}

impl Sortable for bool {
    type Key = u8;
    #[inline(always)]
    fn order_key(self) -> u8 {
        u8::from(self)
    }
    #[inline(always)]
    fn value_key(self) -> u8 {
        u8::from(self)
    }
    #[inline(always)]
    fn from_value_key(key: u8) -> bool {
        key != 0
    }
}

macro_rules! sortable_integer {
    ($t:ty, $key:ty) => {
        impl Sortable for $t {
            type Key = $key;
            #[inline(always)]
            fn order_key(self) -> $key {
                (self as $key) ^ (1 << (<$key>::BITS - 1))
            }
            #[inline(always)]
            fn value_key(self) -> $key {
                self.order_key()
            }
            #[inline(always)]
            fn from_value_key(key: $key) -> $t {
                (key ^ (1 << (<$key>::BITS - 1))) as $t
            }
        }
    };
}

sortable_integer!(i32, u32);
sortable_integer!(i64, u64);

macro_rules! sortable_float {
    ($t:ty, $key:ty) => {
        impl Sortable for $t {
            type Key = $key;
            #[inline(always)]
            fn order_key(self) -> $key {
                if self.is_nan() {
                    return <$key>::MAX;
                }
                // `x + 0.0` turns `-0.0` into `0.0` and keeps every other value.
                monotone((self + 0.0).to_bits())
            }
            #[inline(always)]
            fn value_key(self) -> $key {
                // `monotone` puts negative NaNs below `-inf`; shifting every key
                // down by `-inf`'s key (wrapping) moves them above all numbers.
                monotone(self.to_bits()).wrapping_sub(monotone((<$t>::NEG_INFINITY).to_bits()))
            }
            #[inline(always)]
            fn from_value_key(key: $key) -> $t {
                let key = key.wrapping_add(monotone((<$t>::NEG_INFINITY).to_bits()));
                let sign = 1 << (<$key>::BITS - 1);
                <$t>::from_bits(if key & sign != 0 { key & !sign } else { !key })
            }
        }

        impl Monotone for $key {
            #[inline(always)]
            fn monotone(self) -> $key {
                let sign = 1 << (<$key>::BITS - 1);
                if self & sign != 0 { !self } else { self | sign }
            }
        }
    };
}

/// The classic map of IEEE-754 bits to an unsigned key in numeric order:
/// negative numbers have all bits flipped, positive ones the sign bit set.
trait Monotone {
    fn monotone(self) -> Self;
}

#[inline(always)]
fn monotone<K: Monotone>(bits: K) -> K {
    bits.monotone()
}

sortable_float!(f32, u32);
sortable_float!(f64, u64);

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered<A: Sortable>(values: &[A]) {
        for pair in values.windows(2) {
            assert!(pair[0].order_key() <= pair[1].order_key(), "{pair:?}");
            assert!(pair[0].value_key() < pair[1].value_key(), "{pair:?}");
        }
        for &v in values {
            assert_eq!(A::from_value_key(v.value_key()).value_key(), v.value_key(), "{v:?}");
        }
    }

    #[test]
    fn floats_order_like_numpy() {
        let neg_nan = -f64::NAN;
        ordered(&[f64::NEG_INFINITY, -1.5, -f64::MIN_POSITIVE, -0.0, 0.0, 1e-300, 2.0, f64::INFINITY, f64::NAN]);
        assert_eq!((-0.0_f64).order_key(), 0.0_f64.order_key());
        assert_eq!(neg_nan.order_key(), f64::NAN.order_key());
        assert!(neg_nan.value_key() > f64::INFINITY.value_key());
        assert_eq!(f64::from_value_key(neg_nan.value_key()).to_bits(), neg_nan.to_bits());
        assert_eq!(f64::from_value_key((-0.0_f64).value_key()).to_bits(), (-0.0_f64).to_bits());
        ordered(&[f32::NEG_INFINITY, -1.0, -0.0, 0.0, 3.0, f32::INFINITY, f32::NAN]);
        assert!((-f32::NAN).value_key() > f32::INFINITY.value_key());
    }

    #[test]
    fn integers_and_bools_order_by_value() {
        ordered(&[i64::MIN, -1, 0, 1, i64::MAX]);
        ordered(&[i32::MIN, -7, 0, 7, i32::MAX]);
        ordered(&[false, true]);
    }
}
