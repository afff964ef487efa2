//! `zscore(a, axis=0, ddof=0, out=None)`: in place when `out` is `a`.

use numpy::{PyArrayDyn, PyArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::{Out, classify, dispatch, float_dtype, readonly, result_dtype};
use crate::elementwise::{deliver, separate_from_out};
use crate::errors::to_py_err;

/// `numvec.zscore(a, axis=0, ddof=0, out=None)`: SciPy's
/// `scipy.stats.zscore`, `(a - a.mean(axis)) / a.std(axis, ddof=ddof)`,
/// with a lane whose standard deviation is 0 divided by 1. `out=a`
/// normalizes `a` in place; `out` must have the result's shape and dtype
/// (float64 for integers and bool, else `a`'s).
#[pyfunction]
#[pyo3(signature = (a, axis=0, ddof=0, out=None))]
pub fn zscore<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    axis: isize,
    ddof: usize,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let arg = classify(a, "zscore")?;
    let dtype = float_dtype(result_dtype(&[arg.kind]));
    let out = out.map(|o| Out::new(o, "zscore")).transpose()?;
    if let Some(out) = &out
        && out.dtype != dtype
    {
        return Err(PyValueError::new_err(format!(
            "output array has dtype {}, but zscore gives {}",
            out.dtype.name(),
            dtype.name()
        )));
    }
    let (args, in_place) = separate_from_out(vec![arg], out.as_ref(), dtype, true)?;
    dispatch!(
        dtype,
        "zscore",
        |F| {
            if let (true, Some(out)) = (in_place, &out) {
                let mut target = out.array.cast::<PyArrayDyn<F>>()?.try_readwrite()?;
                let target = target.as_array_mut();
                py.detach(|| numvec::zscore_inplace(target, axis, ddof)).map_err(to_py_err)?;
                return Ok(out.array.clone().into_any());
            }
            let x = readonly::<F>(&args[0])?;
            let x = x.as_array();
            deliver(
                py,
                "zscore",
                out.as_ref(),
                || numvec::zscore(&x, axis, ddof),
                |target| numvec::zscore_into(&x, axis, ddof, target),
            )
        },
        [f32, f64]
    )
}
