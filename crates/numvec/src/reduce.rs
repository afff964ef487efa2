//! NumPy's reductions: `sum`, `mean`, `var`, `std`, `min`, `max`, `argmin`,
//! `argmax`, `all`, `any` and `linalg.norm`, over any axes, with `keepdims`.
//!
//! Every function takes any `ndarray` array or view (any rank, any strides:
//! sliced, reversed, broadcast) and NumPy's `axis` argument as an
//! [`Axes`]: `None` for every axis, an `isize` (negative counts from the
//! end) or a list of axes. The result is always an owned [`ArrayD`]: 0-d
//! for a full reduction, with the reduced axes kept as length 1 when
//! `keepdims` is true.
//!
//! # Summation
//!
//! Float sums (and the sums inside `mean`, `var`, `std` and `norm`) use
//! NumPy's pairwise summation: blocks of at most 128 elements summed with
//! eight partial sums, longer runs split at half their length rounded down to
//! a multiple of 8. How it is applied depends on the layout:
//!
//! - **Reduced axes innermost in memory** (`axis=-1` or `axis=None` of a
//!   C-contiguous array): each output's elements are one contiguous lane,
//!   summed exactly as NumPy does, so results match NumPy bit for bit.
//! - **Reduced axes that do not form one lane** (sliced or broadcast views,
//!   several reduced axes): the reduced elements are taken in memory order as
//!   one sequence (strided pieces are copied in blocks) and summed with the
//!   same algorithm, giving the sum of a contiguous copy.
//! - **Reduced axes outside the contiguous one** (`axis=0` of a C-contiguous
//!   matrix): whole rows are added into a buffer of outputs, as NumPy does,
//!   but eight rows at a time as a tree, group sums in order within blocks of
//!   64 rows, block sums pairwise (NumPy adds every row in turn). The error
//!   bound is close to pairwise summation's, and the last bits can differ
//!   from NumPy's.
//!
//! Negative strides are read in memory order, like NumPy's iterator. Integer
//! and `bool` sums accumulate in `i64`, wrapping on overflow, and are exact.
//!
//! # Parallelism
//!
//! Reductions over [`crate::elementwise::PARALLEL_MIN_LEN`]
//! elements or more run on rayon's pool, splitting over outputs, over tiles of
//! outputs or at the pairwise split points of one long sum. Every split is
//! fixed by the shape alone, so results (floats included) are identical
//! whatever the number of threads.

use std::cmp::Reverse;
use std::marker::PhantomData;

use ndarray::{ArrayD, ArrayViewD, AsArray, Axis, Dimension};
use rayon::prelude::*;

use crate::axis::{Axes, normalize_axis};
use crate::element::{Arithmetic, Element, Float};
use crate::elementwise::PARALLEL_MIN_LEN;
use crate::error::{Error, Result};
use crate::kernels::extrema::{
    AllFold, AnyFold, Extreme, Fold, Largest, MaxFold, MinFold, Smallest, arg_rows, arg_seq, fold_rows, fold_seq,
};
use crate::kernels::pairwise::{sum_rows, sum_seq};
use crate::kernels::seq::{Rows, Seq};
use crate::kernels::strided::{Lane, Source};

/// Outputs computed together from whole rows (see [`Mode::Outer`]): long
/// enough for rows to be read as long contiguous runs (hardware prefetchers
/// stop at page boundaries), short enough for the running results to stay
/// in cache.
const OUTER_TILE: usize = 4096;
/// With at least this many outputs, outputs are spread over threads rather
/// than each output's sum.
const PARALLEL_OUTPUTS: usize = 32;
/// With at least this many tiles, tiles are spread over threads rather than
/// the rows of each tile.
const PARALLEL_TILES: usize = 8;

// ---------------------------------------------------------------- planning

