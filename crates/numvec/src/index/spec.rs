//! Index items and NumPy's rules for combining them: which axes a key
//! consumes, how slices clip, where the advanced (array) dimensions go.
//!
//! `resolve` turns a key into an `IndexPlan`: the slicing that makes the
//! basic view, and the integer arrays that then pick positions in that view.

use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

use ndarray::{Array, ArrayD, ArrayView, ArrayViewD, CowArray, Dimension, IxDyn, SliceInfo, SliceInfoElem};

use crate::broadcast::broadcast_pair;
use crate::error::{Error, Result, fmt_shape};
use crate::kernels::gather::{BadIndex, Selection, wrap_index};

/// One item of an index key, as in NumPy's `a[key]`.
///
/// Build keys with the [`idx!`](crate::idx) macro, or from the constructors
/// and `From` conversions: integers give [`IndexItem::Int`], Rust ranges give
/// [`IndexItem::Slice`] (`..` is NumPy's `:`), `&Array<i64, _>` gives
/// [`IndexItem::Array`] and `&Array<bool, _>` gives [`IndexItem::Mask`].
#[derive(Debug, Clone)]
pub enum IndexItem<'a> {
    /// An integer: picks one position and removes the axis; negative counts
    /// from the end.
    Int(isize),
    /// NumPy's `start:stop:step` (Python's slice rules: clipped bounds,
    /// negative steps walk backwards, `None` means the end in step's direction).
    Slice {
        /// First position (`None`: the start in the step's direction).
        start: Option<isize>,
        /// One past the last position (`None`: past the end in the step's direction).
        stop: Option<isize>,
        /// The step; never zero.
        step: isize,
    },
    /// NumPy's `None`/`np.newaxis`: a new axis of length 1.
    NewAxis,
    /// NumPy's `...`: as many full slices as the other items leave axes.
    Ellipsis,
    /// An integer array (advanced indexing): any shape; several broadcast together.
    Array(CowArray<'a, i64, IxDyn>),
    /// A boolean array (advanced indexing), equivalent to its `nonzero()` arrays.
    Mask(CowArray<'a, bool, IxDyn>),
}

pub use IndexItem::{Ellipsis, NewAxis};

impl IndexItem<'_> {
    /// NumPy's slice `start:stop:step`.
    ///
    /// # Example
    /// ```
    /// use numvec::index::IndexItem;
    /// let reversed = IndexItem::slice(None, None, -1);
    /// assert!(matches!(reversed, IndexItem::Slice { step: -1, .. }));
    /// ```
    pub fn slice(start: Option<isize>, stop: Option<isize>, step: isize) -> Self {
        IndexItem::Slice { start, stop, step }
    }

    /// This slice with another step (the `;step` of [`idx!`](crate::idx)); any
    /// other item is returned unchanged.
    pub fn step_by(self, new_step: isize) -> Self {
        match self {
            IndexItem::Slice { start, stop, .. } => IndexItem::Slice { start, stop, step: new_step },
            other => other,
        }
    }
}

