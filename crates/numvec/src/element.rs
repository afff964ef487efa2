//! The element types numvec computes on, and NumPy's rules for each.
//!
//! The traits are sealed: numvec supports exactly NumPy's `bool`, `int32`,
//! `int64`, `float32` and `float64`, and each rule below is NumPy's.

use std::fmt::Debug;

mod sealed {
    pub trait Sealed {}
    impl Sealed for bool {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// NumPy's name for each supported element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DType {
    /// `numpy.bool`
    Bool,
    /// `numpy.int32`
    Int32,
    /// `numpy.int64`
    Int64,
    /// `numpy.float32`
    Float32,
    /// `numpy.float64`
    Float64,
}

impl DType {
    /// The dtype's name as NumPy prints it (`"float64"`).
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int32 => "int32",
            DType::Int64 => "int64",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
        }
    }
}

/// An element type numvec supports: `bool`, `i32`, `i64`, `f32` or `f64`.
///
/// Arithmetic follows NumPy: integers wrap on overflow, `bool` addition is
/// logical or and `bool` multiplication is logical and.
pub trait Element: sealed::Sealed + Copy + Send + Sync + PartialOrd + Debug + 'static {
    /// NumPy's dtype of this element type.
    const DTYPE: DType;
    /// The additive identity (`false` for `bool`).
    const ZERO: Self;
    /// The multiplicative identity (`true` for `bool`).
    const ONE: Self;
    /// The accumulator of `sum`, `cumsum` and `cumprod`: NumPy's `int64` for
    /// `bool` and the integers, the type itself for floats.
    type Acc: Arithmetic;
    /// The result type of `mean`, `var` and `std`: `float64` for `bool` and
    /// the integers, the type itself for floats.
    type Float: Float;

    /// Converts to the accumulator type.
    fn to_acc(self) -> Self::Acc;
    /// Converts to the float type (`as` conversion, like NumPy's cast).
    fn to_float(self) -> Self::Float;
    /// `self + rhs`, wrapping for integers, logical or for `bool`.
    fn add(self, rhs: Self) -> Self;
    /// `self * rhs`, wrapping for integers, logical and for `bool`.
    fn mul(self, rhs: Self) -> Self;
    /// Whether the value is a NaN (never, for non-floats).
    fn is_nan(self) -> bool;
    /// Whether the value is non-zero (NumPy's truth value; NaN is true).
    fn is_truthy(self) -> bool;

    /// NumPy's `maximum`: a NaN in either argument wins; on a tie (such as
    /// `-0.0` against `0.0`) the second argument is returned, as NumPy does.
    #[inline(always)]
    fn maximum(self, rhs: Self) -> Self {
        if self.is_nan() || self > rhs { self } else { rhs }
    }

    /// NumPy's `minimum`: a NaN in either argument wins; on a tie the second
    /// argument is returned, as NumPy does.
    #[inline(always)]
    fn minimum(self, rhs: Self) -> Self {
        if self.is_nan() || self < rhs { self } else { rhs }
    }
}

/// The element types with subtraction and negation: every type but `bool`.
pub trait Arithmetic: Element {
    /// `self - rhs`, wrapping for integers.
    fn sub(self, rhs: Self) -> Self;
    /// `-self`, wrapping for integers.
    fn neg(self) -> Self;
    /// `|self|`, wrapping for integers (`abs(i32::MIN) == i32::MIN`, like NumPy).
    fn abs(self) -> Self;
}

/// The floating-point element types, `f32` and `f64`.
pub trait Float: Arithmetic<Acc = Self, Float = Self> {
    /// Not a number.
    const NAN: Self;
    /// Positive infinity.
    const INFINITY: Self;
    /// `self / rhs`.
    fn div(self, rhs: Self) -> Self;
    /// The square root.
    fn sqrt(self) -> Self;
    /// `e` to the power `self`.
    fn exp(self) -> Self;
    /// The natural logarithm.
    fn ln(self) -> Self;
    /// Converts a count (`as` conversion).
    fn from_usize(n: usize) -> Self;
    /// Converts from `f64` (rounding to nearest).
    fn from_f64(x: f64) -> Self;
    /// Converts to `f64` (exact).
    fn to_f64(self) -> f64;
}

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    const ZERO: Self = false;
    const ONE: Self = true;
    type Acc = i64;
    type Float = f64;

    #[inline(always)]
    fn to_acc(self) -> i64 {
        i64::from(self)
    }
    #[inline(always)]
    fn to_float(self) -> f64 {
        f64::from(u8::from(self))
    }
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        self | rhs
    }
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        self & rhs
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        false
    }
    #[inline(always)]
    fn is_truthy(self) -> bool {
        self
    }
}

macro_rules! integer_element {
    ($t:ty, $dtype:ident) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dtype;
            const ZERO: Self = 0;
            const ONE: Self = 1;
            type Acc = i64;
            type Float = f64;

            #[inline(always)]
            fn to_acc(self) -> i64 {
                i64::from(self)
            }
            #[inline(always)]
            fn to_float(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn add(self, rhs: Self) -> Self {
                self.wrapping_add(rhs)
            }
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                self.wrapping_mul(rhs)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                false
            }
            #[inline(always)]
            fn is_truthy(self) -> bool {
                self != 0
            }
        }

        impl Arithmetic for $t {
            #[inline(always)]
            fn sub(self, rhs: Self) -> Self {
                self.wrapping_sub(rhs)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                self.wrapping_neg()
            }
            #[inline(always)]
            fn abs(self) -> Self {
                self.wrapping_abs()
            }
        }
    };
}

integer_element!(i32, Int32);
integer_element!(i64, Int64);

macro_rules! float_element {
    ($t:ty, $dtype:ident) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dtype;
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            type Acc = Self;
            type Float = Self;

            #[inline(always)]
            fn to_acc(self) -> Self {
                self
            }
            #[inline(always)]
            fn to_float(self) -> Self {
                self
            }
            #[inline(always)]
            fn add(self, rhs: Self) -> Self {
                self + rhs
            }
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                self * rhs
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline(always)]
            fn is_truthy(self) -> bool {
                self != 0.0
            }
        }

        impl Arithmetic for $t {
            #[inline(always)]
            fn sub(self, rhs: Self) -> Self {
                self - rhs
            }
            #[inline(always)]
            fn neg(self) -> Self {
                -self
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
        }

        impl Float for $t {
            const NAN: Self = <$t>::NAN;
            const INFINITY: Self = <$t>::INFINITY;

            #[inline(always)]
            fn div(self, rhs: Self) -> Self {
                self / rhs
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline(always)]
            fn from_usize(n: usize) -> Self {
                n as $t
            }
            #[inline(always)]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                f64::from(self)
            }
        }
    };
}

float_element!(f32, Float32);
float_element!(f64, Float64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maximum_propagates_nan_and_returns_second_on_tie() {
        assert!(Element::maximum(f64::NAN, 1.0).is_nan());
        assert!(Element::maximum(1.0, f64::NAN).is_nan());
        assert!(Element::maximum(-0.0_f64, 0.0).is_sign_positive());
        assert!(Element::maximum(0.0_f64, -0.0).is_sign_negative());
        assert!(Element::minimum(0.0_f64, -0.0).is_sign_negative());
    }

    #[test]
    fn integers_wrap_and_bools_are_logical() {
        assert_eq!(Element::add(i32::MAX, 1), i32::MIN);
        assert_eq!(Arithmetic::abs(i64::MIN), i64::MIN);
        assert!(Element::add(true, true));
        assert!(!Element::mul(true, false));
    }
}
