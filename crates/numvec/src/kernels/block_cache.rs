//! A global allocator that keeps a few large freed blocks for reuse.
//!
//! The system allocator hands every large freed block back to the kernel, so
//! the next large result has its pages faulted in and zeroed again: for a
//! 128 MB result that costs about as much as computing it. Code that makes
//! results of one size again and again (a loop, a training step, a benchmark)
//! gets the last freed block of that size back instead, already mapped.
//! Small blocks and zero-filled requests go straight to the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::{Mutex, MutexGuard};

use super::hugepages::advise_huge_pages_raw;

/// Freed blocks smaller than this are returned to the system at once.
pub const MIN_KEPT_BYTES: usize = 16 << 20;

/// The cache never holds more than this many bytes of freed blocks.
pub const MAX_KEPT_BYTES: usize = 512 << 20;

/// The cache holds at most this many freed blocks.
const SLOTS: usize = 4;

/// The system allocator, with blocks of 16 MiB or more advised onto huge
/// pages when first allocated, and the last few freed ones kept for the next
/// request of exactly their size and alignment (at most four blocks and
/// 512 MiB together; the oldest goes first). The Python module
/// allocates through it; a Rust program opts in with
///
/// ```
/// #[global_allocator]
/// static ALLOCATOR: numvec::BlockCache = numvec::BlockCache::new();
///
/// let first = numvec::relu(&ndarray::Array2::<f64>::ones((3000, 1000)));
/// drop(first);
/// let again = numvec::relu(&ndarray::Array2::<f64>::ones((3000, 1000)));
/// assert_eq!(again.sum(), 3e6);
/// ```
#[derive(Debug)]
pub struct BlockCache {
    shelf: Mutex<Shelf>,
}

/// A freed block: its address, kept as a number so the shelf is `Send`.
#[derive(Debug, Clone, Copy)]
struct Kept {
    addr: usize,
    layout: Layout,
}

/// The kept blocks, oldest first, every empty slot after the last block.
#[derive(Debug)]
struct Shelf {
    blocks: [Option<Kept>; SLOTS],
}

impl Shelf {
    const EMPTY: Self = Self { blocks: [None; SLOTS] };

    fn bytes(&self) -> usize {
        self.blocks.iter().flatten().map(|kept| kept.layout.size()).sum()
    }

    /// Takes the block in slot `i` out, closing the gap.
    fn remove(&mut self, i: usize) -> Option<Kept> {
        let kept = self.blocks[i].take();
        self.blocks[i..].rotate_left(1);
        kept
    }

    /// Takes a kept block of exactly `layout`, the most recently freed first.
    fn take(&mut self, layout: Layout) -> Option<*mut u8> {
        let i = self.blocks.iter().rposition(|slot| slot.is_some_and(|kept| kept.layout == layout))?;
        self.remove(i).map(|kept| kept.addr as *mut u8)
    }

    /// Keeps a freed block, evicting the oldest ones to make room. Returns
    /// the blocks to hand back to the system (the new one when it does not fit).
    fn keep(&mut self, new: Kept) -> [Option<Kept>; SLOTS] {
        let mut evicted = [None; SLOTS];
        if new.layout.size() > MAX_KEPT_BYTES {
            evicted[0] = Some(new);
            return evicted;
        }
        let mut out = evicted.iter_mut();
        while self.blocks[SLOTS - 1].is_some() || self.bytes() + new.layout.size() > MAX_KEPT_BYTES {
            *out.next().expect("at most every block is evicted") = self.remove(0);
        }
        let free = self.blocks.iter_mut().find(|slot| slot.is_none()).expect("room was made");
        *free = Some(new);
        evicted
    }
}

impl BlockCache {
    /// An empty cache over the system allocator.
    pub const fn new() -> Self {
        Self { shelf: Mutex::new(Shelf::EMPTY) }
    }

    /// The bytes of freed blocks the cache holds now.
    pub fn kept_bytes(&self) -> usize {
        self.shelf().bytes()
    }

    /// Hands every kept block back to the system.
    pub fn release(&self) {
        let blocks = std::mem::replace(&mut *self.shelf(), Shelf::EMPTY).blocks;
        blocks.into_iter().flatten().for_each(free_to_system);
    }

