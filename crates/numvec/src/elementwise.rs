//! Elementwise operations with NumPy's broadcasting: NumPy's ufuncs `add`,
//! `maximum`, `sqrt`, ... plus `clip`, `where` and `relu`.
//!
//! Each operation comes in up to three forms, following NumPy's `out=`:
//! `foo(a, b)` allocates its result, `foo_into(a, b, out)` writes into a
//! caller's array (which the inputs must broadcast to) and `foo_inplace(a, b)`
//! stores the result in `a` (`a += b` in NumPy).
//!
//! Integers wrap on overflow; `bool` addition is logical or and `bool`
//! multiplication logical and, like NumPy. Arrays of
//! [`PARALLEL_MIN_LEN`] elements or more are processed on rayon's pool; every
//! result is the same whatever the number of threads.

use std::convert::Infallible;

use ndarray::{
    Array, ArrayBase, ArrayD, ArrayView, ArrayView1, ArrayViewD, ArrayViewMut, ArrayViewMut1, ArrayViewMutD, AsArray,
    Axis, DimMax, Dimension, IxDyn, RawData, Zip,
};

use crate::axis::checked_size;
use crate::kernels::elementwise::{binary_row, modify_row, ternary_row, unary_row, update_row};
use crate::kernels::uninit::{Slot, filled};

use crate::broadcast::{broadcast_pair, broadcast_shapes, broadcast_to, check_output_shape, into_dimensionality};
use crate::element::{Arithmetic, Element, Float};
use crate::error::Result;

/// Arrays with at least this many elements are processed in parallel.
pub const PARALLEL_MIN_LEN: usize = 1 << 15;

/// The dimension type of the broadcast of `D1` and `D2` (the larger rank).
pub type Broadcast<D1, D2> = <D1 as DimMax<D2>>::Output;

/// The axis merges (`take` into `into`) that every operand allows, innermost
/// first: after them each operand is a set of long rows along the last axis
/// (a contiguous array becomes one row).
fn row_merges(shape: &[usize], strides: &[&[isize]]) -> Vec<(Axis, Axis)> {
    let Some(last) = shape.len().checked_sub(1) else { return Vec::new() };
    let mut into_len = shape[last];
    let mut into_strides: Vec<isize> = strides.iter().map(|s| s[last]).collect();
    let mut merges = Vec::new();
    for take in (0..last).rev() {
        let take_len = shape[take];
        let fits = |(i, s): (usize, &&[isize])| {
            take_len <= 1 || into_len <= 1 || s[take] == into_strides[i] * into_len as isize
        };
        if !strides.iter().enumerate().all(fits) {
            break;
        }
        if into_len <= 1 {
            into_strides = strides.iter().map(|s| s[take]).collect();
        }
        into_len *= take_len;
        merges.push((Axis(take), Axis(last)));
    }
    merges
}

/// Applies `merges` to one operand and makes it at least 1-D.
fn merged<S: ndarray::RawData>(mut view: ArrayBase<S, IxDyn>, merges: &[(Axis, Axis)]) -> ArrayBase<S, IxDyn> {
    if view.ndim() == 0 {
        view.insert_axis_inplace(Axis(0));
    }
    for &(take, into) in merges {
        AsMut::<ndarray::LayoutRef<S::Elem, IxDyn>>::as_mut(&mut view).merge_axes(take, into);
    }
    view
}

/// Runs `row` over every row (last axis) of the operands, in parallel for
/// large arrays. `$zip` is a `Zip` over the rows of all operands.
macro_rules! for_each_row {
    ($zip:expr, $len:expr, |$($row:ident),+| $body:expr) => {{
        let zip = $zip;
        if $len >= PARALLEL_MIN_LEN {
            zip.par_for_each(|$($row),+| $body);
        } else {
            zip.for_each(|$($row),+| $body);
        }
    }};
}

fn assign_unary<A: Element, R: Element, O: Slot<R>>(
    a: ArrayView<'_, A, impl Dimension>,
    out: ArrayViewMut<'_, O, impl Dimension>,
    op: impl Fn(A) -> R + Sync + Send,
) -> Result<()> {
    check_output_shape(out.shape(), a.shape())?;
    let a = broadcast_to(&a, out.shape())?;
    run_unary(a, out.into_dyn(), op);
    Ok(())
}

