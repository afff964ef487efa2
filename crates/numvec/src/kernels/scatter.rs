//! The stable scatter of a radix sort pass, for parts too large for the
//! caches: items are gathered per bucket in cache-line buffers, and each full
//! line is written out whole with streaming stores. Stored item by item, a
//! scatter into hundreds of buckets in memory first reads every destination
//! line into the cache and stalls on those reads; 1e7 `u64` keys scatter
//! about twice as fast through line buffers.

use std::mem::MaybeUninit;

/// Bytes per cache line.
const LINE_BYTES: usize = 64;

/// One bucket's buffer: the items of its current destination line, each in
/// the slot its destination address gives it.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([MaybeUninit<u8>; LINE_BYTES]);

/// Moves every item of `items` into `buckets[bucket(item)]`, filling each
/// bucket from its start in input order (the scatter of a stable radix sort
/// pass).
///
/// # Panics
/// When a bucket index is out of range or a bucket is too short for its items.
pub(crate) fn scatter<T: Copy>(items: &[T], buckets: &mut [&mut [T]], bucket: impl Fn(&T) -> usize) {
    let size = size_of::<T>();
    let lines_fit = size > 0
        && LINE_BYTES.is_multiple_of(size)
        && buckets.iter().all(|b| (b.as_ptr() as usize).is_multiple_of(size));
    if cfg!(target_arch = "x86_64") && lines_fit {
        through_lines(items, buckets, bucket);
    } else {
        let mut filled = vec![0; buckets.len()];
        for item in items {
            let b = bucket(item);
            buckets[b][filled[b]] = *item;
            filled[b] += 1;
        }
    }
}

/// [`scatter`] through one [`Line`] per bucket, for items whose size divides
/// [`LINE_BYTES`] in buckets that start at a multiple of it (so that every
/// item lies within one line).
fn through_lines<T: Copy>(items: &[T], buckets: &mut [&mut [T]], bucket: impl Fn(&T) -> usize) {
    let size = size_of::<T>();
    let per_line = LINE_BYTES / size;
    // The slot in its line of each bucket's first item.
    let first_slot: Vec<usize> = buckets.iter().map(|b| (b.as_ptr() as usize % LINE_BYTES) / size).collect();
    let mut lines = vec![Line([MaybeUninit::uninit(); LINE_BYTES]); buckets.len()];
    let mut filled = vec![0; buckets.len()];
    for item in items {
        let b = bucket(item);
        let index = filled[b];
        let slot = (first_slot[b] + index) % per_line;
        let line = &mut lines[b];
        // SAFETY: `slot * size + size <= LINE_BYTES` as `slot < per_line`,
        // and the slot's address is a multiple of `size` (the line is
        // 64-byte aligned), so aligned for `T` (whose size is a multiple
        // of its alignment).
        unsafe { line.0.as_mut_ptr().add(slot * size).cast::<T>().write(*item) };
        filled[b] = index + 1;
        if slot + 1 == per_line {
            write_line(&mut buckets[b][..=index], line, slot + 1);
        }
    }
    for ((bucket, line), (&filled, &first)) in buckets.iter_mut().zip(&lines).zip(filled.iter().zip(&first_slot)) {
        let slots = (first + filled) % per_line;
        if slots > 0 {
            write_line(&mut bucket[..filled], line, slots);
        }
    }
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a store fence has no preconditions; it orders the streaming
    // stores before any later store (the caller's handing over of the
    // buckets to other threads).
    unsafe {
        std::arch::x86_64::_mm_sfence();
    }
}

/// Writes the first `slots` slots of `line` as the last items of `done`
/// (the bucket up to its newest item): the whole line with streaming stores
/// when all its slots belong to `done`, otherwise item by item.
///
/// # Panics
/// When `done` is shorter than the bucket's items so far (the caller's slice
/// index), never here.
fn write_line<T: Copy>(done: &mut [T], line: &Line, slots: usize) {
    let size = size_of::<T>();
    let per_line = LINE_BYTES / size;
    let from_slot = slots.saturating_sub(done.len());
    if from_slot == 0 && slots == per_line {
        let start = done.len() - per_line;
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `done[start..]` is `per_line` items, exactly one line, in
        // bounds and (as `line`'s slots follow the addresses) 64-byte aligned;
        // all slots of `line` were written for these items.
        unsafe {
            stream_line(done[start..].as_mut_ptr().cast(), line);
        }
        #[cfg(not(target_arch = "x86_64"))]
        copy_slots(&mut done[start..], line, 0);
    } else {
        let start = done.len() - (slots - from_slot);
        copy_slots(&mut done[start..], line, from_slot);
    }
}