/// How the reduced elements of each output are read.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Output `o` reduces `lanes` consecutive lanes of the source from lane
    /// `o * lanes`: the reduced axes are innermost in memory.
    Inner { lanes: usize },
    /// The last source dimension runs over `width` adjacent outputs; for each
    /// run of outputs, its reduced elements are the rows (lanes) of the
    /// source, one row per reduced position.
    Outer { width: usize },
}

/// A reduction's input regrouped for the kernels, and where its outputs go.
#[derive(Debug)]
struct Plan<'a, T> {
    src: Source<'a, T>,
    mode: Mode,
    n_out: usize,
    n_red: usize,
    /// The shape of the (normalized) input.
    shape: Vec<usize>,
    /// The kept axes of length > 1, in the order the outputs are computed.
    out_axes: Vec<usize>,
    /// The kept axes read in reverse.
    flipped: Vec<usize>,
}

/// Groups consecutive axes (outer to inner) that can be walked with one stride.
fn group_axes(axes: &[usize], shape: &[usize], strides: &[isize]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &axis in axes {
        let inner_stride = strides[axis] * shape[axis] as isize;
        match groups.last_mut() {
            Some(group) if group.last().is_some_and(|&outer| strides[outer] == inner_stride) => group.push(axis),
            _ => groups.push(vec![axis]),
        }
    }
    groups
}

/// Normalizes the layout of `view` for reducing the axes in `mask` (both
/// non-empty in size): reverses negative strides (of the reduced axes only
/// when `flip_reduced`), merges axes, and picks [`Mode::Outer`] when a kept
/// axis has a smaller stride than every reduced axis.
fn plan<'a, T: Copy>(mut view: ArrayViewD<'a, T>, mask: &[bool], flip_reduced: bool) -> Plan<'a, T> {
    let ndim = view.ndim();
    let mut flipped = Vec::new();
    for (axis, &reduced) in mask.iter().enumerate() {
        if view.strides()[axis] < 0 && view.shape()[axis] > 1 && (flip_reduced || !reduced) {
            view.invert_axis(Axis(axis));
            if !reduced {
                flipped.push(axis);
            }
        }
    }
    let (shape, strides) = (view.shape().to_vec(), view.strides().to_vec());
    let kept: Vec<usize> = (0..ndim).filter(|&a| !mask[a] && shape[a] > 1).collect();
    let mut reduced: Vec<usize> = (0..ndim).filter(|&a| mask[a] && shape[a] > 1).collect();
    reduced.sort_by_key(|&a| Reverse(strides[a].unsigned_abs()));
    let kept_groups = group_axes(&kept, &shape, &strides);
    let reduced_groups = group_axes(&reduced, &shape, &strides);

    let stride_of = |group: &[usize]| group.last().map_or(0, |&a| strides[a].unsigned_abs());
    let len_of = |group: &[usize]| group.iter().map(|&a| shape[a]).product::<usize>();
    let inner_reduced = reduced_groups.last().map(|g| stride_of(g));
    let lane = kept_groups
        .iter()
        .enumerate()
        .rev()
        .min_by_key(|(_, g)| stride_of(g))
        .map(|(i, _)| i)
        .filter(|&i| inner_reduced.is_none_or(|r| stride_of(&kept_groups[i]) < r));

    let n_red = reduced_groups.iter().map(|g| len_of(g)).product();
    let n_out = kept_groups.iter().map(|g| len_of(g)).product();
    let (groups, out_axes, mode) = match lane {
        Some(i) => {
            let mut groups: Vec<Vec<usize>> =
                kept_groups.iter().enumerate().filter(|&(k, _)| k != i).map(|(_, g)| g.clone()).collect();
            let mut out_axes = groups.concat();
            out_axes.extend(&kept_groups[i]);
            groups.extend(reduced_groups);
            groups.push(kept_groups[i].clone());
            (groups, out_axes, Mode::Outer { width: len_of(&kept_groups[i]) })
        }
        None => {
            let lanes = reduced_groups.split_last().map_or(1, |(_, outer)| outer.iter().map(|g| len_of(g)).product());
            let mut groups = kept_groups;
            groups.extend(reduced_groups);
            if groups.is_empty() {
                // A single element: nothing to reduce, nothing kept.
                groups.push(Vec::new());
            }
            (groups, kept, Mode::Inner { lanes })
        }
    };
    let src = Source::new(&view, &groups);
    Plan { src, mode, n_out, n_red, shape, out_axes, flipped }
}

