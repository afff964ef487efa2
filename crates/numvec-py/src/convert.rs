//! numpy arrays and Python scalars to ndarray views and back: NumPy's type
//! promotion, zero-copy borrowing, copies of misaligned or byte-swapped
//! buffers, `out=` checks and the one dtype-dispatch macro.

use ndarray::ArrayD;
use numpy::{
    PyArray, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArray, PyUntypedArrayMethods,
};
use numvec::DType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyModule, PyTuple};

use crate::errors::unsupported_dtype;

/// The `numpy` module, imported once.
pub fn numpy(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    NUMPY.get_or_try_init(py, || Ok::<_, PyErr>(py.import("numpy")?.unbind())).map(|m| m.bind(py))
}

/// What an argument contributes to NumPy's type promotion (NEP 50): arrays and
/// NumPy scalars are strong; Python `bool`, `int` and `float` are weak and
/// take the array's type where they fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Python `bool`.
    WeakBool,
    /// A Python `int`.
    WeakInt,
    /// A Python `float`.
    WeakFloat,
    /// An array (or NumPy scalar, or array-like) of this dtype.
    Strong(DType),
}

/// A Python argument and its promotion kind.
pub struct Arg<'py> {
    /// The argument: a numpy array, or the Python scalar as given.
    pub obj: Bound<'py, PyAny>,
    /// Its promotion kind.
    pub kind: Kind,
}

/// Classifies a Python argument; array-likes (lists, NumPy scalars) become arrays.
///
/// # Errors
/// `TypeError` for a dtype numvec does not support.
pub fn classify<'py>(obj: &Bound<'py, PyAny>, operation: &str) -> PyResult<Arg<'py>> {
    let py = obj.py();
    if let Ok(array) = obj.cast::<PyUntypedArray>() {
        let dtype = dtype_of(array, operation)?;
        return Ok(Arg { obj: obj.clone(), kind: Kind::Strong(dtype) });
    }
    let is_numpy_scalar = obj.is_instance(&numpy(py)?.getattr("generic")?)?;
    let weak = if is_numpy_scalar {
        None
    } else if obj.is_exact_instance_of::<PyBool>() {
        Some(Kind::WeakBool)
    } else if obj.is_instance_of::<PyInt>() {
        Some(Kind::WeakInt)
    } else if obj.is_instance_of::<PyFloat>() {
        Some(Kind::WeakFloat)
    } else {
        None
    };
    match weak {
        Some(kind) => Ok(Arg { obj: obj.clone(), kind }),
        None => {
            let array = numpy(py)?.call_method1("asarray", (obj,))?;
            let dtype = dtype_of(array.cast::<PyUntypedArray>()?, operation)?;
            Ok(Arg { obj: array, kind: Kind::Strong(dtype) })
        }
    }
}

/// numvec's dtype of a numpy array, or `TypeError` naming an unsupported one.
pub fn dtype_of(array: &Bound<'_, PyUntypedArray>, operation: &str) -> PyResult<DType> {
    let descr = array.dtype();
    let dtype = match (descr.kind(), descr.itemsize()) {
        (b'b', 1) => Some(DType::Bool),
        (b'i', 4) => Some(DType::Int32),
        (b'i', 8) => Some(DType::Int64),
        (b'f', 4) => Some(DType::Float32),
        (b'f', 8) => Some(DType::Float64),
        _ => None,
    };
    match dtype {
        Some(dtype) if !descr.has_fields() && !descr.has_subarray() => Ok(dtype),
        _ => Err(unsupported_dtype(&descr.str()?.to_string(), operation)),
    }
}

fn is_float(dtype: DType) -> bool {
    matches!(dtype, DType::Float32 | DType::Float64)
}

fn is_integer(dtype: DType) -> bool {
    matches!(dtype, DType::Int32 | DType::Int64)
}

/// NumPy's promotion of two strong dtypes.
fn promote_strong(a: DType, b: DType) -> DType {
    use DType::*;
    match (a, b) {
        _ if a == b => a,
        (Bool, other) | (other, Bool) => other,
        (Int32, Int64) | (Int64, Int32) => Int64,
        (Float32, Float64) | (Float64, Float32) => Float64,
        (Float32, _) | (_, Float32) => Float64,
        _ => Float64,
    }
}