/// `out = op(a)` for an `a` of `out`'s shape.
fn run_unary<A: Element, R: Element, O: Slot<R>>(
    a: ArrayViewD<'_, A>,
    out: ArrayViewMutD<'_, O>,
    op: impl Fn(A) -> R + Sync + Send,
) {
    let merges = row_merges(out.shape(), &[out.strides(), a.strides()]);
    let (mut out, a) = (merged(out, &merges), merged(a, &merges));
    let (len, last) = (out.len(), Axis(out.ndim() - 1));
    for_each_row!(Zip::from(out.lanes_mut(last)).and(a.lanes(last)), len, |o, x| unary_row(o, x, &op));
}

/// The elements of `x` in memory order when `x` is contiguous with the shape
/// and strides of `like`: then one flat row pairs them with `like`'s.
fn flat_like<'x, T, S: RawData>(
    x: &'x ArrayView<'_, T, impl Dimension>,
    like: &ArrayBase<S, impl Dimension>,
) -> Option<&'x [T]> {
    let same_layout = x.shape() == like.shape() && x.strides() == like.strides();
    if same_layout { x.as_slice_memory_order() } else { None }
}

fn assign_binary<A: Element, B: Element, R: Element, O: Slot<R>>(
    a: ArrayView<'_, A, impl Dimension>,
    b: ArrayView<'_, B, impl Dimension>,
    out: ArrayViewMut<'_, O, impl Dimension>,
    op: impl Fn(A, B) -> R + Sync + Send,
) -> Result<()> {
    check_output_shape(out.shape(), &broadcast_pair(a.shape(), b.shape())?)?;
    let mut out = out;
    if let (Some(x), Some(y)) = (flat_like(&a, &out), flat_like(&b, &out))
        && let Some(o) = out.as_slice_memory_order_mut()
    {
        binary_row(ArrayViewMut1::from(o), ArrayView1::from(x), ArrayView1::from(y), &op);
        return Ok(());
    }
    let (a, b) = (broadcast_to(&a, out.shape())?, broadcast_to(&b, out.shape())?);
    let merges = row_merges(out.shape(), &[out.strides(), a.strides(), b.strides()]);
    let (mut out, a, b) = (merged(out.into_dyn(), &merges), merged(a, &merges), merged(b, &merges));
    let (len, last) = (out.len(), Axis(out.ndim() - 1));
    let zip = Zip::from(out.lanes_mut(last)).and(a.lanes(last)).and(b.lanes(last));
    for_each_row!(zip, len, |o, x, y| binary_row(o, x, y, &op));
    Ok(())
}

fn update_binary<A: Element>(
    a: ArrayViewMut<'_, A, impl Dimension>,
    b: ArrayView<'_, A, impl Dimension>,
    op: impl Fn(A, A) -> A + Sync + Send,
) -> Result<()> {
    check_output_shape(a.shape(), &broadcast_pair(a.shape(), b.shape())?)?;
    let b = broadcast_to(&b, a.shape())?;
    let merges = row_merges(a.shape(), &[a.strides(), b.strides()]);
    let (mut a, b) = (merged(a.into_dyn(), &merges), merged(b, &merges));
    let (len, last) = (a.len(), Axis(a.ndim() - 1));
    for_each_row!(Zip::from(a.lanes_mut(last)).and(b.lanes(last)), len, |x, y| update_row(x, y, &op));
    Ok(())
}

fn update_unary<A: Element>(a: ArrayViewMut<'_, A, impl Dimension>, op: impl Fn(A) -> A + Sync + Send) {
    let a = a.into_dyn();
    let merges = row_merges(a.shape(), &[a.strides()]);
    let mut a = merged(a, &merges);
    let (len, last) = (a.len(), Axis(a.ndim() - 1));
    for_each_row!(Zip::from(a.lanes_mut(last)), len, |x| modify_row(x, &op));
}

