//! A stable most-significant-digit radix sort on 8-bit digits, with a
//! parallel first level for long inputs.
//!
//! Each level counts the digits of its part, scatters the part stably into a
//! scratch buffer by digit, sorts every bucket at the next digit (buckets are
//! independent, so the first level sorts them in parallel) and copies it
//! back while it is still in cache. A level whose part has a single digit
//! value moves nothing; a part of at most [`SMALL_LEN`] items is finished by
//! a comparison sort on the whole item. Items are a key (value sorts) or a
//! key with its original index ([`Indexed`], for `argsort`): as the index
//! breaks ties, the comparison sort of a small part keeps equal keys in
//! input order, and the whole sort is stable.

use rayon::prelude::*;

use super::key::RadixKey;

/// Parts of at most this many items are finished by a comparison sort.
const SMALL_LEN: usize = 192;
/// Inputs of at least this many items get a parallel first level.
pub(crate) const PARALLEL_SORT_LEN: usize = 1 << 17;
/// The number of values of a digit.
const RADIX: usize = 256;

/// A sortable item: ordered by its key first, and split into digits of it.
pub(crate) trait RadixItem: Copy + Ord + Send + Sync {
    /// The width of the key in bits.
    const KEY_BITS: u32;
    /// The 8-bit digit of the key at bit `shift`.
    fn digit(&self, shift: u32) -> usize;
}

impl<K: RadixKey> RadixItem for K {
    const KEY_BITS: u32 = K::BITS;
    #[inline(always)]
    fn digit(&self, shift: u32) -> usize {
        RadixKey::digit(*self, shift)
    }
}

/// A key and the position of its element in the input. Ordered by key, then
/// by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Indexed<K> {
    /// The element's key.
    pub key: K,
    /// The element's position in its lane.
    pub index: usize,
}

impl<K: RadixKey> RadixItem for Indexed<K> {
    const KEY_BITS: u32 = K::BITS;
    #[inline(always)]
    fn digit(&self, shift: u32) -> usize {
        self.key.digit(shift)
    }
}

/// Sorts `items` by key, stably (equal keys keep their order), using
/// `scratch` (of the same length) as working memory. Long inputs are sorted
/// on rayon's pool when `parallel` is set; the result is the same either way.
pub(crate) fn radix_sort<T: RadixItem>(items: &mut [T], scratch: &mut [T], parallel: bool) {
    debug_assert_eq!(items.len(), scratch.len());
    let top = T::KEY_BITS - 8;
    if parallel && items.len() >= PARALLEL_SORT_LEN {
        parallel_level(items, scratch, top);
    } else {
        level(items, scratch, Some(top));
    }
}

/// The digit below `shift`, if any.
fn next_shift(shift: u32) -> Option<u32> {
    shift.checked_sub(8)
}

/// The digit counts of `items` at `shift`.
fn histogram<T: RadixItem>(items: &[T], shift: u32) -> [usize; RADIX] {
    let mut counts = [0; RADIX];
    for item in items {
        counts[item.digit(shift)] += 1;
    }
    counts
}

/// Sorts `items` from the digit at `shift` down (`None`: every key is equal).
fn level<T: RadixItem>(items: &mut [T], scratch: &mut [T], shift: Option<u32>) {
    if items.len() <= SMALL_LEN {
        items.sort_unstable();
        return;
    }
    let Some(shift) = shift else { return };
    let counts = histogram(items, shift);
    if counts.contains(&items.len()) {
        return level(items, scratch, next_shift(shift));
    }
    let mut next = starts(&counts);
    for item in items.iter() {
        let slot = &mut next[item.digit(shift)];
        scratch[*slot] = *item;
        *slot += 1;
    }
    let mut start = 0;
    for count in counts {
        let range = start..start + count;
        start += count;
        level(&mut scratch[range.clone()], &mut items[range.clone()], next_shift(shift));
        items[range.clone()].copy_from_slice(&scratch[range]);
    }
}

