//! NumPy's elementwise functions (`add`, `maximum`, `sqrt`, `clip`, `where`,
//! ...) with `out=`: convert -> release the GIL -> numvec -> convert back.

use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD};
use numpy::{PyArrayDyn, PyArrayMethods, PyUntypedArrayMethods};
use numvec::{DType, Element};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::{
    Arg, Kind, Out, classify, copied, dispatch, float_dtype, may_share_memory, readonly, result_dtype, to_python,
};
use crate::errors::{to_py_err, unsupported_dtype};

/// An element type both numvec and rust-numpy know.
pub trait Dtype: Element + numpy::Element {}
impl<T: Element + numpy::Element> Dtype for T {}

type Alloc2<T, R> = fn(ArrayViewD<'_, T>, ArrayViewD<'_, T>) -> numvec::Result<ArrayD<R>>;
type Into2<T, R> = fn(ArrayViewD<'_, T>, ArrayViewD<'_, T>, ArrayViewMutD<'_, R>) -> numvec::Result<()>;
type Inplace2<T, R> = fn(ArrayViewMutD<'_, R>, ArrayViewD<'_, T>) -> numvec::Result<()>;

/// The numvec functions behind one binary ufunc, for one element type.
struct Binary<T: 'static, R: 'static> {
    alloc: Alloc2<T, R>,
    into: Into2<T, R>,
    inplace: Option<Inplace2<T, R>>,
}

/// Whether `a` is exactly the array `out` (same buffer, shape and strides).
fn is_same_view(a: &Bound<'_, PyAny>, out: &Out<'_>) -> PyResult<bool> {
    let interface = |x: &Bound<'_, PyAny>| -> PyResult<(usize, Vec<usize>, Option<Vec<isize>>)> {
        let info = x.getattr("__array_interface__")?;
        let data: (usize, bool) = info.get_item("data")?.extract()?;
        Ok((data.0, info.get_item("shape")?.extract()?, info.get_item("strides")?.extract()?))
    };
    Ok(a.cast::<numpy::PyUntypedArray>().is_ok() && interface(a)? == interface(out.array.as_any())?)
}

/// NumPy's rule for an `out` that overlaps an input: the result must equal
/// the result computed from copied inputs. Returns the inputs to read, with
/// overlapping ones copied, and whether the first is `out` itself (then the
/// operation runs in place, reading each element before writing it; only
/// when `in_place` says the operation can, otherwise it is copied too).
pub(crate) fn separate_from_out<'py>(
    args: Vec<Arg<'py>>,
    out: Option<&Out<'py>>,
    dtype: DType,
    in_place: bool,
) -> PyResult<(Vec<Arg<'py>>, bool)> {
    let Some(out) = out else { return Ok((args, false)) };
    let mut first_is_out = false;
    let mut separated = Vec::with_capacity(args.len());
    for (position, arg) in args.into_iter().enumerate() {
        if !may_share_memory(&arg.obj, out.array.as_any())? {
            separated.push(arg);
        } else if in_place
            && position == 0
            && arg.kind == Kind::Strong(dtype)
            && out.is_direct(dtype)
            && is_same_view(&arg.obj, out)?
        {
            first_is_out = true;
            separated.push(arg);
        } else {
            separated.push(copied(&arg)?);
        }
    }
    Ok((separated, first_is_out))
}

/// Runs a binary ufunc on converted operands, honouring `out`.
fn run_binary<'py, T: Dtype, R: Dtype>(
    py: Python<'py>,
    name: &str,
    args: &[Arg<'py>],
    out: Option<&Out<'py>>,
    first_is_out: bool,
    functions: Binary<T, R>,
) -> PyResult<Bound<'py, PyAny>> {
    let b = readonly::<T>(&args[1])?;
    let b = b.as_array();
    if let (true, Some(inplace), Some(out)) = (first_is_out, functions.inplace, out) {
        let mut target = out.array.cast::<PyArrayDyn<R>>()?.try_readwrite()?;
        let target = target.as_array_mut();
        py.detach(|| inplace(target, b)).map_err(to_py_err)?;
        return Ok(out.array.clone().into_any());
    }
    let a = readonly::<T>(&args[0])?;
    let a = a.as_array();
    deliver(
        py,
        name,
        out,
        || (functions.alloc)(a.view(), b.view()),
        |target| (functions.into)(a.view(), b.view(), target),
    )
}

/// The dtype rule of a binary ufunc.
#[derive(Clone, Copy)]
enum Rule {
    /// The promoted dtype (`add`, `maximum`).
    Promoted,
    /// The promoted dtype, float64 for integers and bool (`divide`).
    Float,
    /// The input dtype, float64 for integers; NumPy's float16 for bool is
    /// not supported (`sqrt`).
    UnaryFloat,
}