// ---------------------------------------------------------------- driving

/// What a reduction computes from the reduced elements of its outputs.
trait Reducer<T>: Sync {
    /// The result for one output.
    type Out: Copy + Send + Sync;

    /// The result for the output whose reduced elements are `seq`; with
    /// `parallel`, the work may be split across rayon's pool.
    fn seq(&self, seq: &Seq<'_, '_, T>, parallel: bool) -> Self::Out;

    /// The results for a tile of outputs whose reduced elements are `rows`.
    fn rows(&self, rows: &Rows<'_, '_, T>, out: &mut [Self::Out], parallel: bool);
}

/// Computes every output, in the order of `plan.out_axes`.
fn run<T: Element, R: Reducer<T>>(plan: &Plan<'_, T>, op: &R, fill: R::Out) -> Vec<R::Out> {
    let mut out = vec![fill; plan.n_out];
    let parallel = plan.n_out.saturating_mul(plan.n_red) >= PARALLEL_MIN_LEN;
    let (src, n_red) = (&plan.src, plan.n_red);
    match plan.mode {
        Mode::Inner { lanes } => {
            let one =
                |o: usize, r: &mut R::Out, parallel: bool| *r = op.seq(&Seq::new(src, o * lanes, lanes), parallel);
            if parallel && plan.n_out >= PARALLEL_OUTPUTS {
                let min_len = (PARALLEL_MIN_LEN / n_red).max(1);
                out.par_iter_mut().enumerate().with_min_len(min_len).for_each(|(o, r)| one(o, r, false));
            } else {
                out.iter_mut().enumerate().for_each(|(o, r)| one(o, r, parallel));
            }
        }
        Mode::Outer { width } => {
            let tile = OUTER_TILE.min(width);
            let tiles = (plan.n_out / width) * width.div_ceil(tile);
            let one = |q: usize, t: usize, out: &mut [R::Out], parallel: bool| {
                op.rows(&Rows::new(src, q * n_red, n_red, t * tile, out.len()), out, parallel);
            };
            if parallel && tiles >= PARALLEL_TILES {
                out.par_chunks_mut(width).enumerate().for_each(|(q, line)| {
                    line.par_chunks_mut(tile).enumerate().for_each(|(t, out)| one(q, t, out, false));
                });
            } else {
                for (q, line) in out.chunks_mut(width).enumerate() {
                    for (t, out) in line.chunks_mut(tile).enumerate() {
                        one(q, t, out, parallel);
                    }
                }
            }
        }
    }
    out
}

/// Puts the outputs, computed in the order of `plan.out_axes`, in C order of
/// `out_shape`.
fn assemble<R: Copy, T>(buf: Vec<R>, plan: &Plan<'_, T>, out_shape: Vec<usize>) -> Result<ArrayD<R>> {
    let shape_error = |e: ndarray::ShapeError| Error::Shape(e.to_string());
    if plan.out_axes.is_sorted() && plan.flipped.is_empty() {
        return ArrayD::from_shape_vec(out_shape, buf).map_err(shape_error);
    }
    let dims: Vec<usize> = plan.out_axes.iter().map(|&a| plan.shape[a]).collect();
    let mut out = ArrayD::from_shape_vec(dims, buf).map_err(shape_error)?;
    for &axis in &plan.flipped {
        if let Some(at) = plan.out_axes.iter().position(|&a| a == axis) {
            out.invert_axis(Axis(at));
        }
    }
    let mut order: Vec<usize> = (0..plan.out_axes.len()).collect();
    order.sort_by_key(|&i| plan.out_axes[i]);
    let out = out.permuted_axes(order);
    let out = if out.is_standard_layout() { out } else { out.as_standard_layout().into_owned() };
    out.into_shape_with_order(out_shape).map_err(shape_error)
}

