//! NumPy's reductions (`sum`, `mean`, `std`, `argmax`, `norm`, ...):
//! convert -> release the GIL -> numvec -> convert back.

use numvec::axis::Axes;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::{classify, dispatch, readonly, result_dtype, to_python};
use crate::errors::to_py_err;

/// NumPy's `axis` argument when given: an int or a tuple of ints.
pub struct AxisArg(pub Axes);

impl<'a, 'py> FromPyObject<'a, 'py> for AxisArg {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match obj.extract::<isize>() {
            Ok(axis) => Ok(AxisArg(Axes::from(axis))),
            Err(_) => Ok(AxisArg(Axes::List(obj.extract::<Vec<isize>>()?))),
        }
    }
}

/// The axes an `axis=` argument names (`None`: all).
fn axes(axis: Option<AxisArg>) -> Axes {
    axis.map_or(Axes::All, |axis| axis.0)
}

/// Defines reductions `name(a, axis=None, *, keepdims=False)` calling
/// `numvec::name(a, axis, keepdims)` for the listed element types.
macro_rules! reductions {
    ($($name:ident, [$($ty:ty),+];)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, axis=None, *, keepdims=False)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis=None, *, keepdims=false))]
        pub fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, axis: Option<AxisArg>, keepdims: bool) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let arg = classify(a, name)?;
            dispatch!(result_dtype(&[arg.kind]), name, |T| {
                let x = readonly::<T>(&arg)?;
                let x = x.as_array();
                let result = py.detach(|| numvec::$name(&x, axes(axis), keepdims)).map_err(to_py_err)?;
                to_python(py, result)
            }, [$($ty),+])
        }
    )*};
}

reductions! {
    sum, [bool, i32, i64, f32, f64];
    mean, [bool, i32, i64, f32, f64];
    min, [bool, i32, i64, f32, f64];
    max, [bool, i32, i64, f32, f64];
    all, [bool, i32, i64, f32, f64];
    any, [bool, i32, i64, f32, f64];
}

/// Defines `var`/`std(a, axis=None, *, ddof=0, keepdims=False)`.
macro_rules! spread {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, axis=None, *, ddof=0, keepdims=False)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis=None, *, ddof=0, keepdims=false))]
        pub fn $name<'py>(
            py: Python<'py>,
            a: &Bound<'py, PyAny>,
            axis: Option<AxisArg>,
            ddof: usize,
            keepdims: bool,
        ) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let arg = classify(a, name)?;
            dispatch!(result_dtype(&[arg.kind]), name, |T| {
                let x = readonly::<T>(&arg)?;
                let x = x.as_array();
                let result = py.detach(|| numvec::$name(&x, axes(axis), ddof, keepdims)).map_err(to_py_err)?;
                to_python(py, result)
            }, [bool, i32, i64, f32, f64])
        }
    )*};
}

spread! {
    var;
    std;
}

/// Defines `argmin`/`argmax(a, axis=None, *, keepdims=False)`.
macro_rules! arg_reductions {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, axis=None, *, keepdims=False)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis=None, *, keepdims=false))]
        pub fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, axis: Option<isize>, keepdims: bool) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let arg = classify(a, name)?;
            dispatch!(result_dtype(&[arg.kind]), name, |T| {
                let x = readonly::<T>(&arg)?;
                let x = x.as_array();
                let result = py.detach(|| numvec::$name(&x, axis, keepdims)).map_err(to_py_err)?;
                to_python(py, result)
            }, [bool, i32, i64, f32, f64])
        }
    )*};
}

arg_reductions! {
    argmin;
    argmax;
}

/// `numvec.norm(x, ord=None, axis=None, keepdims=False)`, as
/// `numpy.linalg.norm` with `ord=None` (the 2-norm, Frobenius for matrices).
#[pyfunction]
#[pyo3(signature = (x, ord=None, axis=None, keepdims=false))]
pub fn norm<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    ord: Option<&Bound<'py, PyAny>>,
    axis: Option<AxisArg>,
    keepdims: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if ord.is_some() {
        return Err(PyValueError::new_err("numvec.norm supports ord=None only (the 2-norm / Frobenius norm)"));
    }
    let arg = classify(x, "norm")?;
    dispatch!(
        result_dtype(&[arg.kind]),
        "norm",
        |T| {
            let x = readonly::<T>(&arg)?;
            let x = x.as_array();
            let result = py.detach(|| numvec::norm(&x, axes(axis), keepdims)).map_err(to_py_err)?;
            to_python(py, result)
        },
        [bool, i32, i64, f32, f64]
    )
}
