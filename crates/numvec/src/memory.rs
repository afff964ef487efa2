//! NumPy's `shares_memory` and `may_share_memory`: whether two arrays have a
//! byte in common.
//!
//! Two strided arrays share memory when some element byte of the first is
//! some element byte of the second:
//!
//! ```text
//! start_a + sum(stride_a[i] * i_a[i]) + byte_a == start_b + sum(stride_b[j] * i_b[j]) + byte_b
//! 0 <= i_a[i] < shape_a[i], 0 <= i_b[j] < shape_b[j], 0 <= byte < itemsize
//! ```
//!
//! Flipping the variables of negative strides and of one array's terms turns
//! this into a bounded linear Diophantine equation with positive
//! coefficients, `sum(c[k] * x[k]) == rhs` with `0 <= x[k] <= bound[k]`,
//! which NumPy decides exactly with a depth-first search pruned by
//! greatest common divisors (P. Ramachandran, "Use of Extended Euclidean
//! Algorithm in Solving a System of Linear Diophantine Equations with
//! Bounded Variables", 2006). numvec solves the same problem the same way,
//! counting work as NumPy does, so a `max_work` budget gives up on the same
//! problems. The problem is NP-hard in the number of dimensions, but the
//! views slicing produces (steps, transposes, reversals, diagonals,
//! interleaved columns) take one candidate per level or none.
//!
//! Arithmetic runs in 128-bit integers, and bounds that could overflow
//! saturate (a looser bound admits more candidates, never a wrong answer),
//! so unlike NumPy no problem fails with an integer overflow.

use std::borrow::Cow;

use ndarray::{ArrayBase, Dimension, RawData};

use crate::error::{Error, Result};

/// Where an array's elements are in memory: NumPy's data pointer, shape,
/// byte strides and item size. Build it with [`MemoryLayout::of`] for an
/// `ndarray` array, or field by field for any other strided buffer (a
/// numpy array's shape and strides, borrowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryLayout<'a> {
    /// The address of the element at index `[0, 0, ...]`.
    pub address: usize,
    /// The length of each axis.
    pub shape: Cow<'a, [usize]>,
    /// The distance in bytes between neighbours along each axis.
    pub strides: Cow<'a, [isize]>,
    /// The size of one element in bytes.
    pub itemsize: usize,
}

impl<'a> MemoryLayout<'a> {
    /// The layout of any `ndarray` array or view (owned, borrowed or raw).
    ///
    /// # Example
    /// ```
    /// use ndarray::{Array2, s};
    /// let x = Array2::<f64>::zeros((3, 4));
    /// let every_other_column = x.slice(s![.., ..;2]);
    /// let layout = numvec::memory::MemoryLayout::of(&every_other_column);
    /// assert_eq!((&layout.shape[..], &layout.strides[..], layout.itemsize), (&[3, 2][..], &[32, 16][..], 8));
    /// ```
    pub fn of<S: RawData, D: Dimension>(array: &'a ArrayBase<S, D>) -> Self {
        let itemsize = size_of::<S::Elem>();
        MemoryLayout {
            address: array.as_ptr() as usize,
            shape: Cow::Borrowed(array.shape()),
            strides: array.strides().iter().map(|&s| s * itemsize as isize).collect(),
            itemsize,
        }
    }

    /// The half-open byte range `[start, end)` the array's elements lie in;
    /// empty for an array without elements (or of zero-sized elements).
    fn extent(&self) -> (i128, i128) {
        let start = self.address as i128;
        if self.shape.contains(&0) || self.itemsize == 0 {
            return (start, start);
        }
        let (mut low, mut high) = (start, start + self.itemsize as i128);
        for (&len, &stride) in self.shape.iter().zip(self.strides.iter()) {
            let reach = stride as i128 * (len as i128 - 1);
            if reach < 0 { low += reach } else { high += reach }
        }
        (low, high)
    }