fn assign_ternary<A: Element, B: Element, C: Element, R: Element, O: Slot<R>>(
    a: ArrayView<'_, A, impl Dimension>,
    b: ArrayView<'_, B, impl Dimension>,
    c: ArrayView<'_, C, impl Dimension>,
    out: ArrayViewMut<'_, O, impl Dimension>,
    op: impl Fn(A, B, C) -> R + Sync + Send,
) -> Result<()> {
    check_output_shape(out.shape(), &broadcast_shapes(&[a.shape(), b.shape(), c.shape()])?)?;
    let shape = out.shape().to_vec();
    let (a, b, c) = (broadcast_to(&a, &shape)?, broadcast_to(&b, &shape)?, broadcast_to(&c, &shape)?);
    let merges = row_merges(&shape, &[out.strides(), a.strides(), b.strides(), c.strides()]);
    let mut out = merged(out.into_dyn(), &merges);
    let (a, b, c) = (merged(a, &merges), merged(b, &merges), merged(c, &merges));
    let (len, last) = (out.len(), Axis(out.ndim() - 1));
    let zip = Zip::from(out.lanes_mut(last)).and(a.lanes(last)).and(b.lanes(last)).and(c.lanes(last));
    for_each_row!(zip, len, |o, x, y, z| ternary_row(o, x, y, z, &op));
    Ok(())
}

fn collect_unary<A: Element, R: Element, D: Dimension>(
    a: ArrayView<'_, A, D>,
    op: impl Fn(A) -> R + Sync + Send,
) -> Array<R, D> {
    let Ok(out) = filled(a.raw_dim(), |out| {
        run_unary(a.view().into_dyn(), out.into_dyn(), op);
        Ok::<(), Infallible>(())
    });
    out
}

fn collect_binary<A: Element, R: Element, D: Dimension>(
    a: ArrayView<'_, A, impl Dimension>,
    b: ArrayView<'_, A, impl Dimension>,
    op: impl Fn(A, A) -> R + Sync + Send,
) -> Result<Array<R, D>> {
    let shape = broadcast_pair(a.shape(), b.shape())?;
    checked_size(&shape, size_of::<R>())?;
    into_dimensionality(filled(IxDyn(&shape), |out| assign_binary(a, b, out, op))?)
}

fn collect_ternary<A: Element, B: Element, C: Element, R: Element>(
    a: ArrayView<'_, A, impl Dimension>,
    b: ArrayView<'_, B, impl Dimension>,
    c: ArrayView<'_, C, impl Dimension>,
    op: impl Fn(A, B, C) -> R + Sync + Send,
) -> Result<ArrayD<R>> {
    let shape = broadcast_shapes(&[a.shape(), b.shape(), c.shape()])?;
    checked_size(&shape, size_of::<R>())?;
    filled(IxDyn(&shape), |out| assign_ternary(a, b, c, out, op))
}

/// Defines `name`, `name_into` and `name_inplace` for a binary operation whose
/// result has the element type of its inputs.
macro_rules! arithmetic_binary {
    ($($numpy:literal, $name:ident, $name_into:ident, $name_inplace:ident, $bound:ident, $op:expr;)*) => {$(
        #[doc = concat!("NumPy's `numpy.", $numpy, "(a, b)`: elementwise, with broadcasting.")]
        ///
        /// # Errors
        /// [`Error::Broadcast`](crate::Error::Broadcast) when the shapes do not broadcast.
        ///
        /// # Example
        /// ```
        /// use ndarray::array;
        /// let a = array![[1.0, -2.0], [3.0, 4.0]];
        /// let b = array![2.0, 0.5];
        #[doc = concat!("let r = numvec::", stringify!($name), "(&a, &b)?;")]
        /// assert_eq!(r.shape(), &[2, 2]);
        /// # Ok::<(), numvec::Error>(())
        /// ```
        pub fn $name<'a, A: $bound, D1: Dimension + DimMax<D2>, D2: Dimension>(
            a: impl AsArray<'a, A, D1>,
            b: impl AsArray<'a, A, D2>,
        ) -> Result<Array<A, Broadcast<D1, D2>>> {
            collect_binary(a.into(), b.into(), $op)
        }

        #[doc = concat!("NumPy's `numpy.", $numpy, "(a, b, out=out)`: writes the result into `out`, which `a` and `b` must broadcast to.")]
        ///
        /// # Errors
        /// [`Error::Broadcast`](crate::Error::Broadcast) or
        /// [`Error::OutputShape`](crate::Error::OutputShape); `out` is untouched then.
        ///
        /// # Example
        /// ```
        /// use ndarray::{array, Array2};
        /// let a = array![[1.0, -2.0], [3.0, 4.0]];
        /// let b = array![2.0, 0.5];
        /// let mut out = Array2::zeros((2, 2));
        #[doc = concat!("numvec::", stringify!($name_into), "(&a, &b, &mut out)?;")]
        #[doc = concat!("assert_eq!(out, numvec::", stringify!($name), "(&a, &b)?);")]
        /// # Ok::<(), numvec::Error>(())
        /// ```
        pub fn $name_into<'a, 'o, A: $bound, D1: Dimension, D2: Dimension, Do: Dimension>(
            a: impl AsArray<'a, A, D1>,
            b: impl AsArray<'a, A, D2>,
            out: impl Into<ArrayViewMut<'o, A, Do>>,
        ) -> Result<()> {
            assign_binary(a.into(), b.into(), out.into(), $op)
        }

        #[doc = concat!("NumPy's `numpy.", $numpy, "(a, b, out=a)`: stores the result in `a`; `b` must broadcast to `a`.")]
        ///
        /// # Errors
        /// [`Error::Broadcast`](crate::Error::Broadcast) or
        /// [`Error::OutputShape`](crate::Error::OutputShape); `a` is untouched then.
        ///
        /// # Example
        /// ```
        /// use ndarray::array;
        /// let mut a = array![[1.0, -2.0], [3.0, 4.0]];
        /// let b = array![2.0, 0.5];
        #[doc = concat!("let expected = numvec::", stringify!($name), "(&a, &b)?;")]
        #[doc = concat!("numvec::", stringify!($name_inplace), "(&mut a, &b)?;")]
        /// assert_eq!(a, expected);
        /// # Ok::<(), numvec::Error>(())
        /// ```
        pub fn $name_inplace<'a, 'o, A: $bound, D: Dimension, D2: Dimension>(
            a: impl Into<ArrayViewMut<'o, A, D>>,
            b: impl AsArray<'a, A, D2>,
        ) -> Result<()> {
            update_binary(a.into(), b.into(), $op)
        }
    )*};
}

