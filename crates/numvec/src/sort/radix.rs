//! A stable most-significant-digit radix sort on 8-bit digits, with a
//! parallel first level for long inputs (on a 12-bit digit for the longest).
//!
//! Each level counts the digits of its part, scatters the part stably into
//! the other buffer by digit (with streaming stores when the part is beyond
//! the L2 cache, see [`scatter`]) and sorts every bucket at the next digit
//! there (buckets are independent, so the first level sorts them in
//! parallel): the buffers trade roles level by level, and only a part
//! finished in cache is copied back. A level whose part has a single digit
//! value moves nothing; a part of at most [`SMALL_LEN`] items is finished by
//! a comparison sort on the whole item. Items are a key (value sorts) or a
//! key with its original index ([`Indexed`], for `argsort`): as the index
//! breaks ties, the comparison sort of a small part keeps equal keys in
//! input order, and the whole sort is stable.

use rayon::prelude::*;

use super::key::RadixKey;
use crate::kernels::scatter::scatter;

/// Parts of at most this many items are finished by a comparison sort.
const SMALL_LEN: usize = 400;
/// Parts of at least this many bytes (beyond the L2 cache) are scattered
/// with streaming stores.
const STREAMED_SCATTER_MIN_BYTES: usize = 4 << 20;
/// Inputs of at least this many items (of keys of 16 bits or more) get a
/// first level on a [`WIDE_BITS`]-wide digit: from 4096 buckets (the sign
/// and exponent of a `f64`), the next levels work on parts in cache sooner.
const WIDE_SORT_LEN: usize = 1 << 22;
/// The width of the digit of a wide first level.
const WIDE_BITS: u32 = 12;
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
    if parallel && items.len() >= WIDE_SORT_LEN && T::KEY_BITS >= 16 {
        parallel_level::<T, WIDE_BITS>(items, scratch, T::KEY_BITS - WIDE_BITS);
    } else if parallel && items.len() >= PARALLEL_SORT_LEN {
        parallel_level::<T, 8>(items, scratch, top);
    } else {
        level(items, scratch, Some(top), true);
    }
}

/// The digit below the one at `shift`, if any (after a wide digit, the
/// lowest digit may overlap the one above it, which is already sorted).
fn next_shift(shift: u32) -> Option<u32> {
    (shift > 0).then(|| shift.saturating_sub(8))
}

/// The `BITS`-wide digit of `item` at bit `shift` (`BITS` from 8 to 16):
/// the 8-bit digit at its top, above the low bits of the one at `shift`.
#[inline(always)]
fn digit_of<T: RadixItem, const BITS: u32>(item: &T, shift: u32) -> usize {
    let low = BITS - 8;
    (item.digit(shift + low) << low) | (item.digit(shift) & ((1 << low) - 1))
}

/// The digit counts of `items` at `shift`, counted in [`COUNTERS`]
/// interleaved tables so that runs of one digit do not wait on each
/// other's increments.
fn histogram<T: RadixItem>(items: &[T], shift: u32) -> [usize; RADIX] {
    let mut tables = [[0; RADIX]; COUNTERS];
    let groups = items.chunks_exact(COUNTERS);
    for item in groups.remainder() {
        tables[0][item.digit(shift)] += 1;
    }
    for group in groups {
        for (table, item) in tables.iter_mut().zip(group) {
            table[item.digit(shift)] += 1;
        }
    }
    std::array::from_fn(|digit| tables.iter().map(|table| table[digit]).sum())
}

/// Interleaved count tables of [`histogram`].
const COUNTERS: usize = 4;