/// Copies slots `from_slot..` of `line` into `out`, one item each.
fn copy_slots<T: Copy>(out: &mut [T], line: &Line, from_slot: usize) {
    let size = size_of::<T>();
    for (k, out) in out.iter_mut().enumerate() {
        // SAFETY: the caller's slots `from_slot..from_slot + out.len()` lie in
        // the line and hold items written by `through_lines` (aligned, as there).
        *out = unsafe { line.0.as_ptr().add((from_slot + k) * size).cast::<T>().read() };
    }
}

/// Stores the 64 bytes of `line` at `dst` with streaming stores, bypassing
/// the caches.
///
/// # Safety
/// `dst` must be valid for 64 bytes of writes and 64-byte aligned, and every
/// byte of `line` initialized.
#[cfg(target_arch = "x86_64")]
unsafe fn stream_line(dst: *mut u8, line: &Line) {
    use std::arch::x86_64::{__m128i, _mm_load_si128, _mm_stream_si128};
    let (src, dst) = (line.0.as_ptr().cast::<__m128i>(), dst.cast::<__m128i>());
    for k in 0..LINE_BYTES / 16 {
        // SAFETY: the caller's bounds and alignment; `line` is 64-byte
        // aligned and initialized.
        unsafe { _mm_stream_si128(dst.add(k), _mm_load_si128(src.add(k))) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scatters `items` (bucket `item % buckets`) into a buffer starting
    /// `offset` items into its allocation, and checks the buckets hold each
    /// item of theirs in input order.
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        items: &[T],
        buckets: usize,
        offset: usize,
        key: impl Fn(&T) -> usize,
    ) {
        let bucket = |item: &T| key(item) % buckets;
        let mut expected: Vec<T> = Vec::new();
        for b in 0..buckets {
            expected.extend(items.iter().filter(|item| bucket(item) == b));
        }
        let mut buffer = vec![items[0]; items.len() + offset];
        let mut rest = &mut buffer[offset..];
        let mut parts = Vec::new();
        for b in 0..buckets {
            let (part, tail) = rest.split_at_mut(items.iter().filter(|item| bucket(item) == b).count());
            parts.push(part);
            rest = tail;
        }
        scatter(items, &mut parts, bucket);
        assert_eq!(&buffer[offset..], &expected[..]);
    }

    #[test]
    fn scatters_stably_whatever_the_item_size_and_alignment() {
        let keys: Vec<u64> = (0..5000_u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 7).collect();
        for offset in 0..9 {
            for buckets in [1, 3, 256, 1000] {
                check(&keys, buckets, offset, |&k| k as usize);
                let pairs: Vec<(u64, u64)> = keys.iter().enumerate().map(|(i, &k)| (k, i as u64)).collect();
                check(&pairs, buckets, offset, |&(k, _)| k as usize);
                let narrow: Vec<u32> = keys.iter().map(|&k| k as u32).collect();
                check(&narrow, buckets, offset, |&k| k as usize);
                let bytes: Vec<u8> = keys.iter().map(|&k| k as u8).collect();
                check(&bytes, buckets, offset, |&k| usize::from(k));
                let odd: Vec<[u8; 3]> = keys.iter().map(|&k| [k as u8, (k >> 8) as u8, 0]).collect();
                check(&odd, buckets, offset, |k| usize::from(k[0]) + usize::from(k[1]));
            }
        }
        check(&[7_u64], 4, 1, |&k| k as usize);
    }

    #[test]
    fn a_bucket_too_short_for_its_items_panics() {
        let items = vec![1_u64; 100];
        let mut short = vec![0_u64; 99];
        let result = std::panic::catch_unwind(move || scatter(&items, &mut [&mut short[..]], |_| 0));
        assert!(result.is_err());
    }
}