arithmetic_binary! {
    "add", add, add_into, add_inplace, Element, Element::add;
    "subtract", subtract, subtract_into, subtract_inplace, Arithmetic, Arithmetic::sub;
    "multiply", multiply, multiply_into, multiply_inplace, Element, Element::mul;
    "divide", divide, divide_into, divide_inplace, Float, Float::div;
    "maximum", maximum, maximum_into, maximum_inplace, Element, Element::maximum;
    "minimum", minimum, minimum_into, minimum_inplace, Element, Element::minimum;
}

/// Defines `name` and `name_into` for a comparison, whose result is `bool`.
macro_rules! comparison_binary {
    ($($numpy:literal, $name:ident, $name_into:ident, $op:expr;)*) => {$(
        #[doc = concat!("NumPy's `numpy.", $numpy, "(a, b)`: an elementwise comparison with broadcasting; NaN compares unequal to everything.")]
        ///
        /// # Errors
        /// [`Error::Broadcast`](crate::Error::Broadcast) when the shapes do not broadcast.
        ///
        /// # Example
        /// ```
        /// use ndarray::array;
        /// let x = array![[0.5, -1.0], [2.0, f64::NAN]];
        /// let thresholds = array![0.0, -1.0];
        #[doc = concat!("let mask = numvec::", stringify!($name), "(&x, &thresholds)?;")]
        /// assert_eq!(mask.shape(), &[2, 2]);
        /// # Ok::<(), numvec::Error>(())
        /// ```
        pub fn $name<'a, A: Element, D1: Dimension + DimMax<D2>, D2: Dimension>(
            a: impl AsArray<'a, A, D1>,
            b: impl AsArray<'a, A, D2>,
        ) -> Result<Array<bool, Broadcast<D1, D2>>> {
            collect_binary(a.into(), b.into(), $op)
        }

        #[doc = concat!("NumPy's `numpy.", $numpy, "(a, b, out=out)`: writes the comparison into the `bool` array `out`.")]
        ///
        /// # Errors
        /// [`Error::Broadcast`](crate::Error::Broadcast) or
        /// [`Error::OutputShape`](crate::Error::OutputShape); `out` is untouched then.
        ///
        /// # Example
        /// ```
        /// use ndarray::{array, Array1};
        /// let mut out = Array1::from_elem(2, false);
        #[doc = concat!("numvec::", stringify!($name_into), "(&array![1, 2], &array![2, 2], &mut out)?;")]
        #[doc = concat!("assert_eq!(out, numvec::", stringify!($name), "(&array![1, 2], &array![2, 2])?);")]
        /// # Ok::<(), numvec::Error>(())
        /// ```
        pub fn $name_into<'a, 'o, A: Element, D1: Dimension, D2: Dimension, Do: Dimension>(
            a: impl AsArray<'a, A, D1>,
            b: impl AsArray<'a, A, D2>,
            out: impl Into<ArrayViewMut<'o, bool, Do>>,
        ) -> Result<()> {
            assign_binary(a.into(), b.into(), out.into(), $op)
        }
    )*};
}