    /// The shelf, also after a panic elsewhere (its updates cannot be torn).
    fn shelf(&self) -> MutexGuard<'_, Shelf> {
        self.shelf.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for BlockCache {
    fn default() -> Self {
        Self::new()
    }
}

/// `ptr`, a fresh large block of `layout` (or null), advised onto huge
/// pages before anything touches it. A block that may be kept is advised
/// here once: advice given only when a block is reused, after its first
/// owner filled it with small pages, sets the kernel collapsing those pages
/// while the new owner writes them, which made `cumsum` up to 6x slower.
///
/// # Safety
/// `ptr` must be null or a block of `layout` that nothing else uses yet.
unsafe fn on_huge_pages(ptr: *mut u8, layout: Layout) -> *mut u8 {
    if !ptr.is_null() {
        // SAFETY: the block is one live allocation of `layout.size()` bytes
        // that nothing else uses yet (the caller's guarantee).
        unsafe { advise_huge_pages_raw(ptr, layout.size()) };
    }
    ptr
}

fn free_to_system(kept: Kept) {
    // SAFETY: a kept block was allocated by `System` with `kept.layout` (the
    // cache only keeps blocks it was asked to free, and it only hands out
    // blocks `System` allocated), and the cache owned it alone until now.
    unsafe { System.dealloc(kept.addr as *mut u8, kept.layout) }
}

// SAFETY: every block handed out was allocated by `System` for a layout equal
// to the requested one (kept blocks are only reused for an identical layout),
// and every block is either owned by the caller, or kept by the cache (never
// both): `take` removes a block from the shelf before handing it out, and
// `dealloc` puts a block there only once its owner frees it. The shelf's lock
// allocates nothing, so the allocator never reenters itself.
unsafe impl GlobalAlloc for BlockCache {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() < MIN_KEPT_BYTES {
            // SAFETY: the caller's guarantee (a non-zero size) is passed on.
            return unsafe { System.alloc(layout) };
        }
        if let Some(ptr) = self.shelf().take(layout) {
            return ptr;
        }
        // SAFETY: the caller's guarantee (a non-zero size) is passed on.
        unsafe { on_huge_pages(System.alloc(layout), layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // Fresh pages come zeroed from the kernel, in parallel as threads
        // first touch them; zeroing a kept block would take one thread.
        // SAFETY: the caller's guarantee (a non-zero size) is passed on.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if layout.size() < MIN_KEPT_BYTES {
            return ptr;
        }
        // SAFETY: `ptr` is null or a fresh block of `layout`.
        unsafe { on_huge_pages(ptr, layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() < MIN_KEPT_BYTES {
            // SAFETY: `ptr` was allocated by `System` with `layout` (see above).
            return unsafe { System.dealloc(ptr, layout) };
        }
        let evicted = self.shelf().keep(Kept { addr: ptr as usize, layout });
        evicted.into_iter().flatten().for_each(free_to_system);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with `layout` (see above),
        // and the caller's guarantees on `new_size` are passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(bytes: usize) -> Layout {
        Layout::from_size_align(bytes, 64).unwrap()
    }

    /// Allocates through `cache`, marks the block and frees it, returning its address.
    fn use_and_free(cache: &BlockCache, layout: Layout, mark: u8) -> usize {
        // SAFETY: the layout has a non-zero size; the block is written within
        // its bounds and freed with the layout it was allocated with.
        unsafe {
            let ptr = cache.alloc(layout);
            assert!(!ptr.is_null());
            ptr.write(mark);
            ptr.add(layout.size() - 1).write(mark);
            cache.dealloc(ptr, layout);
            ptr as usize
        }
    }

    #[test]
    fn a_freed_large_block_serves_the_next_request_of_its_layout_only() {
        let cache = BlockCache::new();
        let large = layout(MIN_KEPT_BYTES + 4096);
        let addr = use_and_free(&cache, large, 7);
        assert_eq!(cache.kept_bytes(), large.size());
        // SAFETY: as in `use_and_free`.
        unsafe {
            let other = cache.alloc(layout(MIN_KEPT_BYTES + 8192));
            assert_ne!(other as usize, addr);
            let again = cache.alloc(large);
            assert_eq!(again as usize, addr);
            assert_eq!(again.read(), 7);
            assert_eq!(cache.kept_bytes(), 0);
            cache.dealloc(again, large);
            cache.dealloc(other, layout(MIN_KEPT_BYTES + 8192));
        }
        assert_eq!(cache.kept_bytes(), 2 * MIN_KEPT_BYTES + 4096 + 8192);
        cache.release();
        assert_eq!(cache.kept_bytes(), 0);
    }

    #[test]
    fn small_oversized_and_zeroed_blocks_are_not_kept() {
        let cache = BlockCache::new();
        use_and_free(&cache, layout(4096), 1);
        use_and_free(&cache, layout(MAX_KEPT_BYTES + 64), 1);
        assert_eq!(cache.kept_bytes(), 0);
        let large = layout(MIN_KEPT_BYTES);
        use_and_free(&cache, large, 9);
        // SAFETY: the layout has a non-zero size; the block is read within its
        // bounds and freed with the layout it was allocated with.
        unsafe {
            let zeroed = cache.alloc_zeroed(large);
            assert_eq!((zeroed.read(), zeroed.add(large.size() - 1).read()), (0, 0));
            cache.dealloc(zeroed, large);
        }
        cache.release();
    }

    #[test]
    fn the_oldest_blocks_make_room() {
        let cache = BlockCache::new();
        let quarter = layout(MAX_KEPT_BYTES / 4);
        // SAFETY: non-zero sizes; each block is freed once with its layout.
        unsafe {
            let blocks: Vec<_> = (0..5).map(|_| cache.alloc(quarter)).collect();
            blocks.iter().for_each(|&ptr| cache.dealloc(ptr, quarter));
            assert_eq!(cache.kept_bytes(), MAX_KEPT_BYTES);
            let half = layout(MAX_KEPT_BYTES / 2);
            let big = cache.alloc(half);
            cache.dealloc(big, half);
            assert_eq!(cache.kept_bytes(), MAX_KEPT_BYTES);
            let newest = cache.alloc(quarter);
            assert_eq!(newest, blocks[4]);
            assert_eq!(cache.alloc(quarter), blocks[3]);
            assert_eq!(cache.kept_bytes(), half.size());
            [newest, blocks[3]].into_iter().for_each(|ptr| cache.dealloc(ptr, quarter));
        }
        cache.release();
    }
}