    /// One equation term per axis that moves (length > 1, stride != 0),
    /// with the stride's magnitude as its coefficient, and one for the bytes
    /// within an element.
    fn terms(&self) -> impl Iterator<Item = Term> + '_ {
        let axes = self.shape.iter().zip(self.strides.iter()).filter(|&(&len, &stride)| len > 1 && stride != 0);
        let axes = axes.map(|(&len, &stride)| Term { coef: stride.unsigned_abs() as i128, bound: len as i128 - 1 });
        let bytes = (self.itemsize > 1).then(|| Term { coef: 1, bound: self.itemsize as i128 - 1 });
        axes.chain(bytes)
    }
}

/// NumPy's `numpy.shares_memory(a, b, max_work=max_work)`: whether some
/// element of `a` and some element of `b` have a byte in common, decided
/// exactly. `max_work` bounds the number of candidate solutions the search
/// may consider (`None`: no bound, NumPy's default; `Some(0)`: only the
/// extent check of [`may_share_memory`]). See the [module documentation](self).
///
/// # Errors
/// [`Error::TooHard`] when deciding needs more than `max_work` candidates.
///
/// # Example
/// ```
/// use ndarray::{Array2, s};
/// let x = Array2::<f64>::zeros((4, 6));
/// let (even, odd) = (x.slice(s![.., ..;2]), x.slice(s![.., 1..;2]));
/// assert!(!numvec::shares_memory(&even, &odd, None)?);
/// assert!(numvec::may_share_memory(&even, &odd));
/// assert!(numvec::shares_memory(&x.t(), &x.slice(s![2, ..]), None)?);
/// assert!(numvec::shares_memory(&even, &odd, Some(0)).is_err());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn shares_memory<S1: RawData, D1: Dimension, S2: RawData, D2: Dimension>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
    max_work: Option<usize>,
) -> Result<bool> {
    layouts_share_memory(&MemoryLayout::of(a), &MemoryLayout::of(b), max_work)
}

/// NumPy's `numpy.may_share_memory(a, b)`: whether the byte ranges spanned
/// by `a` and by `b` overlap. `false` proves the arrays share no memory;
/// `true` may be a false alarm (`x[::2]` and `x[1::2]`), which
/// [`shares_memory`] settles.
///
/// # Example
/// ```
/// use ndarray::{Array1, s};
/// let x = Array1::<i32>::zeros(10);
/// assert!(numvec::may_share_memory(&x.slice(s![..;2]), &x.slice(s![1..;2])));
/// assert!(!numvec::may_share_memory(&x.slice(s![..5]), &x.slice(s![5..])));
/// ```
pub fn may_share_memory<S1: RawData, D1: Dimension, S2: RawData, D2: Dimension>(
    a: &ArrayBase<S1, D1>,
    b: &ArrayBase<S2, D2>,
) -> bool {
    layouts_share_memory(&MemoryLayout::of(a), &MemoryLayout::of(b), Some(0)) != Ok(false)
}

/// [`shares_memory`] for two [`MemoryLayout`]s.
///
/// # Errors
/// [`Error::TooHard`] when deciding needs more than `max_work` candidates.
///
/// # Example
/// ```
/// use numvec::memory::{MemoryLayout, layouts_share_memory};
/// // Rows 0 and 2 of a 4x4 float64 matrix at address 4096.
/// let row = |i: usize| MemoryLayout { address: 4096 + 32 * i, shape: vec![4].into(), strides: vec![8].into(), itemsize: 8 };
/// assert!(!layouts_share_memory(&row(0), &row(2), None)?);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn layouts_share_memory(a: &MemoryLayout<'_>, b: &MemoryLayout<'_>, max_work: Option<usize>) -> Result<bool> {
    let ((start_a, end_a), (start_b, end_b)) = (a.extent(), b.extent());
    if !(start_a < end_b && start_b < end_a && start_a < end_a && start_b < end_b) {
        return Ok(false);
    }
    if max_work == Some(0) {
        return Err(Error::TooHard { max_work: 0 });
    }
    // Counting a's bytes up from its lowest one and b's down from its
    // highest one (or the other way round) makes every coefficient positive;
    // the smaller right-hand side is the smaller problem.
    let rhs = (end_b - 1 - start_a).min(end_a - 1 - start_b);
    let terms = simplified(a.terms().chain(b.terms()).collect(), rhs);
    match solve(&terms, rhs, max_work) {
        Solution::Found => Ok(true),
        Solution::None => Ok(false),
        Solution::TooHard => Err(Error::TooHard { max_work: max_work.unwrap_or(0) }),
    }
}