/// The number of elements each output reduces.
fn reduced_len(shape: &[usize], mask: &[bool]) -> usize {
    shape.iter().zip(mask).filter(|&(_, &m)| m).map(|(&n, _)| n).product()
}

/// Reduces the axes in `mask`: `empty` gives the value (or error) of a
/// reduction over no elements, `fill` is any value of the output type.
fn reduce<T: Element, R: Reducer<T>>(
    view: ArrayViewD<'_, T>,
    mask: &[bool],
    keepdims: bool,
    flip_reduced: bool,
    fill: R::Out,
    empty: impl FnOnce() -> Result<R::Out>,
    op: &R,
) -> Result<ArrayD<R::Out>> {
    let out_shape: Vec<usize> = view
        .shape()
        .iter()
        .zip(mask)
        .filter_map(|(&n, &m)| match (m, keepdims) {
            (false, _) => Some(n),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect();
    if reduced_len(view.shape(), mask) == 0 {
        return Ok(ArrayD::from_elem(out_shape, empty()?));
    }
    if out_shape.contains(&0) {
        return Ok(ArrayD::from_elem(out_shape, fill));
    }
    let plan = plan(view, mask, flip_reduced);
    let buf = run(&plan, op, fill);
    assemble(buf, &plan, out_shape)
}

// ---------------------------------------------------------------- reducers

/// `finish` of the pairwise sum of `map(x)`.
struct Pairwise<M, F> {
    map: M,
    finish: F,
}

impl<T, S, R, M, F> Reducer<T> for Pairwise<M, F>
where
    T: Element,
    S: Arithmetic,
    R: Copy + Send + Sync,
    M: Fn(T) -> S + Sync,
    F: Fn(S) -> R + Sync,
{
    type Out = R;

    fn seq(&self, seq: &Seq<'_, '_, T>, parallel: bool) -> R {
        (self.finish)(sum_seq(seq, &self.map, parallel))
    }

    fn rows(&self, rows: &Rows<'_, '_, T>, out: &mut [R], parallel: bool) {
        let mut sums = vec![S::ZERO; rows.width()];
        sum_rows(rows, &|x, ()| (self.map)(x), &vec![(); rows.width()], &mut sums, parallel);
        for (o, s) in out.iter_mut().zip(sums) {
            *o = (self.finish)(s);
        }
    }
}

/// `var` (or `std` with `root`): the mean, then the sum of squared deviations
/// from it, in two passes over each output's elements (or each tile's rows).
struct Moments {
    ddof: usize,
    root: bool,
}

impl Moments {
    fn finish<F: Float>(&self, squares: F, n: usize) -> F {
        let var = F::ZERO.add(squares).div(F::from_usize(n.saturating_sub(self.ddof)));
        if self.root { var.sqrt() } else { var }
    }
}

#[inline(always)]
fn squared_deviation<T: Element>(x: T, mean: T::Float) -> T::Float {
    let d = x.to_float().sub(mean);
    d.mul(d)
}

impl<T: Element> Reducer<T> for Moments {
    type Out = T::Float;

    fn seq(&self, seq: &Seq<'_, '_, T>, parallel: bool) -> T::Float {
        let n = seq.len();
        let sum: T::Float = sum_seq(seq, &|x: T| x.to_float(), parallel);
        let mean = T::Float::ZERO.add(sum).div(T::Float::from_usize(n));
        let squares = sum_seq(seq, &|x: T| squared_deviation(x, mean), parallel);
        self.finish(squares, n)
    }

    fn rows(&self, rows: &Rows<'_, '_, T>, out: &mut [T::Float], parallel: bool) {
        let (n, width) = (rows.len(), rows.width());
        let mut means = vec![T::Float::ZERO; width];
        sum_rows(rows, &|x: T, ()| x.to_float(), &vec![(); width], &mut means, parallel);
        let count = T::Float::from_usize(n);
        for m in &mut means {
            *m = T::Float::ZERO.add(*m).div(count);
        }
        sum_rows(rows, &squared_deviation::<T>, &means, out, parallel);
        for o in out {
            *o = self.finish(*o, n);
        }
    }
}

/// A fold without identity or a logical fold.
struct Folding<F>(PhantomData<fn() -> F>);

impl<T: Element, F: Fold<T>> Reducer<T> for Folding<F> {
    type Out = F::Acc;

    fn seq(&self, seq: &Seq<'_, '_, T>, parallel: bool) -> F::Acc {
        fold_seq::<T, F>(seq, parallel)
    }

    fn rows(&self, rows: &Rows<'_, '_, T>, out: &mut [F::Acc], parallel: bool) {
        fold_rows::<T, F>(rows, out, parallel);
    }
}

/// The position of the first extreme along one axis.
struct Position<E>(PhantomData<fn() -> E>);

impl<T: Element, E: Extreme<T>> Reducer<T> for Position<E> {
    type Out = i64;

    fn seq(&self, seq: &Seq<'_, '_, T>, parallel: bool) -> i64 {
        arg_seq::<T, E>(seq, parallel) as i64
    }

    fn rows(&self, rows: &Rows<'_, '_, T>, out: &mut [i64], parallel: bool) {
        arg_rows::<T, E>(rows, out, parallel);
    }
}

fn fold<T: Element, F: Fold<T>>(
    view: ArrayViewD<'_, T>,
    axis: Axes,
    keepdims: bool,
    empty: impl FnOnce() -> Result<F::Acc>,
    fill: F::Acc,
) -> Result<ArrayD<F::Acc>> {
    let mask = axis.mask(view.ndim())?;
    reduce(view, &mask, keepdims, true, fill, empty, &Folding::<F>(PhantomData))
}

fn position<T: Element, E: Extreme<T>>(
    view: ArrayViewD<'_, T>,
    axis: Option<isize>,
    keepdims: bool,
    name: &'static str,
) -> Result<ArrayD<i64>> {
    let Some(axis) = axis else {
        if view.is_empty() {
            return Err(Error::EmptyArgReduction { op: name });
        }
        let shape = if keepdims { vec![1; view.ndim()] } else { Vec::new() };
        let flat = view.as_standard_layout();
        let copy: Vec<T>;
        let x = match flat.as_slice() {
            Some(x) => x,
            None => {
                copy = flat.iter().copied().collect();
                &copy
            }
        };
        let index = arg_seq::<T, E>(&Seq::Lane(Lane::from_slice(x)), x.len() >= PARALLEL_MIN_LEN);
        return Ok(ArrayD::from_elem(shape, index as i64));
    };
    if view.ndim() == 0 {
        // NumPy takes a 0-d array as 1-d here: axis 0 and -1 are valid.
        normalize_axis(axis, 1)?;
        return position::<T, E>(view, None, false, name);
    }
    let axis = normalize_axis(axis, view.ndim())?;
    let mask: Vec<bool> = (0..view.ndim()).map(|a| a == axis).collect();
    let empty = || Err(Error::EmptyArgReduction { op: name });
    reduce(view, &mask, keepdims, false, 0, empty, &Position::<E>(PhantomData))
}

// ---------------------------------------------------------------- public API

/// NumPy's `numpy.sum(a, axis, keepdims=keepdims)`: the sum over the given
/// axes, in NumPy's accumulator type (`i64` for `bool` and the integers,
/// wrapping on overflow; the type itself for floats).
///
/// Float sums are pairwise; on contiguous lanes they equal NumPy's bit for
/// bit (see the [module documentation](self) for every layout). The sum of no
/// elements is 0.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] for an axis outside `-ndim..ndim`,
/// [`Error::DuplicateAxis`] for an axis named twice.
///
/// # Example
/// ```
/// use ndarray::{arr0, array};
/// let a = array![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(numvec::sum(&a, None, false)?, arr0(21_i64).into_dyn());
/// assert_eq!(numvec::sum(&a, 0, false)?, array![5_i64, 7, 9].into_dyn());
/// assert_eq!(numvec::sum(&a, -1, true)?, array![[6_i64], [15]].into_dyn());
/// let x = array![0.1, 0.2, 0.3];
/// assert_eq!(numvec::sum(&x, [0], false)?[[]], 0.6000000000000001);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn sum<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<A::Acc>> {
    let view = a.into().into_dyn();
    let mask = axis.into().mask(view.ndim())?;
    let zero = A::Acc::ZERO;
    let op = Pairwise { map: |x: A| x.to_acc(), finish: |s: A::Acc| zero.add(s) };
    reduce(view, &mask, keepdims, true, zero, || Ok(zero), &op)
}

/// NumPy's `numpy.mean(a, axis, keepdims=keepdims)`: the arithmetic mean
/// over the given axes, in `f64` for `bool` and the integers (whose values
/// are converted, then summed) and in the type itself for floats.
///
/// The sum is pairwise, as in [`sum`], then divided by the count; the mean
/// of no elements is NaN, as NumPy's value.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1, 2], [3, 5]];
/// assert_eq!(numvec::mean(&a, 0, false)?, array![2.0, 3.5].into_dyn());
/// assert_eq!(numvec::mean(&a, None, false)?[[]], 2.75);
/// let empty = ndarray::Array1::<f32>::zeros(0);
/// assert!(numvec::mean(&empty, None, false)?[[]].is_nan());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn mean<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<A::Float>> {
    let view = a.into().into_dyn();
    let mask = axis.into().mask(view.ndim())?;
    let count = A::Float::from_usize(reduced_len(view.shape(), &mask));
    let zero = A::Float::ZERO;
    let op = Pairwise { map: |x: A| x.to_float(), finish: |s: A::Float| zero.add(s).div(count) };
    reduce(view, &mask, keepdims, true, zero, || Ok(A::Float::NAN), &op)
}

