//! NumPy's indexing from Python: `getitem`, `setitem` and the key parsing
//! shared by the `ufunc.at` scatters: convert -> release the GIL -> numvec.

use ndarray::{ArrayD, ArrayViewMutD};
use numpy::{
    PyArray, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArray, PyUntypedArrayMethods,
};
use numvec::DType;
use numvec::index::IndexItem;
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyEllipsis, PyInt, PyNone, PySlice, PyTuple};

use crate::convert::{
    Arg, Kind, can_cast_same_kind, classify, copied, dispatch, may_share_memory, numpy, readonly, result_dtype,
    to_python,
};
use crate::errors::to_py_err;

const INVALID_INDEX: &str = "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices";

/// One parsed key item; arrays stay borrowed from their numpy arrays.
enum KeyItem<'py> {
    Plain(IndexItem<'static>),
    Ints(PyReadonlyArrayDyn<'py, i64>),
    Bools(PyReadonlyArrayDyn<'py, bool>),
}

/// A Python index key (`a[key]`'s `key`), parsed as NumPy does.
pub struct Key<'py>(Vec<KeyItem<'py>>);

impl<'py> Key<'py> {
    /// Parses a key: a tuple of items, or one item (a list is one array).
    ///
    /// # Errors
    /// `IndexError` worded like NumPy's for items that are not valid indices.
    pub fn parse(key: &Bound<'py, PyAny>) -> PyResult<Self> {
        let items = match key.cast::<PyTuple>() {
            Ok(tuple) => tuple.iter().map(|item| parse_item(&item)).collect::<PyResult<Vec<_>>>()?,
            Err(_) => vec![parse_item(key)?],
        };
        Ok(Key(items))
    }

    /// Whether the key has a `...`.
    pub fn has_ellipsis(&self) -> bool {
        self.0.iter().any(|item| matches!(item, KeyItem::Plain(IndexItem::Ellipsis)))
    }

    /// The items, borrowing the arrays.
    pub fn items(&self) -> Vec<IndexItem<'_>> {
        self.0
            .iter()
            .map(|item| match item {
                KeyItem::Plain(plain) => without_arrays(plain),
                KeyItem::Ints(ints) => IndexItem::from(ints.as_array()),
                KeyItem::Bools(bools) => IndexItem::from(bools.as_array()),
            })
            .collect()
    }
}

/// A copy of an item that holds no array, with any lifetime.
fn without_arrays<'a>(item: &IndexItem<'_>) -> IndexItem<'a> {
    match item {
        IndexItem::Int(i) => IndexItem::Int(*i),
        IndexItem::Slice { start, stop, step } => IndexItem::slice(*start, *stop, *step),
        IndexItem::NewAxis => IndexItem::NewAxis,
        IndexItem::Ellipsis | IndexItem::Array(_) | IndexItem::Mask(_) => IndexItem::Ellipsis,
    }
}

fn parse_item<'py>(item: &Bound<'py, PyAny>) -> PyResult<KeyItem<'py>> {
    let py = item.py();
    if item.is_instance_of::<PyNone>() {
        return Ok(KeyItem::Plain(IndexItem::NewAxis));
    }
    if item.is_instance_of::<PyEllipsis>() {
        return Ok(KeyItem::Plain(IndexItem::Ellipsis));
    }
    if let Ok(slice) = item.cast::<PySlice>() {
        let bound = |name: &str| -> PyResult<Option<isize>> {
            let value = slice.getattr(name)?;
            if value.is_none() { Ok(None) } else { Ok(Some(index_integer(&value)?)) }
        };
        return Ok(KeyItem::Plain(IndexItem::slice(bound("start")?, bound("stop")?, bound("step")?.unwrap_or(1))));
    }
    let is_numpy_scalar = item.is_instance(&numpy(py)?.getattr("generic")?)?;
    if item.is_instance_of::<PyBool>() || (is_numpy_scalar && item.is_instance(&numpy(py)?.getattr("bool")?)?) {
        let mask = numpy(py)?.call_method1("asarray", (item,))?;
        return Ok(KeyItem::Bools(mask.cast_into::<PyArrayDyn<bool>>()?.try_readonly()?));
    }
    if item.is_instance_of::<PyInt>() || (is_numpy_scalar && item.is_instance(&numpy(py)?.getattr("integer")?)?) {
        return Ok(KeyItem::Plain(IndexItem::Int(index_integer(item)?)));
    }
    let is_array_like = item.cast::<PyUntypedArray>().is_ok()
        || item.hasattr("__len__")? && !item.is_instance_of::<pyo3::types::PyString>();
    if !is_array_like {
        return Err(PyIndexError::new_err(INVALID_INDEX));
    }
    let array = numpy(py)?.call_method1("asarray", (item,))?;
    let untyped = array.cast::<PyUntypedArray>()?;
    let kind = untyped.dtype().kind();
    match kind {
        b'b' => Ok(KeyItem::Bools(array.cast_into::<PyArrayDyn<bool>>()?.try_readonly()?)),
        b'i' | b'u' if untyped.ndim() == 0 => Ok(KeyItem::Plain(IndexItem::Int(index_integer(&array)?))),
        b'i' | b'u' => Ok(KeyItem::Ints(int64_array(&array)?)),
        _ if untyped.len() == 0 && item.cast::<PyUntypedArray>().is_err() => Ok(KeyItem::Ints(int64_array(&array)?)),
        _ => Err(PyIndexError::new_err("arrays used as indices must be of integer (or boolean) type")),
    }
}

