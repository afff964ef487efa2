//! `numvec.random.RandomState`: NumPy's legacy generator, the same numbers
//! bit for bit, over numvec's core: convert -> release the GIL -> numvec.

use numpy::{
    PyArray1, PyArrayDescr, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use numvec::random::{MtState, RandintType, RandomState};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyEllipsis, PyInt, PyTuple};

use crate::convert::{Shape, dispatch, dtype_of, numpy, to_python};
use crate::errors::to_py_err;

/// A seed as NumPy takes it: an int in `0..2**32` or a sequence of them.
fn seeded(seed: &Bound<'_, PyAny>) -> PyResult<RandomState> {
    let out_of_range = || PyValueError::new_err("Seed must be between 0 and 2**32 - 1");
    if let Ok(value) = seed.extract::<i128>() {
        return u32::try_from(value).map(RandomState::new).map_err(|_| out_of_range());
    }
    let words: Vec<i128> = seed.extract().map_err(|_| PyTypeError::new_err("Cannot cast seed to uint32"))?;
    let key = words.into_iter().map(u32::try_from).collect::<Result<Vec<u32>, _>>().map_err(|_| out_of_range())?;
    RandomState::from_key(&key).map_err(to_py_err)
}

/// A seed drawn from the operating system's randomness, for `RandomState()`.
fn entropy_seed() -> RandomState {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x6e75_6d76_6563);
    let bits = hasher.finish();
    RandomState::from_key(&[bits as u32, (bits >> 32) as u32]).unwrap_or_else(|_| RandomState::new(bits as u32))
}

/// NumPy's legacy `numpy.random.RandomState`, bit for bit.
#[pyclass(name = "RandomState", module = "numvec.random")]
pub struct PyRandomState {
    inner: RandomState,
}

/// A `size=` argument: `None` draws one value, returned as a Python scalar.
fn shape_of(size: &Option<Shape>) -> &[usize] {
    size.as_ref().map_or(&[], |s| s.0.as_slice())
}

impl PyRandomState {
    /// Converts a draw: a Python scalar for `size=None`, else an array.
    fn deliver<'py, T: numpy::Element + Copy + IntoPyObject<'py>>(
        py: Python<'py>,
        size: &Option<Shape>,
        values: numvec::Result<ndarray::ArrayD<T>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let values = values.map_err(to_py_err)?;
        match (size, values.first()) {
            (None, Some(&value)) => value.into_bound_py_any(py),
            _ => to_python(py, values),
        }
    }

    /// `randint` for one dtype; `size=None` gives a NumPy scalar unless
    /// `python_int` (NumPy returns a Python int for `dtype=int` only).
    fn randint_as<'py, T: RandintType + numpy::Element + IntoPyObject<'py>>(
        &mut self,
        py: Python<'py>,
        (low, high): (i64, i64),
        size: Option<Shape>,
        python_int: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let values = py.detach(|| self.inner.randint_as::<T>(low, high, shape_of(&size)));
        if python_int { Self::deliver(py, &size, values) } else { to_python(py, values.map_err(to_py_err)?) }
    }

    /// Shuffles `x` along its first axis in place without the GIL when it is
    /// an aligned, native, writeable array of one of numvec's dtypes;
    /// returns whether it did.
    fn shuffle_in_place(&mut self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(array) = x.cast::<PyUntypedArray>() else { return Ok(false) };
        if array.ndim() == 0 || !array.is_aligned() || array.dtype().is_native_byteorder() == Some(false) {
            return Ok(false);
        }
        let Ok(dtype) = dtype_of(array, "random.shuffle") else { return Ok(false) };
        dispatch!(
            dtype,
            "random.shuffle",
            |T| {
                let mut x = array.cast::<PyArrayDyn<T>>()?.try_readwrite()?;
                let mut x = x.as_array_mut();
                py.detach(|| self.inner.shuffle_array(&mut x));
                Ok(true)
            },
            [bool, i32, i64, f32, f64]
        )
    }
}

/// `x` is a Python int or a NumPy integer scalar.
fn is_integer(x: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(x.is_instance_of::<PyInt>() || x.is_instance(&numpy(x.py())?.getattr("integer")?)?)
}

#[pymethods]
impl PyRandomState {
    #[new]
    #[pyo3(signature = (seed=None))]
    fn new(seed: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let inner = match seed {
            Some(seed) if !seed.is_none() => seeded(seed)?,
            _ => entropy_seed(),
        };
        Ok(PyRandomState { inner })
    }

    /// `RandomState.seed(seed=None)`.
    #[pyo3(signature = (seed=None))]
    fn seed(&mut self, seed: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        *self = PyRandomState::new(seed)?;
        Ok(())
    }