/// NumPy's `numpy.var(a, axis, ddof=ddof, keepdims=keepdims)`: the variance
/// `sum((x - mean)**2) / (n - ddof)` over the given axes, in `f64` for `bool`
/// and the integers and in the type itself for floats.
///
/// Two passes, fused: the mean, then the sum of squared deviations computed
/// on the fly (no `x - mean` temporary), both summed as in [`sum`]. When the
/// reduced elements of an output are one lane (`axis=-1` of a C-contiguous
/// array) the second pass finds them still in cache and the result matches
/// NumPy's bit for bit. As in NumPy, `n - ddof <= 0`
/// divides by zero (giving `inf`, or NaN when every deviation is zero) and
/// the variance of no elements is NaN.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]];
/// assert_eq!(numvec::var(&a, 1, 0, false)?, array![1.25, 0.0].into_dyn());
/// assert_eq!(numvec::var(&a, -1, 1, true)?, array![[5.0 / 3.0], [0.0]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn var<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    ddof: usize,
    keepdims: bool,
) -> Result<ArrayD<A::Float>> {
    moments(a.into().into_dyn(), axis.into(), Moments { ddof, root: false }, keepdims)
}

/// NumPy's `numpy.std(a, axis, ddof=ddof, keepdims=keepdims)`: the square
/// root of [`var`], with the same two fused passes and the same values for
/// `n - ddof <= 0` and empty reductions.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![2, 4, 4, 4, 5, 5, 7, 9];
/// assert_eq!(numvec::std(&a, None, 0, false)?[[]], 2.0);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn std<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    ddof: usize,
    keepdims: bool,
) -> Result<ArrayD<A::Float>> {
    moments(a.into().into_dyn(), axis.into(), Moments { ddof, root: true }, keepdims)
}