/// Classifies and promotes two operands and checks `out`.
fn prepare<'py>(
    name: &str,
    operands: &[&Bound<'py, PyAny>],
    out: Option<&Bound<'py, PyAny>>,
    rule: Rule,
) -> PyResult<(Vec<Arg<'py>>, Option<Out<'py>>, DType)> {
    let args = operands.iter().map(|x| classify(x, name)).collect::<PyResult<Vec<_>>>()?;
    let promoted = result_dtype(&args.iter().map(|a| a.kind).collect::<Vec<_>>());
    let dtype = match rule {
        Rule::Promoted => promoted,
        Rule::Float => float_dtype(promoted),
        Rule::UnaryFloat if promoted == DType::Bool => return Err(unsupported_dtype("bool", name)),
        Rule::UnaryFloat => float_dtype(promoted),
    };
    let out = out.map(|o| Out::new(o, name)).transpose()?;
    Ok((args, out, dtype))
}

/// Defines binary ufuncs: `name, core, core_into, core_inplace (or _), rule, [types]`.
macro_rules! binary_ufuncs {
    ($($name:ident, $alloc:ident, $into:ident, $inplace:tt, $out_ty:tt, $rule:ident, [$($ty:ty),+];)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(x1, x2, /, out=None)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (x1, x2, /, out=None))]
        pub fn $name<'py>(
            py: Python<'py>,
            x1: &Bound<'py, PyAny>,
            x2: &Bound<'py, PyAny>,
            out: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let (args, out, dtype) = prepare(name, &[x1, x2], out, Rule::$rule)?;
            let (args, first_is_out) = separate_from_out(args, out.as_ref(), dtype, binary_ufuncs!(@has $inplace))?;
            dispatch!(dtype, name, |T| {
                let functions: Binary<T, binary_ufuncs!(@out $out_ty T)> = Binary {
                    alloc: |a, b| numvec::$alloc(&a, &b),
                    into: |a, b, out| numvec::$into(&a, &b, out),
                    inplace: binary_ufuncs!(@inplace $inplace),
                };
                run_binary(py, name, &args, out.as_ref(), first_is_out, functions)
            }, [$($ty),+])
        }
    )*};
    (@out same $T:ident) => { $T };
    (@out bool $T:ident) => { bool };
    (@has _) => { false };
    (@has $inplace:ident) => { true };
    (@inplace _) => { None };
    (@inplace $inplace:ident) => { Some(|out, b| numvec::$inplace(out, &b)) };
}

binary_ufuncs! {
    add, add, add_into, add_inplace, same, Promoted, [bool, i32, i64, f32, f64];
    subtract, subtract, subtract_into, subtract_inplace, same, Promoted, [i32, i64, f32, f64];
    multiply, multiply, multiply_into, multiply_inplace, same, Promoted, [bool, i32, i64, f32, f64];
    divide, divide, divide_into, divide_inplace, same, Float, [f32, f64];
    maximum, maximum, maximum_into, maximum_inplace, same, Promoted, [bool, i32, i64, f32, f64];
    minimum, minimum, minimum_into, minimum_inplace, same, Promoted, [bool, i32, i64, f32, f64];
    greater, greater, greater_into, _, bool, Promoted, [bool, i32, i64, f32, f64];
    greater_equal, greater_equal, greater_equal_into, _, bool, Promoted, [bool, i32, i64, f32, f64];
    less, less, less_into, _, bool, Promoted, [bool, i32, i64, f32, f64];
    less_equal, less_equal, less_equal_into, _, bool, Promoted, [bool, i32, i64, f32, f64];
    equal, equal, equal_into, _, bool, Promoted, [bool, i32, i64, f32, f64];
    not_equal, not_equal, not_equal_into, _, bool, Promoted, [bool, i32, i64, f32, f64];
}

type Alloc1<T, R> = fn(ArrayViewD<'_, T>) -> ArrayD<R>;
type Into1<T, R> = fn(ArrayViewD<'_, T>, ArrayViewMutD<'_, R>) -> numvec::Result<()>;
type Inplace1<R> = fn(ArrayViewMutD<'_, R>);

/// The numvec functions behind one unary ufunc, for one element type.
struct Unary<T: 'static, R: 'static> {
    alloc: Alloc1<T, R>,
    into: Into1<T, R>,
    inplace: Inplace1<R>,
}

/// Runs a unary ufunc on a converted operand, honouring `out`.
fn run_unary<'py, T: Dtype, R: Dtype>(
    py: Python<'py>,
    name: &str,
    arg: &Arg<'py>,
    out: Option<&Out<'py>>,
    is_out: bool,
    functions: Unary<T, R>,
) -> PyResult<Bound<'py, PyAny>> {
    if let (true, Some(out)) = (is_out, out) {
        let mut target = out.array.cast::<PyArrayDyn<R>>()?.try_readwrite()?;
        let target = target.as_array_mut();
        py.detach(|| (functions.inplace)(target));
        return Ok(out.array.clone().into_any());
    }
    let x = readonly::<T>(arg)?;
    let x = x.as_array();
    deliver(py, name, out, || Ok((functions.alloc)(x.view())), |target| (functions.into)(x.view(), target))
}