/// The first position of each digit's bucket.
fn starts(counts: &[usize; RADIX]) -> [usize; RADIX] {
    let mut starts = [0; RADIX];
    let mut total = 0;
    for (start, &count) in starts.iter_mut().zip(counts) {
        *start = total;
        total += count;
    }
    starts
}

/// The first level of a long input, in parallel: every block of the input
/// counts its digits and scatters into its own part of each bucket (blocks
/// in input order, so the scatter stays stable), then the buckets are sorted
/// in parallel.
fn parallel_level<T: RadixItem>(items: &mut [T], scratch: &mut [T], shift: u32) {
    let block_len = items.len().div_ceil(rayon::current_num_threads().max(1) * 4).max(PARALLEL_SORT_LEN / 4);
    let counts: Vec<[usize; RADIX]> = items.par_chunks(block_len).map(|block| histogram(block, shift)).collect();
    let mut totals = [0; RADIX];
    for block in &counts {
        for (total, count) in totals.iter_mut().zip(block) {
            *total += count;
        }
    }
    if totals.contains(&items.len()) {
        if let Some(next) = next_shift(shift) {
            parallel_level(items, scratch, next);
        }
        return;
    }
    // Cut `scratch` into (digit, block) parts in bucket order, then hand each
    // block its part of every bucket.
    let mut parts: Vec<Vec<&mut [T]>> = counts.iter().map(|_| Vec::with_capacity(RADIX)).collect();
    let mut rest = &mut *scratch;
    for digit in 0..RADIX {
        for (block, block_counts) in counts.iter().enumerate() {
            let (part, tail) = rest.split_at_mut(block_counts[digit]);
            parts[block].push(part);
            rest = tail;
        }
    }
    items.par_chunks(block_len).zip(parts.par_iter_mut()).for_each(|(block, parts)| {
        let mut filled = [0; RADIX];
        for item in block {
            let digit = item.digit(shift);
            parts[digit][filled[digit]] = *item;
            filled[digit] += 1;
        }
    });
    let buckets = split_by(scratch, &totals).into_iter().zip(split_by(items, &totals));
    buckets.collect::<Vec<_>>().into_par_iter().for_each(|(sorted, spare)| {
        level(sorted, spare, next_shift(shift));
        spare.copy_from_slice(sorted);
    });
}

/// `items` cut into consecutive parts of the given lengths.
fn split_by<'a, T>(mut items: &'a mut [T], lengths: &[usize]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(lengths.len());
    for &len in lengths {
        let (part, rest) = items.split_at_mut(len);
        parts.push(part);
        items = rest;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<K: RadixKey>(keys: Vec<K>, parallel: bool) {
        let mut items: Vec<Indexed<K>> = keys.iter().enumerate().map(|(index, &key)| Indexed { key, index }).collect();
        let mut scratch = items.clone();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.key);
        radix_sort(&mut items, &mut scratch, parallel);
        assert_eq!(items, expected);
    }

    fn keys(len: usize, modulus: u64) -> Vec<u64> {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % modulus
            })
            .collect()
    }

    #[test]
    fn sorts_stably_at_every_size() {
        for len in [0, 1, 5, SMALL_LEN, SMALL_LEN + 1, 1000, 5000] {
            check(keys(len, u64::MAX), false);
            check(keys(len, 3), false);
        }
        check(keys(3000, 1 << 40).into_iter().map(|k| k as u32).collect(), false);
        check(vec![true as u8, false as u8, true as u8], false);
    }

    #[test]
    fn the_parallel_first_level_sorts_stably() {
        check(keys(PARALLEL_SORT_LEN + 17, u64::MAX), true);
        check(keys(PARALLEL_SORT_LEN * 2, 1000), true);
        check(vec![7_u64; PARALLEL_SORT_LEN], true);
    }
}
