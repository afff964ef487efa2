//! The two shapes in which reductions read their input: the reduced elements
//! of one output as a sequence ([`Seq`]), or a tile of outputs as rows
//! ([`Rows`]) when the outputs, not the reduced elements, are adjacent in memory.

use super::strided::{Lane, Source};

/// Strided runs are copied this many elements at a time.
const COPY_LEN: usize = 256;

/// The reduced elements of one output, in reduction order: one lane, or
/// several consecutive lanes of a [`Source`] read one after the other.
#[derive(Debug)]
pub(crate) enum Seq<'s, 'a, T> {
    /// A single lane.
    Lane(Lane<'a, T>),
    /// `lanes` lanes at flat positions `first..first + lanes` of `src`.
    Lanes {
        /// Where the lanes come from.
        src: &'s Source<'a, T>,
        /// The flat position of the first lane.
        first: usize,
        /// The number of lanes.
        lanes: usize,
    },
}

impl<'s, 'a, T: Copy> Seq<'s, 'a, T> {
    /// The `lanes` whole lanes of `src` from flat position `first`.
    pub(crate) fn new(src: &'s Source<'a, T>, first: usize, lanes: usize) -> Self {
        if lanes == 1 { Seq::Lane(src.lane(first, 0, lane_len(src))) } else { Seq::Lanes { src, first, lanes } }
    }

    /// The number of elements.
    pub(crate) fn len(&self) -> usize {
        match self {
            Seq::Lane(lane) => lane.len(),
            Seq::Lanes { src, lanes, .. } => lanes * lane_len(src),
        }
    }

    /// The whole sequence as a slice, when it is one contiguous lane.
    pub(crate) fn as_slice(&self) -> Option<&'a [T]> {
        match self {
            Seq::Lane(lane) => lane.as_slice(),
            Seq::Lanes { .. } => None,
        }
    }

    /// Elements `start..start + n` as a slice, borrowed when contiguous,
    /// otherwise copied into `buf`.
    #[inline]
    pub(crate) fn chunk<'b>(&self, start: usize, n: usize, buf: &'b mut Vec<T>) -> &'b [T]
    where
        'a: 'b,
    {
        match *self {
            Seq::Lane(lane) => lane.sub(start, n).as_slice_or_copy(buf),
            Seq::Lanes { src, first, .. } => {
                let len = lane_len(src);
                let (mut lane, mut at) = (start / len, start % len);
                if at + n <= len {
                    return src.lane(first + lane, at, n).as_slice_or_copy(buf);
                }
                buf.clear();
                while buf.len() < n {
                    let take = (len - at).min(n - buf.len());
                    src.lane(first + lane, at, take).append_to(buf);
                    lane += 1;
                    at = 0;
                }
                buf
            }
        }
    }

    /// Calls `f(offset, run)` on consecutive runs covering elements
    /// `start..start + n` in order; contiguous runs are borrowed whole,
    /// strided ones are copied into `buf` piece by piece.
    pub(crate) fn for_each_run(&self, start: usize, n: usize, buf: &mut Vec<T>, mut f: impl FnMut(usize, &[T])) {
        match *self {
            Seq::Lane(lane) => visit_lane(lane.sub(start, n), start, buf, &mut f),
            Seq::Lanes { src, first, .. } => {
                let len = lane_len(src);
                let (mut lane, mut at, mut done) = (start / len, start % len, 0);
                while done < n {
                    let take = (len - at).min(n - done);
                    visit_lane(src.lane(first + lane, at, take), start + done, buf, &mut f);
                    done += take;
                    lane += 1;
                    at = 0;
                }
            }
        }
    }
}

fn lane_len<T>(src: &Source<'_, T>) -> usize {
    src.dims()[src.dims().len() - 1].0
}

fn visit_lane<T: Copy>(lane: Lane<'_, T>, offset: usize, buf: &mut Vec<T>, f: &mut impl FnMut(usize, &[T])) {
    if let Some(run) = lane.as_slice() {
        return f(offset, run);
    }
    let mut at = 0;
    while at < lane.len() {
        let take = COPY_LEN.min(lane.len() - at);
        f(offset + at, lane.sub(at, take).as_slice_or_copy(buf));
        at += take;
    }
}

/// A tile of `width` adjacent outputs whose reduced elements are `len` rows:
/// row `r` holds, for each output of the tile, its `r`-th reduced element.
#[derive(Debug)]
pub(crate) struct Rows<'s, 'a, T> {
    src: &'s Source<'a, T>,
    first: usize,
    len: usize,
    start: usize,
    width: usize,
}

impl<'s, 'a, T: Copy> Rows<'s, 'a, T> {
    /// Rows are the lanes at flat positions `first..first + len` of `src`,
    /// restricted to elements `start..start + width`.
    pub(crate) fn new(src: &'s Source<'a, T>, first: usize, len: usize, start: usize, width: usize) -> Self {
        Rows { src, first, len, start, width }
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The number of outputs in the tile.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Row `r`, borrowed when contiguous, otherwise copied into `buf`.
    #[inline]
    pub(crate) fn row<'b>(&self, r: usize, buf: &'b mut Vec<T>) -> &'b [T]
    where
        'a: 'b,
    {
        assert!(r < self.len);
        self.src.lane(self.first + r, self.start, self.width).as_slice_or_copy(buf)
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, s};

    use super::*;

    #[test]
    fn sequences_span_lanes() {
        let a = Array2::from_shape_fn((3, 5), |(i, j)| (10 * i + j) as i32);
        let view = a.slice(s![.., ..4]).into_dyn();
        let src = Source::new(&view, &[vec![0], vec![1]]);
        let seq = Seq::new(&src, 0, 3);
        assert_eq!(seq.len(), 12);
        let mut buf = Vec::new();
        assert_eq!(seq.chunk(2, 5, &mut buf), &[2, 3, 10, 11, 12]);
        assert_eq!(seq.chunk(4, 3, &mut buf), &[10, 11, 12]);
        let mut runs = Vec::new();
        seq.for_each_run(3, 6, &mut buf, |at, run| runs.push((at, run.to_vec())));
        assert_eq!(runs, vec![(3, vec![3]), (4, vec![10, 11, 12, 13]), (8, vec![20])]);
    }

    #[test]
    fn strided_runs_are_copied_in_pieces() {
        let a = Array2::from_shape_fn((5, 2), |(i, j)| (10 * i + j) as i32);
        let view = a.view().into_dyn();
        let src = Source::new(&view, &[vec![1], vec![0]]);
        let seq = Seq::new(&src, 1, 1);
        let mut buf = Vec::new();
        let mut runs = Vec::new();
        seq.for_each_run(1, 4, &mut buf, |at, run| runs.push((at, run.to_vec())));
        assert_eq!(runs, vec![(1, vec![11, 21, 31, 41])]);
        let rows = Rows::new(&src, 0, 2, 1, 3);
        assert_eq!(rows.row(1, &mut buf), &[11, 21, 31]);
    }
}