/// Defines unary ufuncs: `name, rule, [types]`, calling `numvec::name`,
/// `name_into` and `name_inplace`.
macro_rules! unary_ufuncs {
    ($($name:ident, $into:ident, $inplace:ident, $rule:ident, [$($ty:ty),+];)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(x, /, out=None)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (x, /, out=None))]
        pub fn $name<'py>(py: Python<'py>, x: &Bound<'py, PyAny>, out: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let (args, out, dtype) = prepare(name, &[x], out, Rule::$rule)?;
            let (args, is_out) = separate_from_out(args, out.as_ref(), dtype, true)?;
            dispatch!(dtype, name, |T| {
                let functions: Unary<T, T> = Unary {
                    alloc: |x| numvec::$name(&x),
                    into: |x, out| numvec::$into(&x, out),
                    inplace: |x| numvec::$inplace(x),
                };
                run_unary(py, name, &args[0], out.as_ref(), is_out, functions)
            }, [$($ty),+])
        }
    )*};
}

unary_ufuncs! {
    negative, negative_into, negative_inplace, Promoted, [i32, i64, f32, f64];
    sqrt, sqrt_into, sqrt_inplace, UnaryFloat, [f32, f64];
    exp, exp_into, exp_inplace, UnaryFloat, [f32, f64];
    log, log_into, log_inplace, UnaryFloat, [f32, f64];
    square, square_into, square_inplace, Promoted, [i32, i64, f32, f64];
}

/// `numvec.abs(x, /, out=None)`, as `numpy.abs` (the identity on `bool`).
#[pyfunction]
#[pyo3(signature = (x, /, out=None))]
pub fn abs<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (args, out, dtype) = prepare("abs", &[x], out, Rule::Promoted)?;
    let (args, is_out) = separate_from_out(args, out.as_ref(), dtype, true)?;
    if dtype == DType::Bool {
        // |x| of a bool is x: `maximum(x, false)` is that identity.
        let functions: Unary<bool, bool> = Unary {
            alloc: |x| numvec::relu(&x),
            into: |x, out| numvec::relu_into(&x, out),
            inplace: |x| numvec::relu_inplace(x),
        };
        return run_unary(py, "abs", &args[0], out.as_ref(), is_out, functions);
    }
    dispatch!(
        dtype,
        "abs",
        |T| {
            let functions: Unary<T, T> = Unary {
                alloc: |x| numvec::abs(&x),
                into: |x, out| numvec::abs_into(&x, out),
                inplace: |x| numvec::abs_inplace(x),
            };
            run_unary(py, "abs", &args[0], out.as_ref(), is_out, functions)
        },
        [i32, i64, f32, f64]
    )
}

/// `numvec.relu(x, /, out=None)`: `numpy.maximum(x, 0)` (so `bool` input
/// gives int64, as NumPy's promotion with the Python int 0 does).
#[pyfunction]
#[pyo3(signature = (x, /, out=None))]
pub fn relu<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (args, out, dtype) = prepare("relu", &[x], out, Rule::Promoted)?;
    let dtype = result_dtype(&[Kind::Strong(dtype), Kind::WeakInt]);
    let (args, is_out) = separate_from_out(args, out.as_ref(), dtype, true)?;
    dispatch!(
        dtype,
        "relu",
        |T| {
            let functions: Unary<T, T> = Unary {
                alloc: |x| numvec::relu(&x),
                into: |x, out| numvec::relu_into(&x, out),
                inplace: |x| numvec::relu_inplace(x),
            };
            run_unary(py, "relu", &args[0], out.as_ref(), is_out, functions)
        },
        [i32, i64, f32, f64]
    )
}

