//! `outer`, `argmax_onehot` and the comparisons `isclose`, `allclose`,
//! `array_equal`: convert -> release the GIL -> numvec -> convert back.

use pyo3::prelude::*;

use crate::convert::{classify, dispatch, readonly, result_dtype, to_python};
use crate::errors::to_py_err;

/// `numvec.outer(a, b)`, as `numpy.outer` (both inputs flattened).
#[pyfunction]
#[pyo3(signature = (a, b))]
pub fn outer<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, b: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (classify(a, "outer")?, classify(b, "outer")?);
    dispatch!(
        result_dtype(&[a.kind, b.kind]),
        "outer",
        |T| {
            let (a, b) = (readonly::<T>(&a)?, readonly::<T>(&b)?);
            let (a, b) = (a.as_array(), b.as_array());
            let result = py.detach(|| numvec::outer(&a, &b)).map_err(to_py_err)?;
            to_python(py, result.into_dyn())
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.argmax_onehot(x, axis=-1)`: 1 at the first maximum of each lane
/// along `axis` (NaN counts as the maximum, like `numpy.argmax`), 0 elsewhere,
/// in the dtype of `x`.
#[pyfunction]
#[pyo3(signature = (x, axis=-1))]
pub fn argmax_onehot<'py>(py: Python<'py>, x: &Bound<'py, PyAny>, axis: isize) -> PyResult<Bound<'py, PyAny>> {
    let arg = classify(x, "argmax_onehot")?;
    dispatch!(
        result_dtype(&[arg.kind]),
        "argmax_onehot",
        |T| {
            let x = readonly::<T>(&arg)?;
            let x = x.as_array();
            let result = py.detach(|| numvec::argmax_onehot(&x, axis)).map_err(to_py_err)?;
            to_python(py, result)
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`, as `numpy.isclose`.
#[pyfunction]
#[pyo3(signature = (a, b, rtol=1e-05, atol=1e-08, equal_nan=false))]
pub fn isclose<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (classify(a, "isclose")?, classify(b, "isclose")?);
    dispatch!(
        result_dtype(&[a.kind, b.kind]),
        "isclose",
        |T| {
            let (a, b) = (readonly::<T>(&a)?, readonly::<T>(&b)?);
            let (a, b) = (a.as_array(), b.as_array());
            let result = py.detach(|| numvec::isclose(&a, &b, rtol, atol, equal_nan)).map_err(to_py_err)?;
            to_python(py, result)
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`, as `numpy.allclose`.
#[pyfunction]
#[pyo3(signature = (a, b, rtol=1e-05, atol=1e-08, equal_nan=false))]
pub fn allclose<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<bool> {
    let (a, b) = (classify(a, "allclose")?, classify(b, "allclose")?);
    dispatch!(
        result_dtype(&[a.kind, b.kind]),
        "allclose",
        |T| {
            let (a, b) = (readonly::<T>(&a)?, readonly::<T>(&b)?);
            let (a, b) = (a.as_array(), b.as_array());
            py.detach(|| numvec::allclose(&a, &b, rtol, atol, equal_nan)).map_err(to_py_err)
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.array_equal(a1, a2, equal_nan=False)`, as `numpy.array_equal`.
#[pyfunction]
#[pyo3(signature = (a1, a2, equal_nan=false))]
pub fn array_equal<'py>(
    py: Python<'py>,
    a1: &Bound<'py, PyAny>,
    a2: &Bound<'py, PyAny>,
    equal_nan: bool,
) -> PyResult<bool> {
    let (a, b) = (classify(a1, "array_equal")?, classify(a2, "array_equal")?);
    dispatch!(
        result_dtype(&[a.kind, b.kind]),
        "array_equal",
        |T| {
            let (a, b) = (readonly::<T>(&a)?, readonly::<T>(&b)?);
            let (a, b) = (a.as_array(), b.as_array());
            Ok(py.detach(|| numvec::array_equal(&a, &b, equal_nan)))
        },
        [bool, i32, i64, f32, f64]
    )
}