comparison_binary! {
    "greater", greater, greater_into, |x: A, y: A| x > y;
    "greater_equal", greater_equal, greater_equal_into, |x: A, y: A| x >= y;
    "less", less, less_into, |x: A, y: A| x < y;
    "less_equal", less_equal, less_equal_into, |x: A, y: A| x <= y;
    "equal", equal, equal_into, |x: A, y: A| x == y;
    "not_equal", not_equal, not_equal_into, |x: A, y: A| x != y;
}

/// Defines `name`, `name_into` and `name_inplace` for a unary operation.
macro_rules! unary {
    ($($numpy:literal, $name:ident, $name_into:ident, $name_inplace:ident, $bound:ident, $op:expr;)*) => {$(
        #[doc = concat!("NumPy's `numpy.", $numpy, "(x)`, elementwise.")]
        ///
        /// # Example
        /// ```
        /// use ndarray::array;
        /// let x = array![[1.0, 4.0], [0.25, 9.0]];
        #[doc = concat!("let r = numvec::", stringify!($name), "(&x);")]
        /// assert_eq!(r.shape(), x.shape());
        /// ```
        pub fn $name<'a, A: $bound, D: Dimension>(x: impl AsArray<'a, A, D>) -> Array<A, D> {
            collect_unary(x.into(), $op)
        }

        #[doc = concat!("NumPy's `numpy.", $numpy, "(x, out=out)`: writes into `out`, which `x` must broadcast to.")]
        ///
        /// # Errors
        /// [`Error::OutputShape`](crate::Error::OutputShape); `out` is untouched then.
        ///
        /// # Example
        /// ```
        /// use ndarray::{array, Array1};
        /// let x = array![1.0, 4.0];
        /// let mut out = Array1::zeros(2);
        #[doc = concat!("numvec::", stringify!($name_into), "(&x, &mut out)?;")]
        #[doc = concat!("assert_eq!(out, numvec::", stringify!($name), "(&x));")]
        /// # Ok::<(), numvec::Error>(())
        /// ```
        pub fn $name_into<'a, 'o, A: $bound, D: Dimension, Do: Dimension>(
            x: impl AsArray<'a, A, D>,
            out: impl Into<ArrayViewMut<'o, A, Do>>,
        ) -> Result<()> {
            assign_unary(x.into(), out.into(), $op)
        }

        #[doc = concat!("NumPy's `numpy.", $numpy, "(x, out=x)`: replaces every element of `x` in place.")]
        ///
        /// # Example
        /// ```
        /// use ndarray::array;
        /// let mut x = array![1.0, 4.0];
        #[doc = concat!("let expected = numvec::", stringify!($name), "(&x);")]
        #[doc = concat!("numvec::", stringify!($name_inplace), "(&mut x);")]
        /// assert_eq!(x, expected);
        /// ```
        pub fn $name_inplace<'o, A: $bound, D: Dimension>(x: impl Into<ArrayViewMut<'o, A, D>>) {
            update_unary(x.into(), $op)
        }
    )*};
}

unary! {
    "negative", negative, negative_into, negative_inplace, Arithmetic, Arithmetic::neg;
    "abs", abs, abs_into, abs_inplace, Arithmetic, Arithmetic::abs;
    "sqrt", sqrt, sqrt_into, sqrt_inplace, Float, Float::sqrt;
    "exp", exp, exp_into, exp_inplace, Float, Float::exp;
    "log", log, log_into, log_inplace, Float, Float::ln;
    "square", square, square_into, square_inplace, Element, |x: A| x.mul(x);
    "maximum(x, 0)` (ReLU; NaN stays NaN) as `relu", relu, relu_into, relu_inplace, Element, |x: A| x.maximum(A::ZERO);
}

