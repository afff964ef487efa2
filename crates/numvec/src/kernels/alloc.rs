//! Allocation of large results.
//!
//! A fresh result is written exactly once, so the cost of a large one is its
//! page faults: with 4 KiB pages, a 128 MB result takes 32,768 of them. Like
//! NumPy, numvec asks Linux for transparent huge pages on large allocations,
//! which cuts that by 512x.

/// Allocations of at least this many bytes ask for huge pages.
const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// A vector of `len` copies of `zero`, whose memory the allocator hands out
/// already zeroed (so nothing is written here), backed by huge pages where
/// the system allows.
pub fn zeroed_vec<T: Copy + crate::Element>(len: usize) -> Vec<T> {
    let vec = vec![T::ZERO; len];
    advise_huge_pages(vec.as_ptr().cast(), std::mem::size_of_val(vec.as_slice()));
    vec
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(start: *const u8, bytes: usize) {
    if bytes < HUGE_PAGE_MIN_BYTES {
        return;
    }
    const PAGE: usize = 4096;
    let address = start as usize;
    let aligned = address.next_multiple_of(PAGE);
    let length = (bytes - (aligned - address)) & !(PAGE - 1);
    // SAFETY: `[aligned, aligned + length)` lies inside the allocation that
    // `start` and `bytes` describe and is page-aligned; MADV_HUGEPAGE only
    // changes how the kernel backs those pages, never their contents, and a
    // failure (an older kernel, THP disabled) leaves the memory as it was.
    unsafe {
        libc::madvise(aligned as *mut libc::c_void, length, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_start: *const u8, _bytes: usize) {}
