//! `numvec.random.RandomState`: NumPy's legacy generator, the same numbers
//! bit for bit, over numvec's core: convert -> release the GIL -> numvec.

use numpy::{PyArray1, PyReadonlyArray1};
use numvec::random::{MtState, RandomState};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::{Shape, to_python};
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

    /// `RandomState.randint(low, high=None, size=None)`: int64 draws in
    /// `[low, high)` (`[0, low)` without `high`).
    #[pyo3(signature = (low, high=None, size=None))]
    fn randint<'py>(
        &mut self,
        py: Python<'py>,
        low: i64,
        high: Option<i64>,
        size: Option<Shape>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (low, high) = match high {
            Some(high) => (low, high),
            None => (0, low),
        };
        let values = py.detach(|| self.inner.randint(low, high, shape_of(&size)));
        Self::deliver(py, &size, values)
    }

    /// `RandomState.permutation(n)` for an int `n`.
    fn permutation<'py>(&mut self, py: Python<'py>, n: usize) -> PyResult<Bound<'py, PyAny>> {
        let values = py.detach(|| self.inner.permutation(n)).map_err(to_py_err)?;
        to_python(py, values)
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