/// NumPy's definition of clip, `minimum(maximum(x, low), high)`: NaN in `x`
/// or a bound wins; on a tie the bound is returned.
#[inline(always)]
fn clip_one<A: Element>(x: A, low: A, high: A) -> A {
    x.maximum(low).minimum(high)
}

/// NumPy's `numpy.clip(a, a_min, a_max)`: every element limited to
/// `[a_min, a_max]`, with `a`, `a_min` and `a_max` broadcast together (pass
/// `ndarray::arr0(v)` for a scalar bound). NaN in `a` or in a bound gives NaN;
/// where `a_min > a_max` the result is `a_max`, as in NumPy. The result is
/// NumPy's `minimum(maximum(a, a_min), a_max)` also for signed zeros (NumPy's
/// own `clip` returns either zero on a `-0.0`/`0.0` tie, depending on its
/// internal loop).
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) when the shapes do not broadcast.
///
/// # Example
/// ```
/// use ndarray::{arr0, array};
/// let x = array![-2.0, 0.5, 3.0];
/// let r = numvec::clip(&x, &arr0(0.0), &arr0(1.0))?;
/// assert_eq!(r, array![0.0, 0.5, 1.0].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn clip<'a, A: Element, D: Dimension, D1: Dimension, D2: Dimension>(
    a: impl AsArray<'a, A, D>,
    a_min: impl AsArray<'a, A, D1>,
    a_max: impl AsArray<'a, A, D2>,
) -> Result<ArrayD<A>> {
    collect_ternary(a.into(), a_min.into(), a_max.into(), clip_one)
}

/// NumPy's `numpy.clip(a, a_min, a_max, out=out)`.
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) or
/// [`Error::OutputShape`](crate::Error::OutputShape); `out` is untouched then.
///
/// # Example
/// ```
/// use ndarray::{arr0, array};
/// let mut x = array![-2.0, 0.5, 3.0];
/// let copy = x.clone();
/// numvec::clip_into(&copy, &arr0(0.0), &arr0(1.0), &mut x)?;
/// assert_eq!(x, array![0.0, 0.5, 1.0]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn clip_into<'a, 'o, A: Element, D: Dimension, D1: Dimension, D2: Dimension, Do: Dimension>(
    a: impl AsArray<'a, A, D>,
    a_min: impl AsArray<'a, A, D1>,
    a_max: impl AsArray<'a, A, D2>,
    out: impl Into<ArrayViewMut<'o, A, Do>>,
) -> Result<()> {
    assign_ternary(a.into(), a_min.into(), a_max.into(), out.into(), clip_one)
}

/// NumPy's `numpy.where(condition, x, y)`: `x` where `condition` is true,
/// `y` elsewhere, all three broadcast together.
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) when the shapes do not broadcast.
///
/// # Example
/// ```
/// use ndarray::{arr0, array};
/// let x = array![-1.0, 2.0];
/// let mask = numvec::less(&x, &arr0(0.0))?;
/// let r = numvec::where_(&mask, &arr0(0.0), &x)?;
/// assert_eq!(r, array![0.0, 2.0].into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn where_<'a, A: Element, Dc: Dimension, D1: Dimension, D2: Dimension>(
    condition: impl AsArray<'a, bool, Dc>,
    x: impl AsArray<'a, A, D1>,
    y: impl AsArray<'a, A, D2>,
) -> Result<ArrayD<A>> {
    collect_ternary(condition.into(), x.into(), y.into(), |c, x, y| if c { x } else { y })
}

/// NumPy's `numpy.where(condition, x, y, out=out)`: the selection written into `out`.
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) or
/// [`Error::OutputShape`](crate::Error::OutputShape); `out` is untouched then.
///
/// # Example
/// ```
/// use ndarray::{arr0, array, Array1};
/// let mut out = Array1::zeros(2);
/// numvec::where_into(&array![true, false], &arr0(1), &arr0(2), &mut out)?;
/// assert_eq!(out, array![1, 2]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn where_into<'a, 'o, A: Element, Dc: Dimension, D1: Dimension, D2: Dimension, Do: Dimension>(
    condition: impl AsArray<'a, bool, Dc>,
    x: impl AsArray<'a, A, D1>,
    y: impl AsArray<'a, A, D2>,
    out: impl Into<ArrayViewMut<'o, A, Do>>,
) -> Result<()> {
    assign_ternary(condition.into(), x.into(), y.into(), out.into(), |c, x, y| if c { x } else { y })
}