fn moments<A: Element>(view: ArrayViewD<'_, A>, axis: Axes, op: Moments, keepdims: bool) -> Result<ArrayD<A::Float>> {
    let mask = axis.mask(view.ndim())?;
    reduce(view, &mask, keepdims, true, A::Float::ZERO, || Ok(A::Float::NAN), &op)
}

/// NumPy's `numpy.min(a, axis, keepdims=keepdims)` (`numpy.amin`): the
/// smallest element over the given axes; NaN propagates. When `-0.0` and
/// `0.0` tie for the result, either may be returned (as in NumPy).
///
/// # Errors
/// [`Error::EmptyReduction`] when the reduced axes have no element
/// ("zero-size array to reduction operation minimum which has no identity"),
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[3.0, 1.0], [f64::NAN, 2.0]];
/// assert_eq!(numvec::min(&a, 0, false)?[[1]], 1.0);
/// assert!(numvec::min(&a, None, false)?[[]].is_nan());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn min<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<A>> {
    let empty = || Err(Error::EmptyReduction { op: "minimum" });
    fold::<A, MinFold>(a.into().into_dyn(), axis.into(), keepdims, empty, A::ZERO)
}

/// NumPy's `numpy.max(a, axis, keepdims=keepdims)` (`numpy.amax`): the
/// largest element over the given axes; NaN propagates. When `-0.0` and
/// `0.0` tie for the result, either may be returned (as in NumPy).
///
/// # Errors
/// [`Error::EmptyReduction`] when the reduced axes have no element
/// ("zero-size array to reduction operation maximum which has no identity"),
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[3, 1], [0, 2]];
/// assert_eq!(numvec::max(&a, 1, false)?, array![3, 2].into_dyn());
/// let empty = ndarray::Array2::<i32>::zeros((0, 2));
/// let err = numvec::max(&empty, 0, false).unwrap_err();
/// assert_eq!(err.to_string(), "zero-size array to reduction operation maximum which has no identity");
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn max<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<A>> {
    let empty = || Err(Error::EmptyReduction { op: "maximum" });
    fold::<A, MaxFold>(a.into().into_dyn(), axis.into(), keepdims, empty, A::ZERO)
}

