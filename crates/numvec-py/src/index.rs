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