/// NumPy's result dtype for a set of arguments (NEP 50 rules for Python scalars).
pub fn result_dtype(kinds: &[Kind]) -> DType {
    let strong =
        kinds.iter().filter_map(|k| if let Kind::Strong(d) = k { Some(*d) } else { None }).reduce(promote_strong);
    let weak = [Kind::WeakFloat, Kind::WeakInt, Kind::WeakBool].into_iter().find(|k| kinds.contains(k));
    match (strong, weak) {
        (Some(dtype), None) | (Some(dtype), Some(Kind::WeakBool)) => dtype,
        (Some(dtype), Some(Kind::WeakInt)) if dtype != DType::Bool => dtype,
        (Some(dtype), Some(Kind::WeakFloat)) if is_float(dtype) => dtype,
        (_, Some(Kind::WeakFloat)) => DType::Float64,
        (_, Some(Kind::WeakInt)) => DType::Int64,
        _ => DType::Bool,
    }
}

/// NumPy's result dtype of a float-valued function (`divide`, `sqrt`, `mean`):
/// integers and bool compute in float64.
pub fn float_dtype(dtype: DType) -> DType {
    if is_float(dtype) { dtype } else { DType::Float64 }
}

/// Whether NumPy's `same_kind` casting allows `from` into `to`.
pub fn can_cast_same_kind(from: DType, to: DType) -> bool {
    let rank = |d: DType| match d {
        DType::Bool => 0,
        DType::Int32 | DType::Int64 => 1,
        DType::Float32 | DType::Float64 => 2,
    };
    rank(from) <= rank(to) || (is_integer(from) && is_integer(to))
}

/// Borrows `arg` as an array of `T`, converting (copying) only when needed:
/// another dtype, a Python scalar, a misaligned or byte-swapped buffer.
///
/// # Errors
/// NumPy's errors for impossible conversions (`OverflowError` for a Python
/// int out of the dtype's range).
pub fn readonly<'py, T: numpy::Element>(arg: &Arg<'py>) -> PyResult<PyReadonlyArrayDyn<'py, T>> {
    if let Ok(array) = arg.obj.cast::<PyArrayDyn<T>>()
        && array.is_aligned()
    {
        return Ok(array.try_readonly()?);
    }
    // `numpy.array` always copies: right for scalars, other dtypes, and
    // misaligned or byte-swapped buffers alike.
    let py = arg.obj.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", numpy::dtype::<T>(py))?;
    let converted = numpy(py)?.call_method("array", (&arg.obj,), Some(&kwargs))?;
    Ok(converted.cast_into::<PyArrayDyn<T>>()?.try_readonly()?)
}

/// A fresh copy of `arg`'s array, for an input that overlaps `out`.
pub fn copied<'py>(arg: &Arg<'py>) -> PyResult<Arg<'py>> {
    let obj = numpy(arg.obj.py())?.call_method1("array", (&arg.obj,))?;
    Ok(Arg { obj, kind: arg.kind })
}

/// Whether two arguments may share memory (NumPy's `may_share_memory`: their
/// byte ranges overlap). Deliberately no finer: rust-numpy lends an array
/// mutably only when no other borrowed array's range overlaps it, so an
/// input interleaved with `out` (`x[::2]` and `x[1::2]`) is copied too.
pub fn may_share_memory(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<bool> {
    let (Ok(a), Ok(b)) = (a.cast::<PyUntypedArray>(), b.cast::<PyUntypedArray>()) else { return Ok(false) };
    let (a, b) = (crate::memory::layout(a)?, crate::memory::layout(b)?);
    Ok(numvec::memory::layouts_share_memory(&a, &b, Some(0)) != Ok(false))
}

/// A checked `out=` argument: a writeable numpy array.
pub struct Out<'py> {
    /// The output array.
    pub array: Bound<'py, PyUntypedArray>,
    /// Its dtype.
    pub dtype: DType,
}

impl<'py> Out<'py> {
    /// Checks an `out=` argument the way NumPy's ufuncs do.
    ///
    /// # Errors
    /// `TypeError` when `out` is not an array or its dtype is unsupported,
    /// `ValueError` when it is read-only.
    pub fn new(obj: &Bound<'py, PyAny>, operation: &str) -> PyResult<Self> {
        let array = obj
            .cast::<PyUntypedArray>()
            .map_err(|_| PyTypeError::new_err("return arrays must be of ArrayType"))?
            .clone();
        if !array.getattr("flags")?.getattr("writeable")?.extract::<bool>()? {
            return Err(PyValueError::new_err("output array is read-only"));
        }
        let dtype = dtype_of(&array, operation)?;
        Ok(Out { array, dtype })
    }