/// Sorts the items of `items` from the digit at `shift` down (`None`: every
/// key is equal), leaving them in `items` when `in_place`, otherwise in
/// `scratch`.
fn level<T: RadixItem>(items: &mut [T], scratch: &mut [T], shift: Option<u32>, in_place: bool) {
    let finish = |items: &mut [T], scratch: &mut [T]| {
        if !in_place {
            scratch.copy_from_slice(items);
        }
    };
    if items.len() <= SMALL_LEN {
        items.sort_unstable();
        return finish(items, scratch);
    }
    let Some(shift) = shift else { return finish(items, scratch) };
    let counts = histogram(items, shift);
    if counts.contains(&items.len()) {
        return level(items, scratch, next_shift(shift), in_place);
    }
    if size_of_val(items) >= STREAMED_SCATTER_MIN_BYTES {
        scatter(items, &mut split_by(scratch, &counts), |item| item.digit(shift), true);
    } else {
        let mut next = starts(&counts);
        for item in items.iter() {
            let slot = &mut next[item.digit(shift)];
            scratch[*slot] = *item;
            *slot += 1;
        }
    }
    let mut start = 0;
    for count in counts {
        let range = start..start + count;
        start += count;
        if count == 1 && in_place {
            items[range.start] = scratch[range.start];
        } else if count > 1 {
            level(&mut scratch[range.clone()], &mut items[range], next_shift(shift), !in_place);
        }
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

/// The first level of a long input, in parallel, on a `BITS`-wide digit at
/// `shift`: every block of the input counts its digits and scatters into its
/// own part of each bucket (blocks in input order, so the scatter stays
/// stable), then the buckets are sorted in parallel.
fn parallel_level<T: RadixItem, const BITS: u32>(items: &mut [T], scratch: &mut [T], shift: u32) {
    let radix = 1 << BITS;
    let block_len = items.len().div_ceil(rayon::current_num_threads().max(1) * 4).max(PARALLEL_SORT_LEN / 4);
    let digit = |item: &T| digit_of::<T, BITS>(item, shift);
    let counts: Vec<Vec<usize>> = items
        .par_chunks(block_len)
        .map(|block| {
            let mut counts = vec![0; radix];
            block.iter().for_each(|item| counts[digit(item)] += 1);
            counts
        })
        .collect();
    let mut totals = vec![0; radix];
    for block in &counts {
        for (total, count) in totals.iter_mut().zip(block) {
            *total += count;
        }
    }
    if totals.contains(&items.len()) {
        if let Some(next) = next_shift(shift) {
            parallel_level::<T, 8>(items, scratch, next);
        }
        return;
    }
    // Cut `scratch` into (digit, block) parts in bucket order, then hand each
    // block its part of every bucket.
    let stream = size_of_val(items) >= STREAMED_SCATTER_MIN_BYTES;
    let mut parts: Vec<Vec<&mut [T]>> = counts.iter().map(|_| Vec::with_capacity(radix)).collect();
    let mut rest = &mut *scratch;
    for digit in 0..radix {
        for (block, block_counts) in counts.iter().enumerate() {
            let (part, tail) = rest.split_at_mut(block_counts[digit]);
            parts[block].push(part);
            rest = tail;
        }
    }
    items
        .par_chunks(block_len)
        .zip(parts.par_iter_mut())
        .for_each(|(block, parts)| scatter(block, parts, digit, stream));
    let buckets = split_by(scratch, &totals).into_iter().zip(split_by(items, &totals));
    buckets
        .filter(|(bucket, _)| !bucket.is_empty())
        .collect::<Vec<_>>()
        .into_par_iter()
        .for_each(|(bucket, spare)| level(bucket, spare, next_shift(shift), false));
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
        check_with(keys, |items, scratch| radix_sort(items, scratch, parallel));
    }

    /// Checks that `sort` orders (key, index) items by key, stably.
    fn check_with<K: RadixKey>(keys: Vec<K>, sort: impl Fn(&mut [Indexed<K>], &mut [Indexed<K>])) {
        let mut items: Vec<Indexed<K>> = keys.iter().enumerate().map(|(index, &key)| Indexed { key, index }).collect();
        let mut scratch = items.clone();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.key);
        sort(&mut items, &mut scratch);
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

    #[test]
    fn a_wide_first_level_sorts_stably() {
        let wide = |items: &mut [Indexed<u64>], scratch: &mut [Indexed<u64>]| {
            parallel_level::<_, WIDE_BITS>(items, scratch, 64 - WIDE_BITS);
        };
        check_with(keys(PARALLEL_SORT_LEN + 17, u64::MAX), wide);
        check_with(keys(PARALLEL_SORT_LEN, 1 << 20), wide);
        check_with(keys(PARALLEL_SORT_LEN, 16), wide);
        check_with(keys(PARALLEL_SORT_LEN, 16).into_iter().map(|k| k | 1 << 40).collect(), wide);
        check_with(keys(PARALLEL_SORT_LEN, 1 << 53).into_iter().map(|k| k | 3 << 62).collect(), wide);
        let narrow: Vec<u32> = keys(PARALLEL_SORT_LEN + 5, u64::MAX).into_iter().map(|k| k as u32).collect();
        check_with(narrow, |items, scratch| parallel_level::<_, WIDE_BITS>(items, scratch, 32 - WIDE_BITS));
    }
}
