//! NumPy's scans (`cumsum`, `cumprod`) and numvec's window statistics:
//! convert -> release the GIL -> numvec -> convert back.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::on_own_dtype;

/// Defines `name(a, axis=None)` for the scans.
macro_rules! scans {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(a, axis=None)`, as `numpy.", stringify!($name), "`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis=None))]
        pub fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, axis: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            on_own_dtype!(py, a, name, |x| numvec::$name(&x, axis))
        }
    )*};
}

scans! {
    cumsum;
    cumprod;
}

/// A window length: a non-negative int (`w == 0` is rejected by the core).
fn window_length(w: isize) -> PyResult<usize> {
    usize::try_from(w).map_err(|_| PyValueError::new_err(format!("window length must be positive, got w={w}")))
}

/// Defines `name(x, w, axis=-1)` for the window statistics.
macro_rules! windows {
    ($($name:ident;)*) => {$(
        #[doc = concat!("`numvec.", stringify!($name), "(x, w, axis=-1)`: over every length-`w` window along `axis` (the `n - w + 1` 'valid' windows), in O(n) and accurately.")]
        #[pyfunction]
        #[pyo3(signature = (x, w, axis=-1))]
        pub fn $name<'py>(py: Python<'py>, x: &Bound<'py, PyAny>, w: isize, axis: isize) -> PyResult<Bound<'py, PyAny>> {
            let name = stringify!($name);
            let w = window_length(w)?;
            on_own_dtype!(py, x, name, |x| numvec::$name(&x, w, axis))
        }
    )*};
}

windows! {
    window_sum;
    window_mean;
}