/// Builds an index key (an array of [`IndexItem`]s), like NumPy's `a[...]` syntax:
/// integers, Rust ranges for slices (`..` is `:`, `1..`, `..-1`), an optional
/// `;step` after a range, `NewAxis`, `Ellipsis`, `&` integer arrays and `&`
/// boolean arrays.
///
/// # Example
/// ```
/// use ndarray::{array, Array2};
/// use numvec::idx;
/// use numvec::index::{get, Ellipsis, NewAxis};
///
/// let a = Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as i64);
/// let rows = array![2_i64, 0];
/// // NumPy: a[::-1, 0], a[rows, 1:], a[..., None, 0]
/// assert_eq!(get(&a, &idx![..;-1, 0])?, array![20, 10, 0].into_dyn());
/// assert_eq!(get(&a, &idx![&rows, 1..])?, array![[21, 22, 23], [1, 2, 3]].into_dyn());
/// assert_eq!(get(&a, &idx![Ellipsis, NewAxis, 0])?.shape(), &[3, 1]);
/// # Ok::<(), numvec::Error>(())
/// ```
#[macro_export]
macro_rules! idx {
    ($($item:expr $(; $step:expr)?),* $(,)?) => {
        [$($crate::idx!(@item $item $(; $step)?)),*]
    };
    (@item $item:expr) => {
        $crate::index::IndexItem::from($item)
    };
    (@item $item:expr; $step:expr) => {
        $crate::index::IndexItem::from($item).step_by($step)
    };
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for IndexItem<'_> {
            fn from(i: $t) -> Self {
                IndexItem::Int(i as isize)
            }
        }
        impl From<Range<$t>> for IndexItem<'_> {
            fn from(r: Range<$t>) -> Self {
                IndexItem::slice(Some(r.start as isize), Some(r.end as isize), 1)
            }
        }
        impl From<RangeFrom<$t>> for IndexItem<'_> {
            fn from(r: RangeFrom<$t>) -> Self {
                IndexItem::slice(Some(r.start as isize), None, 1)
            }
        }
        impl From<RangeTo<$t>> for IndexItem<'_> {
            fn from(r: RangeTo<$t>) -> Self {
                IndexItem::slice(None, Some(r.end as isize), 1)
            }
        }
        impl From<RangeInclusive<$t>> for IndexItem<'_> {
            fn from(r: RangeInclusive<$t>) -> Self {
                let stop = *r.end() as isize + 1;
                IndexItem::slice(Some(*r.start() as isize), (stop != 0).then_some(stop), 1)
            }
        }
        impl From<RangeToInclusive<$t>> for IndexItem<'_> {
            fn from(r: RangeToInclusive<$t>) -> Self {
                let stop = r.end as isize + 1;
                IndexItem::slice(None, (stop != 0).then_some(stop), 1)
            }
        }
    )*};
}
from_integer!(i32, i64, isize, usize);

impl From<RangeFull> for IndexItem<'_> {
    fn from(_: RangeFull) -> Self {
        IndexItem::slice(None, None, 1)
    }
}

impl<'a, D: Dimension> From<&'a Array<i64, D>> for IndexItem<'a> {
    fn from(a: &'a Array<i64, D>) -> Self {
        IndexItem::Array(a.view().into_dyn().into())
    }
}

impl<'a, D: Dimension> From<ArrayView<'a, i64, D>> for IndexItem<'a> {
    fn from(a: ArrayView<'a, i64, D>) -> Self {
        IndexItem::Array(a.into_dyn().into())
    }
}

impl<'a, D: Dimension> From<&'a Array<bool, D>> for IndexItem<'a> {
    fn from(a: &'a Array<bool, D>) -> Self {
        IndexItem::Mask(a.view().into_dyn().into())
    }
}

impl<'a, D: Dimension> From<ArrayView<'a, bool, D>> for IndexItem<'a> {
    fn from(a: ArrayView<'a, bool, D>) -> Self {
        IndexItem::Mask(a.into_dyn().into())
    }
}

impl From<ArrayD<i64>> for IndexItem<'_> {
    fn from(a: ArrayD<i64>) -> Self {
        IndexItem::Array(a.into())
    }
}

/// One integer array of a resolved key: it picks positions along `axis` of
/// the basic view (`source_axis` of the original array, for messages).
#[derive(Debug)]
pub(crate) struct AxisIndex<'k> {
    /// The axis of the basic view it indexes.
    pub axis: usize,
    /// The axis of the indexed array it indexes (for error messages).
    pub source_axis: usize,
    /// The indices, broadcast to the plan's `broadcast_shape`.
    pub indices: ArrayViewD<'k, i64>,
}

/// A key resolved against a shape: NumPy's indexing as a basic view plus
/// integer arrays over some of its axes.
#[derive(Debug)]
pub(crate) struct IndexPlan<'k> {
    /// The slicing (ints, slices, new axes) that makes the basic view; axes
    /// that arrays index are kept whole.
    pub basic: Vec<SliceInfoElem>,
    /// The integer arrays, in key order, each broadcast to `broadcast_shape`.
    pub arrays: Vec<AxisIndex<'k>>,
    /// The shape all integer arrays broadcast to (empty when there are none).
    pub broadcast_shape: Vec<usize>,
    /// How many axes of the basic view come before the array dimensions in
    /// the result: those before the first indexed axis when the indexed axes
    /// are adjacent in the key, otherwise none (NumPy puts them first).
    pub leading: usize,
}