/// NumPy's `numpy.argmin(a, axis, keepdims=keepdims)`: the index of the
/// smallest element along `axis`, or in the flattened array (C order) for
/// `None`. The first occurrence wins ties; the first NaN counts as the
/// smallest, as in NumPy.
///
/// # Errors
/// [`Error::EmptyArgReduction`] when the axis (or array) is empty
/// ("attempt to get argmin of an empty sequence"), [`Error::AxisOutOfBounds`]
/// for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[4.0, 1.0, 1.0], [0.5, f64::NAN, 0.0]];
/// assert_eq!(numvec::argmin(&a, Some(1), false)?, array![1_i64, 1].into_dyn());
/// assert_eq!(numvec::argmin(&a, None, false)?[[]], 4);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn argmin<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: Option<isize>,
    keepdims: bool,
) -> Result<ArrayD<i64>> {
    position::<A, Smallest>(a.into().into_dyn(), axis, keepdims, "argmin")
}

/// NumPy's `numpy.argmax(a, axis, keepdims=keepdims)`: the index of the
/// largest element along `axis`, or in the flattened array (C order) for
/// `None`. The first occurrence wins ties; the first NaN counts as the
/// largest, as in NumPy.
///
/// # Errors
/// [`Error::EmptyArgReduction`] when the axis (or array) is empty
/// ("attempt to get argmax of an empty sequence"), [`Error::AxisOutOfBounds`]
/// for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1, 7, 7], [9, 2, 3]];
/// assert_eq!(numvec::argmax(&a, Some(0), false)?, array![1_i64, 0, 0].into_dyn());
/// assert_eq!(numvec::argmax(&a, None, true)?, array![[3_i64]].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn argmax<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: Option<isize>,
    keepdims: bool,
) -> Result<ArrayD<i64>> {
    position::<A, Largest>(a.into().into_dyn(), axis, keepdims, "argmax")
}

