//! NumPy's sorting and selection (`sort`, `argsort`, `partition`,
//! `argpartition`, `top_k`): convert -> release the GIL -> numvec -> convert back.

use numvec::sort::TopKMode;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString, PyTuple};

use crate::convert::{classify, dispatch, on_own_dtype, readonly, result_dtype, to_python};
use crate::errors::to_py_err;

/// Checks NumPy's `kind`, `order` and `stable` arguments of `sort` and
/// `argsort`. numvec's sorts are always stable, so every valid `kind` runs
/// the same stable sort.
fn check_sort_options(
    kind: Option<&Bound<'_, PyAny>>,
    order: Option<&Bound<'_, PyAny>>,
    stable: Option<bool>,
) -> PyResult<()> {
    check_no_order(order)?;
    let Some(kind) = kind else { return Ok(()) };
    if stable.is_some() {
        return Err(PyValueError::new_err(
            "`kind` and keyword parameters can't be provided at the same time. Use only one of them.",
        ));
    }
    let kind = kind.cast::<PyString>().map_err(|_| {
        let type_name = kind.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("sort kind must be str, not {type_name}"))
    })?;
    let kind: String = kind.extract()?;
    match kind.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('q' | 'h' | 'm' | 's') => Ok(()),
        _ => {
            Err(PyValueError::new_err(format!("sort kind must be one of 'quick', 'heap', or 'stable' (got '{kind}')")))
        }
    }
}

/// NumPy's error for an `order` argument on an array without fields.
fn check_no_order(order: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    match order {
        Some(order) if !order.is_none() => {
            Err(PyValueError::new_err("Cannot specify order when the array has no fields."))
        }
        _ => Ok(()),
    }
}

/// Defines `name(a, axis=-1, kind=None, order=None, *, stable=None)`.
macro_rules! sorts {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, axis=-1, kind=None, order=None, *, stable=None)`, as `numpy.", stringify!($name), "`; always stable.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis=Some(-1), kind=None, order=None, *, stable=None))]
        pub fn $name<'py>(
            py: Python<'py>,
            a: &Bound<'py, PyAny>,
            axis: Option<isize>,
            kind: Option<&Bound<'py, PyAny>>,
            order: Option<&Bound<'py, PyAny>>,
            stable: Option<bool>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            check_sort_options(kind, order, stable)?;
            on_own_dtype!(py, a, name, |x| numvec::$name(&x, axis))
        }
    )*};
}

sorts! {
    sort;
    argsort;
}

/// NumPy's `kth` argument: an int or a sequence of ints (never bools).
pub struct Kth(Vec<isize>);

impl<'a, 'py> FromPyObject<'a, 'py> for Kth {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let array = crate::convert::numpy(obj.py())?.call_method1("asarray", (obj,))?;
        let kind: String = array.getattr("dtype")?.getattr("kind")?.extract()?;
        match kind.as_str() {
            "b" => Err(PyValueError::new_err("Booleans unacceptable as partition index")),
            "i" | "u" => {
                let flat = array.call_method0("ravel")?;
                let ndim: usize = array.getattr("ndim")?.extract()?;
                if ndim > 1 {
                    return Err(PyValueError::new_err("object too deep for desired array"));
                }
                Ok(Kth(flat.extract()?))
            }
            _ => Err(PyTypeError::new_err("Partition index must be integer")),
        }
    }
}

/// Defines `name(a, kth, axis=-1, kind='introselect', order=None)`.
macro_rules! partitions {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, kth, axis=-1, kind='introselect', order=None)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (a, kth, axis=Some(-1), kind="introselect", order=None))]
        pub fn $name<'py>(
            py: Python<'py>,
            a: &Bound<'py, PyAny>,
            kth: Kth,
            axis: Option<isize>,
            kind: &str,
            order: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            if kind != "introselect" {
                return Err(PyValueError::new_err(format!("select kind must be 'introselect' (got '{kind}')")));
            }
            check_no_order(order)?;
            on_own_dtype!(py, a, name, |x| numvec::$name(&x, &kth.0, axis))
        }
    )*};
}

partitions! {
    partition;
    argpartition;
}

/// `numvec.top_k(a, k, /, *, axis=-1, mode="largest", sorted=True)`, as
/// NumPy 2.6's `numpy.top_k`: `(values, indices)` of the `k` largest (or
/// smallest) elements along `axis`; ties go to the lowest index, NaN is
/// worse than every number.
#[pyfunction]
#[pyo3(signature = (a, k, /, *, axis=Some(-1), mode="largest", sorted=true))]
pub fn top_k<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    k: &Bound<'py, PyAny>,
    axis: Option<isize>,
    mode: &str,
    sorted: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    if k.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("k must be an integer, not bool"));
    }
    let k: isize = k.extract()?;
    let k = usize::try_from(k).map_err(|_| PyValueError::new_err(format!("k(={k}) must be non-negative")))?;
    let mode: TopKMode = mode.parse().map_err(to_py_err)?;
    let arg = classify(a, "top_k")?;
    dispatch!(
        result_dtype(&[arg.kind]),
        "top_k",
        |T| {
            let x = readonly::<T>(&arg)?;
            let x = x.as_array();
            let (values, indices) = py.detach(|| numvec::top_k(&x, k, axis, mode, sorted)).map_err(to_py_err)?;
            PyTuple::new(py, [to_python(py, values)?, to_python(py, indices)?])
        },
        [bool, i32, i64, f32, f64]
    )
}