impl IndexPlan<'_> {
    /// Whether the key is basic: its result is a view.
    pub fn is_basic(&self) -> bool {
        self.arrays.is_empty()
    }

    /// The checked positions this plan picks in `view` (the basic view).
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] for the first index out of bounds.
    pub fn select(&self, shape: &[usize], strides: &[isize]) -> Result<Selection<'_>> {
        let arrays: Vec<(usize, ArrayViewD<'_, i64>)> =
            self.arrays.iter().map(|a| (a.axis, a.indices.view())).collect();
        Selection::new(shape, strides, &arrays, self.leading).map_err(|BadIndex { array, index }| {
            let AxisIndex { axis, source_axis, .. } = self.arrays[array];
            Error::IndexOutOfBounds { index: index as isize, axis: source_axis, size: shape[axis] }
        })
    }

    /// The shape of the result for a basic view of shape `view_shape`: the
    /// leading axes, the arrays' broadcast shape, then the other axes.
    pub fn result_shape(&self, view_shape: &[usize]) -> Vec<usize> {
        let rest: Vec<usize> = (0..view_shape.len())
            .filter(|axis| self.arrays.iter().all(|a| a.axis != *axis))
            .map(|axis| view_shape[axis])
            .collect();
        let (lead, trailing) = rest.split_at(self.leading);
        [lead, &self.broadcast_shape, trailing].concat()
    }

    /// The basic slicing as ndarray's slice description.
    pub fn slice_info(&self) -> Result<SliceInfo<&[SliceInfoElem], IxDyn, IxDyn>> {
        SliceInfo::try_from(&self.basic[..]).map_err(|e| Error::InvalidArgument(e.to_string()))
    }
}