/// NumPy's `numpy.all(a, axis, keepdims=keepdims)`: whether every element
/// over the given axes is true (non-zero; NaN is true). True for no elements.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[1.0, 0.0], [f64::NAN, 2.0]];
/// assert_eq!(numvec::all(&a, 1, false)?, array![false, true].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn all<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<bool>> {
    fold::<A, AllFold>(a.into().into_dyn(), axis.into(), keepdims, || Ok(true), true)
}

/// NumPy's `numpy.any(a, axis, keepdims=keepdims)`: whether some element
/// over the given axes is true (non-zero; NaN is true). False for no elements.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] or [`Error::DuplicateAxis`] for a bad `axis`.
///
/// # Example
/// ```
/// use ndarray::array;
/// let a = array![[0, 0], [0, 3]];
/// assert_eq!(numvec::any(&a, 0, false)?, array![false, true].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn any<'a, A: Element, D: Dimension>(
    a: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<bool>> {
    fold::<A, AnyFold>(a.into().into_dyn(), axis.into(), keepdims, || Ok(false), false)
}

/// NumPy's `numpy.linalg.norm(x, axis=axis, keepdims=keepdims)` with
/// `ord=None`: the 2-norm of the flattened array for `None`, of each vector
/// along one axis, or the Frobenius norm over two axes, computed as the
/// square root of the pairwise sum of squares (no scaling: like NumPy, inf
/// and NaN propagate and huge values overflow). `f64` for `bool` and the
/// integers; the norm of no elements is 0.
///
/// # Errors
/// [`Error::InvalidArgument`] for more than two axes ("Improper number of
/// dimensions to norm.") or twice the same one ("Duplicate axes given."),
/// [`Error::AxisOutOfBounds`] for an axis out of range.
///
/// # Example
/// ```
/// use ndarray::array;
/// let x = array![[3.0, 4.0], [5.0, 12.0]];
/// assert_eq!(numvec::norm(&x, 1, false)?, array![5.0, 13.0].into_dyn());
/// assert_eq!(numvec::norm(&array![3, 4], None, false)?[[]], 5.0);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn norm<'a, A: Element, D: Dimension>(
    x: impl AsArray<'a, A, D>,
    axis: impl Into<Axes>,
    keepdims: bool,
) -> Result<ArrayD<A::Float>> {
    let view = x.into().into_dyn();
    let ndim = view.ndim();
    let mask = match axis.into() {
        Axes::All => vec![true; ndim],
        Axes::List(axes) => {
            let axes = match axes[..] {
                [a] => vec![normalize_axis(a, ndim)?],
                [a, b] => vec![normalize_axis(a, ndim)?, normalize_axis(b, ndim)?],
                _ => return Err(Error::InvalidArgument("Improper number of dimensions to norm.".into())),
            };
            if axes.len() == 2 && axes[0] == axes[1] {
                return Err(Error::InvalidArgument("Duplicate axes given.".into()));
            }
            (0..ndim).map(|a| axes.contains(&a)).collect()
        }
    };
    let zero = A::Float::ZERO;
    let op = Pairwise {
        map: |x: A| {
            let f = x.to_float();
            f.mul(f)
        },
        finish: |s: A::Float| zero.add(s).sqrt(),
    };
    reduce(view, &mask, keepdims, true, zero, || Ok(zero), &op)
}