/// An integer index as `isize` (`__index__`), NumPy's `IndexError` when it does not fit.
fn index_integer(value: &Bound<'_, PyAny>) -> PyResult<isize> {
    let integer = value.call_method0("__index__").map_err(|_| PyIndexError::new_err(INVALID_INDEX))?;
    integer.extract::<isize>().map_err(|_| PyIndexError::new_err("cannot fit 'int' into an index-sized integer"))
}

/// `array` as an aligned, native int64 array (copied when it is not one).
fn int64_array<'py>(array: &Bound<'py, PyAny>) -> PyResult<PyReadonlyArrayDyn<'py, i64>> {
    readonly::<i64>(&Arg { obj: array.clone(), kind: Kind::Strong(DType::Int64) })
}

/// `numvec.getitem(a, key)`: NumPy's `a[key]` for keys of ints, slices,
/// None, Ellipsis, integer and boolean arrays. Always returns a new array.
#[pyfunction]
pub fn getitem<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let arg = classify(a, "getitem")?;
    let Kind::Strong(dtype) = arg.kind else {
        return Err(PyTypeError::new_err("getitem needs an array"));
    };
    let key = Key::parse(key)?;
    dispatch!(
        dtype,
        "getitem",
        |T| {
            let a = readonly::<T>(&arg)?;
            let a = a.as_array();
            let items = key.items();
            let result = py.detach(|| numvec::index::get(&a, &items)).map_err(to_py_err)?;
            // NumPy returns a scalar for a 0-d result, except through `...`.
            if key.has_ellipsis() {
                Ok(PyArray::from_owned_array(py, result).into_any())
            } else {
                to_python(py, result)
            }
        },
        [bool, i32, i64, f32, f64]
    )
}

/// A writeable numpy array argument (`a` of `setitem`, `add_at` ...).
pub fn target<'py>(a: &Bound<'py, PyAny>, operation: &str) -> PyResult<(Bound<'py, PyUntypedArray>, DType)> {
    let array = a
        .cast::<PyUntypedArray>()
        .map_err(|_| PyTypeError::new_err(format!("{operation} needs a numpy array to modify")))?
        .clone();
    let dtype = crate::convert::dtype_of(&array, operation)?;
    Ok((array, dtype))
}

