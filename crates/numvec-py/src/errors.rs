//! numvec's errors as NumPy's Python exceptions, in one table.

use numvec::Error;
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// Converts a core error to the exception NumPy raises for the same mistake.
pub fn to_py_err(error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::AxisOutOfBounds { axis, ndim } => axis_error(axis, ndim),
        Error::TooHard { .. } => too_hard_error(message),
        Error::IndexOutOfBounds { .. } | Error::Index(_) => PyIndexError::new_err(message),
        Error::Broadcast { .. }
        | Error::OutputShape { .. }
        | Error::DuplicateAxis
        | Error::EmptyReduction { .. }
        | Error::EmptyArgReduction { .. }
        | Error::Einsum(_)
        | Error::Shape(_)
        | Error::TooLarge { .. }
        | Error::InvalidArgument(_) => PyValueError::new_err(message),
    }
}

/// `numpy.exceptions.AxisError(axis, ndim)`, which words its own message.
fn axis_error(axis: isize, ndim: usize) -> PyErr {
    static AXIS_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    Python::attach(|py| match AXIS_ERROR.import(py, "numpy.exceptions", "AxisError") {
        Ok(class) => match class.call1((axis, ndim)) {
            Ok(instance) => PyErr::from_value(instance),
            Err(err) => err,
        },
        Err(err) => err,
    })
}

/// `numpy.exceptions.TooHardError(message)`.
fn too_hard_error(message: String) -> PyErr {
    static TOO_HARD: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    Python::attach(|py| match TOO_HARD.import(py, "numpy.exceptions", "TooHardError") {
        Ok(class) => PyErr::from_type(class.clone(), message),
        Err(err) => err,
    })
}

/// The `TypeError` for a dtype numvec does not compute on.
pub fn unsupported_dtype(dtype: &str, operation: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "numvec.{operation} does not support dtype {dtype} (supported: bool, int32, int64, float32, float64)"
    ))
}