/// `coef * x` with `0 <= x <= bound`, one term of the equation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Term {
    coef: i128,
    bound: i128,
}

/// The outcome of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Solution {
    Found,
    None,
    TooHard,
}

/// The same decision problem with fewer terms: coefficients sorted from the
/// largest, equal coefficients merged, bounds trimmed to `rhs / coef`, and
/// terms that can only be 0 dropped.
fn simplified(mut terms: Vec<Term>, rhs: i128) -> Vec<Term> {
    terms.sort_unstable_by_key(|t| std::cmp::Reverse(t.coef));
    terms.dedup_by(|term, kept| {
        let same = term.coef == kept.coef;
        if same {
            kept.bound = kept.bound.saturating_add(term.bound);
        }
        same
    });
    terms.iter_mut().for_each(|t| t.bound = t.bound.min(floor_div(rhs, t.coef)));
    terms.retain(|t| t.bound != 0);
    terms
}

/// Whether `sum(coef[k] * x[k]) == rhs` has a solution within the bounds.
fn solve(terms: &[Term], rhs: i128, max_work: Option<usize>) -> Solution {
    let found = |yes: bool| if yes { Solution::Found } else { Solution::None };
    match terms {
        _ if rhs < 0 => Solution::None,
        [] => found(rhs == 0),
        [only] => {
            let x = floor_div(rhs, only.coef);
            found(x * only.coef == rhs && x <= only.bound)
        }
        _ => Search { terms, merged: merge_chain(terms), max_work, work: 0 }.level(terms.len() - 1, rhs),
    }
}

/// Terms `0..=k` folded into one variable: `coef` is their gcd `g`, and
/// `gamma * prev + epsilon * next == g` for the coefficients of the folded
/// prefix `0..k` (`prev`) and of term `k` (`next`).
#[derive(Debug, Clone, Copy)]
struct Merged {
    term: Term,
    gamma: i128,
    epsilon: i128,
}

/// `merged[k - 1]` folds terms `0..=k`, for `k` in `1..terms.len()`.
fn merge_chain(terms: &[Term]) -> Vec<Merged> {
    let mut chain: Vec<Merged> = Vec::with_capacity(terms.len() - 1);
    let mut prefix = terms[0];
    for &next in &terms[1..] {
        let (gcd, gamma, epsilon) = extended_gcd(prefix.coef, next.coef);
        // The folded variable (prefix.coef * x + next.coef * y) / gcd.
        let bound = floor_div(prefix.coef, gcd)
            .saturating_mul(prefix.bound)
            .saturating_add(floor_div(next.coef, gcd).saturating_mul(next.bound));
        prefix = Term { coef: gcd, bound };
        chain.push(Merged { term: prefix, gamma, epsilon });
    }
    chain
}