/// Runs `modify` on `array` borrowed mutably. An empty array is replaced by
/// an empty standard-layout array of its shape (nothing can be written, and
/// NumPy gives empty arrays strides that ndarray views reject).
pub fn with_target<T: numpy::Element, R>(
    array: &Bound<'_, PyUntypedArray>,
    modify: impl FnOnce(ArrayViewMutD<'_, T>) -> numvec::Result<R>,
) -> PyResult<R> {
    if array.len() == 0 {
        let mut empty =
            ArrayD::<T>::from_shape_vec(array.shape(), Vec::new()).map_err(|e| PyValueError::new_err(e.to_string()))?;
        return modify(empty.view_mut()).map_err(to_py_err);
    }
    let mut target = array.cast::<PyArrayDyn<T>>()?.try_readwrite()?;
    modify(target.as_array_mut()).map_err(to_py_err)
}

/// `value` as an array of `a`'s dtype, copied when it may overlap `a`.
pub fn values_for<'py>(a: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>, operation: &str) -> PyResult<Arg<'py>> {
    let arg = classify(value, operation)?;
    if may_share_memory(a, &arg.obj)? { copied(&arg) } else { Ok(arg) }
}

/// `numvec.setitem(a, key, value)`: NumPy's `a[key] = value`.
#[pyfunction]
pub fn setitem<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
) -> PyResult<()> {
    let (array, dtype) = target(a, "setitem")?;
    let key = Key::parse(key)?;
    let value = values_for(a, value, "setitem")?;
    dispatch!(
        dtype,
        "setitem",
        |T| {
            let value = readonly::<T>(&value)?;
            let value = value.as_array();
            let items = key.items();
            with_target::<T, _>(&array, |target| py.detach(|| numvec::index::set(target, &items, &value)))
        },
        [bool, i32, i64, f32, f64]
    )
}