    /// `RandomState.random_sample(size=None)`: uniform floats in `[0, 1)`.
    #[pyo3(signature = (size=None))]
    fn random_sample<'py>(&mut self, py: Python<'py>, size: Option<Shape>) -> PyResult<Bound<'py, PyAny>> {
        let values = py.detach(|| self.inner.random_sample(shape_of(&size)));
        Self::deliver(py, &size, values)
    }

    /// `RandomState.random(size=None)`: the same as `random_sample`.
    #[pyo3(signature = (size=None))]
    fn random<'py>(&mut self, py: Python<'py>, size: Option<Shape>) -> PyResult<Bound<'py, PyAny>> {
        self.random_sample(py, size)
    }

    /// `RandomState.rand(d0, d1, ...)`.
    #[pyo3(signature = (*dims))]
    fn rand<'py>(&mut self, py: Python<'py>, dims: Vec<usize>) -> PyResult<Bound<'py, PyAny>> {
        let size = (!dims.is_empty()).then_some(Shape(dims));
        self.random_sample(py, size)
    }

    /// `RandomState.standard_normal(size=None)`: NumPy's legacy polar method.
    #[pyo3(signature = (size=None))]
    fn standard_normal<'py>(&mut self, py: Python<'py>, size: Option<Shape>) -> PyResult<Bound<'py, PyAny>> {
        let values = py.detach(|| self.inner.standard_normal(shape_of(&size)));
        Self::deliver(py, &size, values)
    }

    /// `RandomState.randn(d0, d1, ...)`.
    #[pyo3(signature = (*dims))]
    fn randn<'py>(&mut self, py: Python<'py>, dims: Vec<usize>) -> PyResult<Bound<'py, PyAny>> {
        let size = (!dims.is_empty()).then_some(Shape(dims));
        self.standard_normal(py, size)
    }

    /// `RandomState.normal(loc=0.0, scale=1.0, size=None)`.
    #[pyo3(signature = (loc=0.0, scale=1.0, size=None))]
    fn normal<'py>(
        &mut self,
        py: Python<'py>,
        loc: f64,
        scale: f64,
        size: Option<Shape>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let values = py.detach(|| self.inner.normal(loc, scale, shape_of(&size)));
        Self::deliver(py, &size, values)
    }

    /// `RandomState.uniform(low=0.0, high=1.0, size=None)`.
    #[pyo3(signature = (low=0.0, high=1.0, size=None))]
    fn uniform<'py>(
        &mut self,
        py: Python<'py>,
        low: f64,
        high: f64,
        size: Option<Shape>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let values = py.detach(|| self.inner.uniform(low, high, shape_of(&size)));
        Self::deliver(py, &size, values)
    }

    /// `RandomState.randint(low, high=None, size=None, dtype=int)`: draws in
    /// `[low, high)` (`[0, low)` without `high`) for `dtype` int64 (the
    /// default) or int32.
    #[pyo3(signature = (low, high=None, size=None, dtype=None))]
    fn randint<'py>(
        &mut self,
        py: Python<'py>,
        low: i128,
        high: Option<i128>,
        size: Option<Shape>,
        dtype: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (low, high) = match high {
            Some(high) => (low, high),
            None => (0, low),
        };
        let python_int = dtype.is_none_or(|d| d.is(py.get_type::<PyInt>()));
        let descr = numpy(py)?
            .call_method1("dtype", (dtype.map_or_else(|| py.get_type::<PyInt>().into_any(), Bound::clone),))?;
        let descr = descr.cast_into::<PyArrayDescr>()?;
        let name = match (descr.kind(), descr.itemsize()) {
            (b'i', 8) => "int64",
            (b'i', 4) => "int32",
            _ => return Err(PyTypeError::new_err(format!("Unsupported dtype {} for randint", descr.repr()?))),
        };
        let bound = |value: i128, which: &str| {
            i64::try_from(value).map_err(|_| PyValueError::new_err(format!("{which} is out of bounds for {name}")))
        };
        let bounds = (bound(low, "low")?, bound(high, "high")?);
        if name == "int64" {
            self.randint_as::<i64>(py, bounds, size, python_int)
        } else {
            self.randint_as::<i32>(py, bounds, size, false)
        }
    }

    /// `RandomState.permutation(x)`: a shuffled `arange(x)` for an int, else
    /// a shuffled copy of the array along its first axis.
    fn permutation<'py>(&mut self, py: Python<'py>, x: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if is_integer(x)? {
            let n = usize::try_from(x.extract::<i64>()?).unwrap_or(0);
            let values = py.detach(|| self.inner.permutation(n)).map_err(to_py_err)?;
            return to_python(py, values);
        }
        let array = numpy(py)?.call_method1("array", (x,))?;
        if array.cast::<PyUntypedArray>()?.ndim() == 0 {
            return Err(PyIndexError::new_err("x must be an integer or at least 1-dimensional"));
        }
        self.shuffle(py, &array)?;
        Ok(array)
    }

    /// `RandomState.shuffle(x)`: shuffles a mutable sequence or an array
    /// along its first axis, in place, with NumPy's draws.
    fn shuffle(&mut self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<()> {
        if let Ok(array) = x.cast::<PyUntypedArray>()
            && !array.getattr("flags")?.getattr("writeable")?.extract::<bool>()?
        {
            return Err(PyValueError::new_err("array is read-only"));
        }
        if self.shuffle_in_place(py, x)? {
            return Ok(());
        }
        // Other dtypes and plain sequences: the same draws, applied as a
        // permutation of the first axis.
        let n = x.len()?;
        let order = py.detach(|| self.inner.permutation(n)).map_err(to_py_err)?;
        let order = to_python(py, order)?;
        if x.cast::<PyUntypedArray>().is_ok() {
            let shuffled = x.get_item(&order)?;
            return x.set_item(PyEllipsis::get(py), shuffled);
        }
        let items: Vec<Bound<'_, PyAny>> = order.try_iter()?.map(|i| x.get_item(i?)).collect::<PyResult<_>>()?;
        for (i, item) in items.into_iter().enumerate() {
            x.set_item(i, item)?;
        }
        Ok(())
    }

    /// `RandomState.choice(a, size=None, replace=True, p=None)`: samples
    /// from `arange(a)` for an int `a`, else from the 1-D array `a`.
    #[pyo3(signature = (a, size=None, replace=true, p=None))]
    fn choice<'py>(
        &mut self,
        py: Python<'py>,
        a: &Bound<'py, PyAny>,
        size: Option<Shape>,
        replace: bool,
        p: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let np = numpy(py)?;
        let population = np.call_method1("array", (a,))?;
        let population = population.cast::<PyUntypedArray>()?;
        let samples: usize = shape_of(&size).iter().product();
        let from_integer = population.ndim() == 0;
        let pop_size = if from_integer {
            let a = population.call_method0("item")?;
            if !is_integer(&a)? {
                return Err(PyValueError::new_err("a must be 1-dimensional or an integer"));
            }
            usize::try_from(a.extract::<i64>()?).unwrap_or(0)
        } else if population.ndim() != 1 {
            return Err(PyValueError::new_err("a must be 1-dimensional"));
        } else {
            if population.len() == 0 && samples != 0 {
                return Err(PyValueError::new_err("'a' cannot be empty unless no samples are taken"));
            }
            population.len()
        };
        let p = match p {
            Some(p) if !p.is_none() => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("dtype", "float64")?;
                let p = np.call_method("ascontiguousarray", (p,), Some(&kwargs))?;
                let p = p.cast_into::<PyArrayDyn<f64>>()?;
                if p.ndim() != 1 {
                    return Err(PyValueError::new_err("'p' must be 1-dimensional"));
                }
                Some(p.to_vec()?)
            }
            _ => None,
        };
        let indices =
            py.detach(|| self.inner.choice(pop_size, shape_of(&size), replace, p.as_deref())).map_err(to_py_err)?;
        let indices = match (&size, indices.first()) {
            (None, Some(&index)) => index.into_bound_py_any(py)?,
            _ => to_python(py, indices)?,
        };
        if from_integer { Ok(indices) } else { population.get_item(indices) }
    }

    /// `RandomState.get_state()`: `('MT19937', key, pos, has_gauss, cached_gaussian)`.
    fn get_state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let state = self.inner.get_state();
        let key = PyArray1::from_vec(py, state.key);
        ("MT19937", key, state.pos, i32::from(state.has_gauss), state.cached_gaussian).into_pyobject(py)
    }

    /// `RandomState.set_state(state)` with a tuple from `get_state`.
    fn set_state(&mut self, state: (String, PyReadonlyArray1<'_, u32>, usize, i32, f64)) -> PyResult<()> {
        let (name, key, pos, has_gauss, cached_gaussian) = state;
        if name != "MT19937" {
            return Err(PyValueError::new_err("set_state can only be used with legacy MT19937 state instances."));
        }
        let state = MtState { key: key.as_array().to_vec(), pos, has_gauss: has_gauss != 0, cached_gaussian };
        self.inner.set_state(&state).map_err(to_py_err)
    }
}
