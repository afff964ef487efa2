//! `shares_memory` and `may_share_memory` on numpy arrays, with NumPy's
//! `max_work` argument and exceptions.

use numpy::{PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use numvec::memory::{MemoryLayout, layouts_share_memory};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyInt;

use crate::convert::numpy;
use crate::errors::to_py_err;

/// `obj` as a numpy array: itself, or `numpy.asarray(obj)` (a list gives a
/// fresh array, a memoryview a view of its memory).
fn as_array<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyUntypedArray>> {
    match obj.cast::<PyUntypedArray>() {
        Ok(array) => Ok(array.clone()),
        Err(_) => Ok(numpy(obj.py())?.call_method1("asarray", (obj,))?.cast_into::<PyUntypedArray>()?),
    }
}

/// Where a numpy array's elements are (its shape and strides borrowed).
pub fn layout<'a>(array: &'a Bound<'_, PyUntypedArray>) -> PyResult<MemoryLayout<'a>> {
    let (shape, strides, itemsize) = (array.shape().into(), array.strides().into(), array.dtype().itemsize());
    if let Some(address) = data_address(array) {
        return Ok(MemoryLayout { address, shape, strides, itemsize });
    }
    // Other dtypes (byte-swapped, complex, datetimes, objects, records).
    let (address, _): (usize, bool) = array.getattr("__array_interface__")?.get_item("data")?.extract()?;
    Ok(MemoryLayout { address, shape, strides, itemsize })
}

/// The data pointer of an array of a common native dtype, read without
/// calling back into Python.
fn data_address(array: &Bound<'_, PyUntypedArray>) -> Option<usize> {
    macro_rules! address_as {
        ($($ty:ty),+) => {$(
            if let Ok(typed) = array.cast::<PyArrayDyn<$ty>>() {
                return Some(typed.data() as usize);
            }
        )+};
    }
    address_as!(f64, f32, i64, i32, bool, u8, i8, u16, i16, u32, u64);
    None
}

/// NumPy's `max_work` argument: `None` for the default, `-1` (or `-2`) for
/// no bound, `n >= 0` for at most `n` candidates.
fn max_work_arg(max_work: Option<&Bound<'_, PyAny>>, default: Option<usize>) -> PyResult<Option<usize>> {
    let Some(max_work) = max_work.filter(|m| !m.is_none()) else { return Ok(default) };
    let is_integer =
        max_work.is_instance_of::<PyInt>() || max_work.is_instance(&numpy(max_work.py())?.getattr("integer")?)?;
    if !is_integer {
        return Err(PyValueError::new_err("max_work must be an integer"));
    }
    match max_work.extract::<isize>()? {
        -2 | -1 => Ok(None),
        n if n < 0 => Err(PyValueError::new_err("Invalid value for max_work")),
        n => Ok(Some(n as usize)),
    }
}

/// `numvec.shares_memory(a, b, /, max_work=None)`, as `numpy.shares_memory`:
/// exact by default; `numpy.exceptions.TooHardError` when `max_work` is exceeded.
#[pyfunction]
#[pyo3(signature = (a, b, /, max_work=None))]
pub fn shares_memory(
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    max_work: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let max_work = max_work_arg(max_work, None)?;
    // Both arrays stay alive while compared: a temporary's memory could
    // otherwise be reused by the next one.
    let (a, b) = (as_array(a)?, as_array(b)?);
    layouts_share_memory(&layout(&a)?, &layout(&b)?, max_work).map_err(to_py_err)
}

/// `numvec.may_share_memory(a, b, /, max_work=None)`, as
/// `numpy.may_share_memory`: only the extents by default; `True` whenever
/// `max_work` does not suffice to decide.
#[pyfunction]
#[pyo3(signature = (a, b, /, max_work=None))]
pub fn may_share_memory(
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    max_work: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let max_work = max_work_arg(max_work, Some(0))?;
    let (a, b) = (as_array(a)?, as_array(b)?);
    Ok(layouts_share_memory(&layout(&a)?, &layout(&b)?, max_work) != Ok(false))
}