/// Computes a result into a new array or into `out` (directly, or through a
/// temporary when `out` has another dtype or an unusual buffer).
pub(crate) fn deliver<'py, R: Dtype>(
    py: Python<'py>,
    name: &str,
    out: Option<&Out<'py>>,
    alloc: impl Send + FnOnce() -> numvec::Result<ArrayD<R>>,
    into: impl Send + FnOnce(ArrayViewMutD<'_, R>) -> numvec::Result<()>,
) -> PyResult<Bound<'py, PyAny>> {
    let Some(out) = out else {
        return to_python(py, py.detach(alloc).map_err(to_py_err)?);
    };
    if out.is_direct(R::DTYPE) {
        let mut target = out.array.cast::<PyArrayDyn<R>>()?.try_readwrite()?;
        let target = target.as_array_mut();
        py.detach(|| into(target)).map_err(to_py_err)?;
    } else {
        out.check_cast(R::DTYPE, name)?;
        let shape = out.array.shape().to_vec();
        let result = py.detach(|| {
            let mut temp = ArrayD::from_elem(shape, R::ZERO);
            into(temp.view_mut()).map(|()| temp)
        });
        out.assign(&to_python(py, result.map_err(to_py_err)?)?)?;
    }
    Ok(out.array.clone().into_any())
}

/// The lowest and highest value of an element type: the bounds `clip` uses
/// for a missing `a_min` or `a_max`.
trait Extremes: Sized {
    const LOWEST: Self;
    const HIGHEST: Self;
}

macro_rules! extremes {
    ($($t:ty: $low:expr, $high:expr;)*) => {$(
        impl Extremes for $t {
            const LOWEST: Self = $low;
            const HIGHEST: Self = $high;
        }
    )*};
}

extremes! {
    bool: false, true;
    i32: i32::MIN, i32::MAX;
    i64: i64::MIN, i64::MAX;
    f32: f32::NEG_INFINITY, f32::INFINITY;
    f64: f64::NEG_INFINITY, f64::INFINITY;
}

/// `numvec.clip(a, a_min=None, a_max=None, out=None)`, as `numpy.clip`; a
/// missing bound does not limit.
#[pyfunction]
#[pyo3(signature = (a, a_min=None, a_max=None, out=None))]
pub fn clip<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    a_min: Option<&Bound<'py, PyAny>>,
    a_max: Option<&Bound<'py, PyAny>>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let present: Vec<&Bound<'py, PyAny>> = [Some(a), a_min, a_max].into_iter().flatten().collect();
    let (args, out, dtype) = prepare("clip", &present, out, Rule::Promoted)?;
    let (mut args, _) = separate_from_out(args, out.as_ref(), dtype, false)?;
    let a = args.remove(0);
    let mut take = |given: Option<&Bound<'py, PyAny>>| given.map(|_| args.remove(0));
    let (a_min, a_max) = (take(a_min), take(a_max));
    dispatch!(
        dtype,
        "clip",
        |T| {
            let bound = |arg: Option<Arg<'py>>, default: T| match arg {
                Some(arg) => Ok(readonly::<T>(&arg)?.as_array().to_owned()),
                None => Ok::<_, PyErr>(ndarray::arr0(default).into_dyn()),
            };
            let (low, high) = (bound(a_min, T::LOWEST)?, bound(a_max, T::HIGHEST)?);
            let x = readonly::<T>(&a)?;
            let x = x.as_array();
            deliver(
                py,
                "clip",
                out.as_ref(),
                || numvec::clip(&x, &low, &high),
                |out| numvec::clip_into(&x, &low, &high, out),
            )
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.where(condition, x, y)`, as `numpy.where` with three arguments:
/// `condition` is taken by its truth value.
#[pyfunction]
#[pyo3(name = "where", signature = (condition, x, y, /))]
pub fn where_<'py>(
    py: Python<'py>,
    condition: &Bound<'py, PyAny>,
    x: &Bound<'py, PyAny>,
    y: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (args, _, dtype) = prepare("where", &[x, y], None, Rule::Promoted)?;
    let condition = crate::convert::truth_values(condition)?;
    let condition = condition.as_array();
    dispatch!(
        dtype,
        "where",
        |T| {
            let (x, y) = (readonly::<T>(&args[0])?, readonly::<T>(&args[1])?);
            let (x, y) = (x.as_array(), y.as_array());
            deliver(
                py,
                "where",
                None,
                || numvec::where_(&condition, &x, &y),
                |out| numvec::where_into(&condition, &x, &y, out),
            )
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.broadcast_shapes(*shapes)`, as `numpy.broadcast_shapes`.
#[pyfunction]
#[pyo3(signature = (*shapes))]
pub fn broadcast_shapes<'py>(py: Python<'py>, shapes: Vec<crate::convert::Shape>) -> PyResult<Bound<'py, PyTuple>> {
    let shapes: Vec<&[usize]> = shapes.iter().map(|s| s.0.as_slice()).collect();
    PyTuple::new(py, numvec::broadcast_shapes(&shapes).map_err(to_py_err)?)
}
