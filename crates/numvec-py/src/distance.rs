//! `cdist(XA, XB, metric='euclidean', *, out=None)`, as SciPy's.

use numpy::{PyArray2, PyArrayMethods};
use numvec::DType;
use numvec::linalg::distance::{Metric, cdist as core_cdist, cdist_into};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::{Out, classify, readonly};
use crate::elementwise::separate_from_out;
use crate::errors::to_py_err;

/// `numvec.cdist(XA, XB, metric='euclidean', *, out=None)`: SciPy's
/// `scipy.spatial.distance.cdist` for `euclidean`, `sqeuclidean`, `cosine`
/// and `cityblock`, computed in float64. `out` must be a writeable float64
/// array of shape `(M, N)`.
#[pyfunction]
#[pyo3(signature = (XA, XB, metric="euclidean", *, out=None))]
#[allow(non_snake_case)]
pub fn cdist<'py>(
    py: Python<'py>,
    XA: &Bound<'py, PyAny>,
    XB: &Bound<'py, PyAny>,
    metric: &str,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let metric: Metric = metric.parse().map_err(to_py_err)?;
    let args = vec![classify(XA, "cdist")?, classify(XB, "cdist")?];
    let out = out.map(|o| Out::new(o, "cdist")).transpose()?;
    if out.as_ref().is_some_and(|o| !o.is_direct(DType::Float64)) {
        return Err(PyValueError::new_err("Output array must be double type."));
    }
    let (args, _) = separate_from_out(args, out.as_ref(), DType::Float64, false)?;
    let (xa, xb) = (readonly::<f64>(&args[0])?, readonly::<f64>(&args[1])?);
    let (xa, xb) = (xa.as_array(), xb.as_array());
    let Some(out) = out else {
        let result = py.detach(|| core_cdist(&xa, &xb, metric)).map_err(to_py_err)?;
        return Ok(PyArray2::from_owned_array(py, result).into_any());
    };
    let mut target = out.array.cast::<numpy::PyArrayDyn<f64>>()?.try_readwrite()?;
    let target = target.as_array_mut();
    let Ok(target) = target.into_dimensionality::<ndarray::Ix2>() else {
        return Err(PyValueError::new_err("Output array has incorrect shape."));
    };
    py.detach(|| cdist_into(&xa, &xb, metric, target)).map_err(to_py_err)?;
    Ok(out.array.clone().into_any())
}