/// `(g, s, t)` with `g = gcd(a, b) = s * a + t * b`, for positive `a`, `b`.
fn extended_gcd(a: i128, b: i128) -> (i128, i128, i128) {
    let (mut r0, mut r1, mut s0, mut s1, mut t0, mut t1) = (a, b, 1, 0, 0, 1);
    while r1 != 0 {
        let q = floor_div(r0, r1);
        (r0, r1) = (r1, r0 - q * r1);
        (s0, s1) = (s1, s0 - q * s1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    (r0, s0, t0)
}

/// The depth-first search: level `v` splits the folded variable of terms
/// `0..=v` into the folded variable of `0..v` and term `v`'s own.
struct Search<'a> {
    terms: &'a [Term],
    merged: Vec<Merged>,
    max_work: Option<usize>,
    /// Candidates ruled out so far (NumPy's count).
    work: usize,
}

impl Search<'_> {
    fn level(&mut self, v: usize, rhs: i128) -> Solution {
        if self.max_work.is_some_and(|max| self.work >= max) {
            return Solution::TooHard;
        }
        let first = if v == 1 { self.terms[0] } else { self.merged[v - 2].term };
        let second = self.terms[v];
        let Merged { term: Term { coef: gcd, .. }, gamma, epsilon } = self.merged[v - 1];
        let c = floor_div(rhs, gcd);
        if c * gcd != rhs {
            self.work += 1;
            return Solution::None;
        }
        // Every solution of first.coef * x + second.coef * y == rhs is
        // x = gamma * c + step_x * t, y = epsilon * c - step_y * t.
        let (step_x, step_y) = (floor_div(second.coef, gcd), floor_div(first.coef, gcd));
        let (x0, y0) = (gamma * c, epsilon * c);
        let t_low = ceil_div(-x0, step_x).max(ceil_div(y0 - second.bound, step_y));
        let t_high = floor_div(first.bound.saturating_sub(x0), step_x).min(floor_div(y0, step_y));
        if t_low > t_high {
            self.work += 1;
            return Solution::None;
        }
        if v == 1 {
            return Solution::Found;
        }
        for t in t_low..=t_high {
            let y = y0 - step_y * t;
            let outcome = self.level(v - 1, rhs - second.coef * y);
            if outcome != Solution::None {
                return outcome;
            }
        }
        self.work += 1;
        Solution::None
    }
}

/// `a / b` rounded down, for `b > 0`: in one 64-bit division when both
/// fit, since 128-bit division is a slow library call.
fn floor_div(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => a.div_euclid(b).into(),
        _ => a.div_euclid(b),
    }
}

/// `a / b` rounded up, for `b > 0`.
fn ceil_div(a: i128, b: i128) -> i128 {
    -floor_div(-a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_force(terms: &[Term], rhs: i128) -> bool {
        match terms.split_first() {
            None => rhs == 0,
            Some((t, rest)) => (0..=t.bound).any(|x| brute_force(rest, rhs - t.coef * x)),
        }
    }

    #[test]
    fn extended_gcd_satisfies_bezout() {
        for (a, b) in [(20, 7), (7, 20), (12, 18), (1, 5), (64, 8), (35, 35)] {
            let (g, s, t) = extended_gcd(a, b);
            assert_eq!((g, s * a + t * b), (gcd(a, b), g), "{a} {b}");
        }
    }

    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }

    #[test]
    fn divisions_round_down_and_up_in_either_width() {
        let wide = i64::MAX as i128;
        for a in [-7, -6, 0, 6, 7, wide, wide + 5, -wide - 1, -wide - 9, i128::MAX / 3] {
            for b in [1, 3, 6, wide, wide + 2] {
                assert_eq!(floor_div(a, b), a.div_euclid(b), "{a} / {b}");
                assert_eq!(ceil_div(a, b), -(-a).div_euclid(b), "{a} / {b}");
            }
        }
    }

    #[test]
    fn search_agrees_with_brute_force() {
        let coefs = [20, 12, 7, 6, 3, 1];
        for mask in 1..64_u32 {
            for rhs in 0..90 {
                let terms: Vec<Term> = (0..6)
                    .filter(|k| mask & (1 << k) != 0)
                    .map(|k| Term { coef: coefs[k], bound: (k as i128 * 3) % 5 + 1 })
                    .collect();
                let expected = brute_force(&terms, rhs);
                let solved = solve(&simplified(terms.clone(), rhs), rhs, None);
                assert_eq!(solved == Solution::Found, expected, "{terms:?} = {rhs}");
            }
        }
    }

    #[test]
    fn numpys_hard_example_is_decided() {
        // x = arange(80).reshape(4, 20) as int8; x[:, ::7] and x[:, 3::3].
        let terms = vec![Term { coef: 20, bound: 6 }, Term { coef: 7, bound: 2 }, Term { coef: 3, bound: 5 }];
        assert_eq!(solve(&simplified(terms, 78), 78, None), Solution::None);
    }
}