    /// Whether results of `dtype` can be written straight into this array
    /// (same dtype, aligned, native byte order); otherwise they go through a
    /// temporary and NumPy's `copyto`.
    pub fn is_direct(&self, dtype: DType) -> bool {
        self.dtype == dtype && self.array.is_aligned() && self.array.dtype().is_native_byteorder() != Some(false)
    }

    /// Checks NumPy's `same_kind` rule for writing `dtype` results here.
    ///
    /// # Errors
    /// `TypeError` worded like NumPy's when the cast is not allowed.
    pub fn check_cast(&self, dtype: DType, operation: &str) -> PyResult<()> {
        if can_cast_same_kind(dtype, self.dtype) {
            Ok(())
        } else {
            Err(PyTypeError::new_err(format!(
                "Cannot cast ufunc '{operation}' output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                dtype.name(),
                self.dtype.name()
            )))
        }
    }

    /// Copies `result` into this array with NumPy's `copyto`.
    ///
    /// # Errors
    /// NumPy's `copyto` errors (shape mismatch).
    pub fn assign(&self, result: &Bound<'py, PyAny>) -> PyResult<()> {
        numpy(self.array.py())?.call_method1("copyto", (&self.array, result))?;
        Ok(())
    }
}

/// Converts a result to Python: a numpy array, or a NumPy scalar for a 0-d
/// result, as NumPy's ufuncs and reductions return.
pub fn to_python<T: numpy::Element>(py: Python<'_>, result: ArrayD<T>) -> PyResult<Bound<'_, PyAny>> {
    let array = PyArray::from_owned_array(py, result);
    if array.ndim() == 0 { array.get_item(PyTuple::empty(py)) } else { Ok(array.into_any()) }
}

/// Runs `$body` with `$T` bound to the Rust type of `$dtype`, for the listed
/// types; any other dtype raises `TypeError` naming the operation.
macro_rules! dispatch {
    ($dtype:expr, $operation:expr, |$T:ident| $body:expr, [$($ty:ty),+]) => {{
        let dtype: numvec::DType = $dtype;
        match dtype {
            $(d if d == <$ty as numvec::Element>::DTYPE => {
                type $T = $ty;
                $body
            })+
            other => Err($crate::errors::unsupported_dtype(other.name(), $operation)),
        }
    }};
}
pub(crate) use dispatch;

/// Converts `$a` (any array-like) to an array of its own dtype, binds its
/// ndarray view to `$x`, runs `$call` (a numvec function returning an array)
/// without the GIL and returns the result to Python: the whole body of a
/// binding of one array argument.
macro_rules! on_own_dtype {
    ($py:expr, $a:expr, $name:expr, |$x:ident| $call:expr) => {{
        let arg = $crate::convert::classify($a, $name)?;
        $crate::convert::dispatch!(
            $crate::convert::result_dtype(&[arg.kind]),
            $name,
            |T| {
                let $x = $crate::convert::readonly::<T>(&arg)?;
                let $x = $x.as_array();
                let result = $py.detach(|| $call).map_err($crate::errors::to_py_err)?;
                $crate::convert::to_python($py, result)
            },
            [bool, i32, i64, f32, f64]
        )
    }};
}
pub(crate) use on_own_dtype;

/// A shape argument: an int or a sequence of ints, as NumPy accepts.
pub struct Shape(pub Vec<usize>);

impl<'a, 'py> FromPyObject<'a, 'py> for Shape {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let sizes: Vec<isize> = match obj.extract::<isize>() {
            Ok(size) => vec![size],
            Err(_) => obj.extract()?,
        };
        let shape = sizes.iter().map(|&s| usize::try_from(s)).collect::<Result<Vec<_>, _>>();
        shape.map(Shape).map_err(|_| PyValueError::new_err("negative dimensions are not allowed"))
    }
}

/// The truth value of every element of `obj` (NumPy's `astype(bool)`).
///
/// # Errors
/// NumPy's conversion errors.
pub fn truth_values<'py>(obj: &Bound<'py, PyAny>) -> PyResult<PyReadonlyArrayDyn<'py, bool>> {
    let array = numpy(obj.py())?.call_method1("asarray", (obj,))?;
    let arg = Arg { obj: array, kind: Kind::Strong(DType::Bool) };
    readonly::<bool>(&arg)
}
