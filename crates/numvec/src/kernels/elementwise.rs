//! Row kernels of the elementwise operations: one output row and its input
//! rows, each contiguous, repeated (stride 0) or strided. The contiguous and
//! repeated cases are plain slice loops that the compiler vectorizes, in
//! blocks that prefetch the inputs ahead; long rows are split in halves
//! across rayon's pool.

use ndarray::{ArrayView1, ArrayViewMut1, Axis, Zip};

use super::prefetch::{BLOCK, blocks, blocks_mut};
use super::uninit::Slot;

/// Rows at least this long are split across threads.
pub const SPLIT_LEN: usize = 1 << 15;

/// How an input row is laid out.
enum Lane<'a, T> {
    /// Unit stride: a slice.
    Contiguous(&'a [T]),
    /// Stride 0: one value repeated.
    Repeated(T),
    /// Any other stride.
    Strided,
}

fn lane<'a, T: Copy>(row: &ArrayView1<'a, T>) -> Lane<'a, T> {
    if let Some(slice) = row.to_slice() {
        Lane::Contiguous(slice)
    } else if row.strides()[0] == 0 && !row.is_empty() {
        Lane::Repeated(row[0])
    } else {
        Lane::Strided
    }
}

/// `out[i] = op(a[i])` over one row.
pub fn unary_row<A: Copy + Send + Sync, R, O: Slot<R>>(
    mut out: ArrayViewMut1<'_, O>,
    a: ArrayView1<'_, A>,
    op: &(impl Fn(A) -> R + Sync),
) {
    if out.len() >= SPLIT_LEN {
        let mid = out.len() / 2;
        let (o1, o2) = out.split_at(Axis(0), mid);
        let (a1, a2) = a.split_at(Axis(0), mid);
        rayon::join(|| unary_row(o1, a1, op), || unary_row(o2, a2, op));
        return;
    }
    match (out.as_slice_mut(), lane(&a)) {
        (Some(o), Lane::Contiguous(x)) => o.chunks_mut(BLOCK).zip(blocks(x)).for_each(|(o, x)| {
            o.iter_mut().zip(x).for_each(|(o, &x)| o.set(op(x)));
        }),
        _ => Zip::from(out).and(a).for_each(|o, &x| o.set(op(x))),
    }
}

/// `out[i] = op(a[i], b[i])` over one row.
pub fn binary_row<A: Copy + Send + Sync, B: Copy + Send + Sync, R, O: Slot<R>>(
    mut out: ArrayViewMut1<'_, O>,
    a: ArrayView1<'_, A>,
    b: ArrayView1<'_, B>,
    op: &(impl Fn(A, B) -> R + Sync),
) {
    if out.len() >= SPLIT_LEN {
        let mid = out.len() / 2;
        let (o1, o2) = out.split_at(Axis(0), mid);
        let (a1, a2) = a.split_at(Axis(0), mid);
        let (b1, b2) = b.split_at(Axis(0), mid);
        rayon::join(|| binary_row(o1, a1, b1, op), || binary_row(o2, a2, b2, op));
        return;
    }
    match (out.as_slice_mut(), lane(&a), lane(&b)) {
        (Some(o), Lane::Contiguous(x), Lane::Contiguous(y)) => {
            o.chunks_mut(BLOCK).zip(blocks(x)).zip(blocks(y)).for_each(|((o, x), y)| {
                o.iter_mut().zip(x).zip(y).for_each(|((o, &x), &y)| o.set(op(x, y)));
            });
        }
        (Some(o), Lane::Contiguous(x), Lane::Repeated(y)) => o.chunks_mut(BLOCK).zip(blocks(x)).for_each(|(o, x)| {
            o.iter_mut().zip(x).for_each(|(o, &x)| o.set(op(x, y)));
        }),
        (Some(o), Lane::Repeated(x), Lane::Contiguous(y)) => o.chunks_mut(BLOCK).zip(blocks(y)).for_each(|(o, y)| {
            o.iter_mut().zip(y).for_each(|(o, &y)| o.set(op(x, y)));
        }),
        _ => Zip::from(out).and(a).and(b).for_each(|o, &x, &y| o.set(op(x, y))),
    }
}

/// `a[i] = op(a[i])` over one row.
pub fn modify_row<A: Copy + Send + Sync>(mut a: ArrayViewMut1<'_, A>, op: &(impl Fn(A) -> A + Sync)) {
    if a.len() >= SPLIT_LEN {
        let mid = a.len() / 2;
        let (a1, a2) = a.split_at(Axis(0), mid);
        rayon::join(|| modify_row(a1, op), || modify_row(a2, op));
        return;
    }
    match a.as_slice_mut() {
        Some(x) => blocks_mut(x).for_each(|x| x.iter_mut().for_each(|x| *x = op(*x))),
        None => a.map_inplace(|x| *x = op(*x)),
    }
}

/// `a[i] = op(a[i], b[i])` over one row.
pub fn update_row<A: Copy + Send + Sync, B: Copy + Send + Sync>(
    mut a: ArrayViewMut1<'_, A>,
    b: ArrayView1<'_, B>,
    op: &(impl Fn(A, B) -> A + Sync),
) {
    if a.len() >= SPLIT_LEN {
        let mid = a.len() / 2;
        let (a1, a2) = a.split_at(Axis(0), mid);
        let (b1, b2) = b.split_at(Axis(0), mid);
        rayon::join(|| update_row(a1, b1, op), || update_row(a2, b2, op));
        return;
    }
    match (a.as_slice_mut(), lane(&b)) {
        (Some(x), Lane::Contiguous(y)) => blocks_mut(x).zip(blocks(y)).for_each(|(x, y)| {
            x.iter_mut().zip(y).for_each(|(x, &y)| *x = op(*x, y));
        }),
        (Some(x), Lane::Repeated(y)) => blocks_mut(x).for_each(|x| x.iter_mut().for_each(|x| *x = op(*x, y))),
        _ => Zip::from(a).and(b).for_each(|x, &y| *x = op(*x, y)),
    }
}

/// `out[i] = op(a[i], b[i], c[i])` over one row.
pub fn ternary_row<A: Copy + Send + Sync, B: Copy + Send + Sync, C: Copy + Send + Sync, R, O: Slot<R>>(
    mut out: ArrayViewMut1<'_, O>,
    a: ArrayView1<'_, A>,
    b: ArrayView1<'_, B>,
    c: ArrayView1<'_, C>,
    op: &(impl Fn(A, B, C) -> R + Sync),
) {
    if out.len() >= SPLIT_LEN {
        let mid = out.len() / 2;
        let (o1, o2) = out.split_at(Axis(0), mid);
        let (a1, a2) = a.split_at(Axis(0), mid);
        let (b1, b2) = b.split_at(Axis(0), mid);
        let (c1, c2) = c.split_at(Axis(0), mid);
        rayon::join(|| ternary_row(o1, a1, b1, c1, op), || ternary_row(o2, a2, b2, c2, op));
        return;
    }
    match (out.as_slice_mut(), lane(&a), lane(&b), lane(&c)) {
        (Some(o), Lane::Contiguous(x), Lane::Repeated(y), Lane::Repeated(z)) => {
            o.chunks_mut(BLOCK).zip(blocks(x)).for_each(|(o, x)| {
                o.iter_mut().zip(x).for_each(|(o, &x)| o.set(op(x, y, z)));
            });
        }
        _ => Zip::from(out).and(a).and(b).and(c).for_each(|o, &x, &y, &z| o.set(op(x, y, z))),
    }
}
