//! Transparent huge pages for large buffers, as NumPy requests for its large
//! arrays. A fresh multi-megabyte allocation is backed page by page on first
//! touch; with 4 KiB pages, the page faults cost more than computing the
//! result. Advising the kernel to use 2 MiB pages makes them 512 times fewer.

/// Buffers smaller than this are left alone (NumPy's threshold).
pub const MIN_BYTES: usize = 4 << 20;

/// Asks the kernel to back the whole pages of `buf` with transparent huge
/// pages (`madvise(MADV_HUGEPAGE)`), before they are first written. The
/// contents of `buf` are unchanged. Does nothing for buffers under
/// [`MIN_BYTES`], on systems other than Linux, or when the kernel declines.
pub fn advise_huge_pages<T>(buf: &mut [T]) {
    // SAFETY: `buf` is exclusively borrowed, so its bytes are one live
    // allocation that no other code uses meanwhile.
    unsafe { advise_huge_pages_raw(buf.as_mut_ptr().cast(), size_of_val(buf)) }
}

/// [`advise_huge_pages`] for the `bytes` bytes at `start`.
///
/// # Safety
/// `start..start + bytes` must lie inside one live allocation that no other
/// code relies on the mapping of meanwhile.
pub(crate) unsafe fn advise_huge_pages_raw(start: *mut u8, bytes: usize) {
    if bytes < MIN_BYTES {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf only reads a system constant.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let Ok(page) = usize::try_from(page) else {
            return;
        };
        if page == 0 {
            return;
        }
        let start = start as usize;
        let first = start.next_multiple_of(page);
        let len = (start + bytes).saturating_sub(first) / page * page;
        if len == 0 {
            return;
        }
        // SAFETY: `first..first + len` is a page-aligned range inside the
        // caller's allocation, which no other code relies on the mapping of
        // (the caller's guarantee). MADV_HUGEPAGE only changes how the kernel
        // backs the pages (their contents and the validity of the mapping are
        // unchanged); a failure is reported through the return value, which
        // is ignored because the advice is optional.
        unsafe {
            libc::madvise(first as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_keeps_the_contents() {
        let mut buf = vec![0.0_f64; 1 << 20];
        advise_huge_pages(&mut buf);
        buf[12345] = 1.0;
        assert_eq!(buf.iter().sum::<f64>(), 1.0);
    }
}