/// An item after expanding masks and `...`: what it does to the basic view.
enum Step<'k> {
    /// Keep this axis of the array, indexed by an integer array (or an int
    /// turned into a 0-d array because the key has arrays).
    Indexed(CowArray<'k, i64, IxDyn>),
    /// A new axis of length 1 indexed by `[0]` or `[]`: a 0-d boolean.
    NewIndexed(CowArray<'k, i64, IxDyn>),
    /// A basic item.
    Basic(SliceInfoElem),
    /// A new axis (`None`).
    New,
}

/// Resolves `key` against an array of shape `shape`, following NumPy's rules
/// (checked in NumPy's order): at most one `...`; no more axes consumed than
/// the array has; boolean shapes; integer bounds; arrays that broadcast.
pub(crate) fn resolve<'k>(shape: &[usize], key: &'k [IndexItem<'_>]) -> Result<ResolvedKey<'k>> {
    let ellipses = key.iter().filter(|item| matches!(item, IndexItem::Ellipsis)).count();
    if ellipses > 1 {
        return Err(Error::Index("an index can only have a single ellipsis ('...')".into()));
    }
    let consumed: usize = key.iter().map(consumed_axes).sum();
    if consumed > shape.len() {
        return Err(Error::Index(format!(
            "too many indices for array: array is {}-dimensional, but {consumed} were indexed",
            shape.len()
        )));
    }
    let has_arrays = key.iter().any(|item| matches!(item, IndexItem::Array(_) | IndexItem::Mask(_)));
    let mut steps = Vec::with_capacity(key.len());
    let mut source_axes = Vec::with_capacity(key.len());
    let mut axis = 0;
    let mut adjacent = true;
    let mut last_array_item: Option<usize> = None;
    for (position, item) in key.iter().enumerate() {
        let is_array =
            has_arrays && !matches!(item, IndexItem::Slice { .. } | IndexItem::NewAxis | IndexItem::Ellipsis);
        if is_array {
            if last_array_item.is_some_and(|last| last + 1 != position) {
                adjacent = false;
            }
            last_array_item = Some(position);
        }
        match item {
            IndexItem::Int(i) => {
                let size = shape[axis];
                let wrapped = wrap_index(*i as i64, size).ok_or(Error::IndexOutOfBounds { index: *i, axis, size })?;
                if has_arrays {
                    steps.push(Step::Indexed(ArrayD::from_elem(IxDyn(&[]), wrapped as i64).into()));
                } else {
                    steps.push(Step::Basic(SliceInfoElem::Index(wrapped as isize)));
                }
                source_axes.push(axis);
                axis += 1;
            }
            IndexItem::Slice { start, stop, step } => {
                steps.push(Step::Basic(slice_elem(*start, *stop, *step, shape[axis])?));
                source_axes.push(axis);
                axis += 1;
            }
            IndexItem::NewAxis => {
                steps.push(Step::New);
                source_axes.push(axis);
            }
            IndexItem::Ellipsis => {
                for _ in 0..shape.len() - consumed {
                    steps.push(Step::Basic(SliceInfoElem::Slice { start: 0, end: None, step: 1 }));
                    source_axes.push(axis);
                    axis += 1;
                }
            }
            IndexItem::Array(indices) => {
                steps.push(Step::Indexed(indices.view().into()));
                source_axes.push(axis);
                axis += 1;
            }
            IndexItem::Mask(mask) if mask.ndim() == 0 => {
                let hits = usize::from(mask[[]]);
                steps.push(Step::NewIndexed(ArrayD::zeros(IxDyn(&[hits])).into()));
                source_axes.push(axis);
            }
            IndexItem::Mask(mask) => {
                check_mask_shape(mask.shape(), &shape[axis..], axis)?;
                for nonzero in nonzero(&mask.view()) {
                    steps.push(Step::Indexed(nonzero.into()));
                    source_axes.push(axis);
                    axis += 1;
                }
            }
        }
    }
    // Axes the key does not reach are taken whole, as by a trailing `...`.
    for rest in axis..shape.len() {
        steps.push(Step::Basic(SliceInfoElem::Slice { start: 0, end: None, step: 1 }));
        source_axes.push(rest);
    }
    Ok(ResolvedKey { steps, source_axes, adjacent })
}

/// A key whose masks, ellipsis and ints are expanded, ready to plan against
/// the array it was resolved for.
pub(crate) struct ResolvedKey<'k> {
    steps: Vec<Step<'k>>,
    source_axes: Vec<usize>,
    adjacent: bool,
}

impl ResolvedKey<'_> {
    /// Broadcasts the integer arrays together and builds the plan (bounds
    /// are checked where the positions are computed).
    pub(crate) fn plan(&self) -> Result<IndexPlan<'_>> {
        let mut basic = Vec::with_capacity(self.steps.len());
        let mut indexed = Vec::new();
        let mut view_axis = 0;
        for (step, &source_axis) in self.steps.iter().zip(&self.source_axes) {
            match step {
                Step::Indexed(indices) => {
                    indexed.push((view_axis, source_axis, indices));
                    basic.push(SliceInfoElem::Slice { start: 0, end: None, step: 1 });
                    view_axis += 1;
                }
                Step::NewIndexed(indices) => {
                    indexed.push((view_axis, source_axis, indices));
                    basic.push(SliceInfoElem::NewAxis);
                    view_axis += 1;
                }
                Step::Basic(elem) => {
                    basic.push(*elem);
                    view_axis += usize::from(!matches!(elem, SliceInfoElem::Index(_)));
                }
                Step::New => {
                    basic.push(SliceInfoElem::NewAxis);
                    view_axis += 1;
                }
            }
        }
        let broadcast_shape = indexed.iter().try_fold(Vec::new(), |acc, (_, _, indices)| {
            broadcast_pair(&acc, indices.shape()).map_err(|_| shape_mismatch(&indexed))
        })?;
        let leading = match indexed.first() {
            Some(&(first, _, _)) if self.adjacent => first,
            _ => 0,
        };
        let arrays = indexed
            .iter()
            .map(|&(axis, source_axis, indices)| {
                let indices = indices.broadcast(IxDyn(&broadcast_shape)).ok_or_else(|| shape_mismatch(&indexed))?;
                Ok(AxisIndex { axis, source_axis, indices })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(IndexPlan { basic, arrays, broadcast_shape, leading })
    }
}

fn shape_mismatch(indexed: &[(usize, usize, &CowArray<'_, i64, IxDyn>)]) -> Error {
    let shapes: String = indexed.iter().map(|(_, _, indices)| fmt_shape(indices.shape()) + " ").collect();
    Error::Index(format!("shape mismatch: indexing arrays could not be broadcast together with shapes {shapes}"))
}

/// How many axes of the indexed array an item consumes.
fn consumed_axes(item: &IndexItem<'_>) -> usize {
    match item {
        IndexItem::Int(_) | IndexItem::Slice { .. } | IndexItem::Array(_) => 1,
        IndexItem::Mask(mask) => mask.ndim(),
        IndexItem::NewAxis | IndexItem::Ellipsis => 0,
    }
}

fn check_mask_shape(mask_shape: &[usize], array_shape: &[usize], first_axis: usize) -> Result<()> {
    for (k, (&m, &n)) in mask_shape.iter().zip(array_shape).enumerate() {
        // NumPy lets an empty mask axis stand for any axis (nothing is selected).
        if m != n && m != 0 {
            return Err(Error::Index(format!(
                "boolean index did not match indexed array along axis {}; size of axis is {n} but size of corresponding boolean axis is {m}",
                first_axis + k
            )));
        }
    }
    Ok(())
}

/// NumPy's `nonzero`: one 1-D index array per axis of `mask`, listing the
/// positions of its `true` elements in C order.
fn nonzero(mask: &ArrayViewD<'_, bool>) -> Vec<ArrayD<i64>> {
    let ndim = mask.ndim();
    let hits = mask.iter().filter(|&&m| m).count();
    let mut columns = vec![Vec::with_capacity(hits); ndim];
    for (position, &m) in mask.indexed_iter() {
        if m {
            for (column, &i) in columns.iter_mut().zip(position.slice()) {
                column.push(i as i64);
            }
        }
    }
    columns
        .into_iter()
        .map(|c| ArrayD::from_shape_vec(IxDyn(&[c.len()]), c).expect("1-D shape of its length"))
        .collect()
}

/// Python's slice rules for an axis of length `size`, as the equivalent
/// ndarray slice (which always counts from the low end).
///
/// # Errors
/// [`Error::InvalidArgument`] for a zero step (NumPy's `ValueError`).
pub(crate) fn slice_elem(start: Option<isize>, stop: Option<isize>, step: isize, size: usize) -> Result<SliceInfoElem> {
    let (first, count) = slice_positions(start, stop, step, size)?;
    let first = first as isize;
    Ok(match count {
        0 => SliceInfoElem::Slice { start: 0, end: Some(0), step: 1 },
        n if step > 0 => SliceInfoElem::Slice { start: first, end: Some(first + (n as isize - 1) * step + 1), step },
        n => SliceInfoElem::Slice { start: first + (n as isize - 1) * step, end: Some(first + 1), step },
    })
}

/// The first position and the number of positions of Python's slice
/// `start:stop:step` over an axis of length `size` (CPython's `slice.indices`).
///
/// # Errors
/// [`Error::InvalidArgument`] for a zero step.
pub(crate) fn slice_positions(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    size: usize,
) -> Result<(usize, usize)> {
    if step == 0 {
        return Err(Error::InvalidArgument("slice step cannot be zero".into()));
    }
    let len = size as isize;
    let backwards = step < 0;
    let clip = |bound: Option<isize>, default: isize| match bound {
        None => default,
        Some(b) if b < 0 => (b + len).max(if backwards { -1 } else { 0 }),
        Some(b) => b.min(if backwards { len - 1 } else { len }),
    };
    let first = clip(start, if backwards { len - 1 } else { 0 });
    let end = clip(stop, if backwards { -1 } else { len });
    let count = match backwards {
        false if first < end => (end - first - 1) / step + 1,
        true if end < first => (first - end - 1) / (-step) + 1,
        _ => 0,
    };
    Ok((first.max(0) as usize, count as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_follow_python() {
        let positions = |start, stop, step, size| slice_positions(start, stop, step, size).unwrap();
        assert_eq!(positions(None, None, 1, 5), (0, 5));
        assert_eq!(positions(None, None, -1, 5), (4, 5));
        assert_eq!(positions(Some(-2), None, 1, 5), (3, 2));
        assert_eq!(positions(Some(10), None, -2, 5), (4, 3));
        assert_eq!(positions(Some(1), Some(1), 1, 5), (1, 0));
        assert_eq!(positions(Some(-10), Some(3), 2, 5), (0, 2));
        assert_eq!(positions(None, Some(-10), -1, 5), (4, 5));
        assert_eq!(positions(None, None, -1, 0), (0, 0));
        assert!(slice_positions(None, None, 0, 3).is_err());
    }

    #[test]
    fn slices_become_low_to_high_ranges() {
        let elem = slice_elem(Some(4), Some(0), -2, 5).unwrap();
        assert_eq!(elem, SliceInfoElem::Slice { start: 2, end: Some(5), step: -2 });
    }

    #[test]
    fn masks_become_nonzero_columns() {
        let mask = ndarray::array![[true, false], [false, true]].into_dyn();
        let columns = nonzero(&mask.view());
        assert_eq!(columns[0].as_slice().unwrap(), &[0, 1]);
        assert_eq!(columns[1].as_slice().unwrap(), &[0, 1]);
    }
}