/// Defines `name(a, indices, b)` for the `ufunc.at` scatters.
macro_rules! at_functions {
    ($($name:ident, $ufunc:literal, [$($ty:ty),+];)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, indices, b)`, as `numpy.", $ufunc, ".at`: unbuffered, in place, repeated indices accumulate.")]
        #[pyfunction]
        pub fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, indices: &Bound<'py, PyAny>, b: &Bound<'py, PyAny>) -> PyResult<()> {
            let name = stringify!($name);
            let (array, dtype) = target(a, name)?;
            let key = Key::parse(indices)?;
            let b = values_for(a, b, name)?;
            let computed = result_dtype(&[Kind::Strong(dtype), b.kind]);
            if !can_cast_same_kind(computed, dtype) {
                return Err(PyTypeError::new_err(format!(
                    "Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                    $ufunc, computed.name(), dtype.name()
                )));
            }
            dispatch!(dtype, name, |T| {
                let b = readonly::<T>(&b)?;
                let b = b.as_array();
                let items = key.items();
                with_target::<T, _>(&array, |target| py.detach(|| numvec::index::$name(target, &items, &b)))
            }, [$($ty),+])
        }
    )*};
}

at_functions! {
    add_at, "add", [bool, i32, i64, f32, f64];
    subtract_at, "subtract", [i32, i64, f32, f64];
    multiply_at, "multiply", [bool, i32, i64, f32, f64];
    maximum_at, "maximum", [bool, i32, i64, f32, f64];
    minimum_at, "minimum", [bool, i32, i64, f32, f64];
}

/// An index array argument as int64 (NumPy's `safe` cast from any integer
/// type; an empty list counts as integers).
fn int_indices<'py>(
    obj: &Bound<'py, PyAny>,
    non_integer: impl FnOnce(&str) -> PyErr,
) -> PyResult<PyReadonlyArrayDyn<'py, i64>> {
    let array = numpy(obj.py())?.call_method1("asarray", (obj,))?;
    let untyped = array.cast::<PyUntypedArray>()?;
    let is_empty_list = untyped.len() == 0 && obj.cast::<PyUntypedArray>().is_err();
    match untyped.dtype().kind() {
        b'i' | b'u' => int64_array(&array),
        _ if is_empty_list => int64_array(&array),
        _ => Err(non_integer(&untyped.dtype().str()?.to_string())),
    }
}

/// The `TypeError` of NumPy's `take` for non-integer indices.
fn unsafe_cast(dtype: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "Cannot cast array data from dtype('{dtype}') to dtype('int64') according to the rule 'safe'"
    ))
}

/// The `IndexError` of NumPy's `take_along_axis` for non-integer indices.
fn not_integer_array(_: &str) -> PyErr {
    PyIndexError::new_err("`indices` must be an integer array")
}

/// The array argument of a function that reads it, and its dtype.
fn source<'py>(a: &Bound<'py, PyAny>, operation: &str) -> PyResult<(Arg<'py>, DType)> {
    let arg = classify(a, operation)?;
    match arg.kind {
        Kind::Strong(dtype) => Ok((arg, dtype)),
        _ => {
            let array = numpy(a.py())?.call_method1("asarray", (a,))?;
            classify(&array, operation).map(|arg| {
                let Kind::Strong(dtype) = arg.kind else { unreachable!("arrays are strong") };
                (arg, dtype)
            })
        }
    }
}

/// `numvec.take(a, indices, axis=None)`, as `numpy.take` (mode 'raise').
#[pyfunction]
#[pyo3(signature = (a, indices, axis=None))]
pub fn take<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    axis: Option<isize>,
) -> PyResult<Bound<'py, PyAny>> {
    let (arg, dtype) = source(a, "take")?;
    let indices = int_indices(indices, unsafe_cast)?;
    dispatch!(
        dtype,
        "take",
        |T| {
            let a = readonly::<T>(&arg)?;
            let (a, indices) = (a.as_array(), indices.as_array());
            let result = py.detach(|| numvec::index::take(&a, &indices, axis)).map_err(to_py_err)?;
            to_python(py, result)
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.take_along_axis(arr, indices, axis=-1)`, as `numpy.take_along_axis`.
#[pyfunction]
#[pyo3(signature = (arr, indices, axis=Some(-1)))]
pub fn take_along_axis<'py>(
    py: Python<'py>,
    arr: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    axis: Option<isize>,
) -> PyResult<Bound<'py, PyAny>> {
    let (arg, dtype) = source(arr, "take_along_axis")?;
    let indices = int_indices(indices, not_integer_array)?;
    dispatch!(
        dtype,
        "take_along_axis",
        |T| {
            let a = readonly::<T>(&arg)?;
            let (a, indices) = (a.as_array(), indices.as_array());
            let result = py.detach(|| numvec::index::take_along_axis(&a, &indices, axis)).map_err(to_py_err)?;
            Ok(PyArray::from_owned_array(py, result).into_any())
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.put_along_axis(arr, indices, values, axis)`, as `numpy.put_along_axis` (in place).
#[pyfunction]
pub fn put_along_axis<'py>(
    py: Python<'py>,
    arr: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    axis: Option<isize>,
) -> PyResult<()> {
    let (array, dtype) = target(arr, "put_along_axis")?;
    let indices = int_indices(indices, not_integer_array)?;
    let values = values_for(arr, values, "put_along_axis")?;
    dispatch!(
        dtype,
        "put_along_axis",
        |T| {
            let values = readonly::<T>(&values)?;
            let (values, indices) = (values.as_array(), indices.as_array());
            with_target::<T, _>(&array, |target| {
                py.detach(|| numvec::index::put_along_axis(target, &indices, &values, axis))
            })
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.diag(v, k=0)`, as `numpy.diag`.
#[pyfunction]
#[pyo3(signature = (v, k=0))]
pub fn diag<'py>(py: Python<'py>, v: &Bound<'py, PyAny>, k: isize) -> PyResult<Bound<'py, PyAny>> {
    let (arg, dtype) = source(v, "diag")?;
    dispatch!(
        dtype,
        "diag",
        |T| {
            let v = readonly::<T>(&arg)?;
            let v = v.as_array();
            let result = py.detach(|| numvec::index::diag(&v, k)).map_err(to_py_err)?;
            Ok(PyArray::from_owned_array(py, result).into_any())
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.diagonal(a, offset=0, axis1=0, axis2=1)`, as `numpy.diagonal` (a new array).
#[pyfunction]
#[pyo3(signature = (a, offset=0, axis1=0, axis2=1))]
pub fn diagonal<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    offset: isize,
    axis1: isize,
    axis2: isize,
) -> PyResult<Bound<'py, PyAny>> {
    let (arg, dtype) = source(a, "diagonal")?;
    dispatch!(
        dtype,
        "diagonal",
        |T| {
            let a = readonly::<T>(&arg)?;
            let a = a.as_array();
            let result = py.detach(|| numvec::index::diagonal(&a, offset, axis1, axis2)).map_err(to_py_err)?;
            Ok(PyArray::from_owned_array(py, result).into_any())
        },
        [bool, i32, i64, f32, f64]
    )
}

/// Defines `name(m, k=0)` for `triu` and `tril`.
macro_rules! triangles {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(m, k=0)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (m, k=0))]
        pub fn $name<'py>(py: Python<'py>, m: &Bound<'py, PyAny>, k: isize) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let (arg, dtype) = source(m, name)?;
            dispatch!(dtype, name, |T| {
                let m = readonly::<T>(&arg)?;
                let m = m.as_array();
                let result = py.detach(|| numvec::index::$name(&m, k)).map_err(to_py_err)?;
                Ok(PyArray::from_owned_array(py, result).into_any())
            }, [bool, i32, i64, f32, f64])
        }
    )*};
}

triangles! {
    triu;
    tril;
}

/// `numvec.tri(N, M=None, k=0, dtype=float)`, as `numpy.tri`.
#[pyfunction]
#[pyo3(signature = (n, m=None, k=0, dtype=None))]
#[allow(non_snake_case)]
pub fn tri<'py>(
    py: Python<'py>,
    n: isize,
    m: Option<isize>,
    k: isize,
    dtype: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let dtype = match dtype {
        None => DType::Float64,
        Some(dtype) => {
            let probe = numpy(py)?.call_method1("empty", (0, dtype))?;
            crate::convert::dtype_of(probe.cast::<PyUntypedArray>()?, "tri")?
        }
    };
    let (n, m) = (n.max(0) as usize, m.map(|m| m.max(0) as usize));
    dispatch!(
        dtype,
        "tri",
        |T| {
            let result = py.detach(|| numvec::index::tri::<T>(n, m, k)).map_err(to_py_err)?;
            Ok(PyArray::from_owned_array(py, result).into_any())
        },
        [bool, i32, i64, f32, f64]
    )
}

/// The truth values of a mask argument.
fn mask_array<'py>(mask: &Bound<'py, PyAny>) -> PyResult<PyReadonlyArrayDyn<'py, bool>> {
    crate::convert::truth_values(mask)
}

/// `numvec.putmask(a, mask, values)`, as `numpy.putmask` (in place; values repeat).
#[pyfunction]
pub fn putmask<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    mask: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
) -> PyResult<()> {
    let (array, dtype) = target(a, "putmask")?;
    let mask = mask_array(mask)?;
    let values = values_for(a, values, "putmask")?;
    dispatch!(
        dtype,
        "putmask",
        |T| {
            let values = readonly::<T>(&values)?;
            let (values, mask) = (values.as_array(), mask.as_array());
            with_target::<T, _>(&array, |target| py.detach(|| numvec::index::putmask(target, &mask, &values)))
        },
        [bool, i32, i64, f32, f64]
    )
}

/// A scalar fill value as `T` (NumPy's cast of a Python scalar).
fn fill_value<T: numpy::Element + Copy>(value: &Bound<'_, PyAny>) -> PyResult<T> {
    let arg = classify(value, "fill")?;
    let array = readonly::<T>(&arg)?;
    let array = array.as_array();
    array
        .iter()
        .next()
        .copied()
        .filter(|_| array.len() == 1)
        .ok_or_else(|| PyValueError::new_err("the fill value must be a scalar"))
}

/// `numvec.masked_fill(a, mask, value)`: `a[mask] = value` in place, `mask` broadcasting to `a`.
#[pyfunction]
pub fn masked_fill<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    mask: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
) -> PyResult<()> {
    let (array, dtype) = target(a, "masked_fill")?;
    let mask = mask_array(mask)?;
    dispatch!(
        dtype,
        "masked_fill",
        |T| {
            let value = fill_value::<T>(value)?;
            let mask = mask.as_array();
            with_target::<T, _>(&array, |target| py.detach(|| numvec::index::masked_fill(target, &mask, value)))
        },
        [bool, i32, i64, f32, f64]
    )
}

/// Defines `name(a, value, k)` for the in-place triangle fills.
macro_rules! triangle_fills {
    ($($name:ident, $default_k:expr;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, value, k)`: fills a triangle of the last two axes in place, no mask built.")]
        #[pyfunction]
        #[pyo3(signature = (a, value, k=$default_k))]
        pub fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>, k: isize) -> PyResult<()> {
            let name = stringify!($name);
            let (array, dtype) = target(a, name)?;
            dispatch!(dtype, name, |T| {
                let value = fill_value::<T>(value)?;
                with_target::<T, _>(&array, |target| {
                    py.detach(|| numvec::index::$name(target, value, k));
                    Ok(())
                })
            }, [bool, i32, i64, f32, f64])
        }
    )*};
}

triangle_fills! {
    triu_fill, 1;
    tril_fill, -1;
}
