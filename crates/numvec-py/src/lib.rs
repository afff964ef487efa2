//! The `numvec` Python module: NumPy's names and signatures over numvec's
//! Rust core. Registration only; each area lives in its own file.

mod convert;
mod distance;
mod einsum;
mod elementwise;
mod errors;
mod index;
mod memory;
mod normalize;
mod products;
mod random;
mod reduce;
mod scan;
mod sort;

use pyo3::prelude::*;

/// Large results freed by Python are kept for the next result of their size,
/// which then skips the page faults of fresh memory.
#[global_allocator]
static ALLOCATOR: numvec::BlockCache = numvec::BlockCache::new();

/// The native part of the `numvec` package.
#[pymodule]
fn _numvec(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("__debug_build__", cfg!(debug_assertions))?;
    module.add_function(wrap_pyfunction!(elementwise::add, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::subtract, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::multiply, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::divide, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::maximum, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::minimum, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::greater, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::greater_equal, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::less, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::less_equal, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::equal, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::not_equal, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::negative, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::abs, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::sqrt, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::exp, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::log, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::square, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::relu, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::clip, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::where_, module)?)?;
    module.add_function(wrap_pyfunction!(elementwise::broadcast_shapes, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::sum, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::mean, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::var, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::std, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::min, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::max, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::argmin, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::argmax, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::all, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::any, module)?)?;
    module.add_function(wrap_pyfunction!(reduce::norm, module)?)?;
    module.add_function(wrap_pyfunction!(scan::cumsum, module)?)?;
    module.add_function(wrap_pyfunction!(scan::cumprod, module)?)?;
    module.add_function(wrap_pyfunction!(scan::window_sum, module)?)?;
    module.add_function(wrap_pyfunction!(scan::window_mean, module)?)?;
    module.add_function(wrap_pyfunction!(products::outer, module)?)?;
    module.add_function(wrap_pyfunction!(products::argmax_onehot, module)?)?;
    module.add_function(wrap_pyfunction!(products::isclose, module)?)?;
    module.add_function(wrap_pyfunction!(products::allclose, module)?)?;
    module.add_function(wrap_pyfunction!(products::array_equal, module)?)?;
    module.add_function(wrap_pyfunction!(einsum::einsum, module)?)?;
    module.add_function(wrap_pyfunction!(einsum::einsum_path, module)?)?;
    module.add_function(wrap_pyfunction!(einsum::matmul, module)?)?;
    module.add_function(wrap_pyfunction!(sort::sort, module)?)?;
    module.add_function(wrap_pyfunction!(sort::argsort, module)?)?;
    module.add_function(wrap_pyfunction!(sort::partition, module)?)?;
    module.add_function(wrap_pyfunction!(sort::argpartition, module)?)?;
    module.add_function(wrap_pyfunction!(sort::top_k, module)?)?;
    module.add_function(wrap_pyfunction!(index::getitem, module)?)?;
    module.add_function(wrap_pyfunction!(index::setitem, module)?)?;
    module.add_function(wrap_pyfunction!(index::add_at, module)?)?;
    module.add_function(wrap_pyfunction!(index::subtract_at, module)?)?;
    module.add_function(wrap_pyfunction!(index::multiply_at, module)?)?;
    module.add_function(wrap_pyfunction!(index::maximum_at, module)?)?;
    module.add_function(wrap_pyfunction!(index::minimum_at, module)?)?;
    module.add_function(wrap_pyfunction!(index::take, module)?)?;
    module.add_function(wrap_pyfunction!(index::take_along_axis, module)?)?;
    module.add_function(wrap_pyfunction!(index::put_along_axis, module)?)?;
    module.add_function(wrap_pyfunction!(index::diag, module)?)?;
    module.add_function(wrap_pyfunction!(index::diagonal, module)?)?;
    module.add_function(wrap_pyfunction!(index::triu, module)?)?;
    module.add_function(wrap_pyfunction!(index::tril, module)?)?;
    module.add_function(wrap_pyfunction!(index::tri, module)?)?;
    module.add_function(wrap_pyfunction!(index::putmask, module)?)?;
    module.add_function(wrap_pyfunction!(index::masked_fill, module)?)?;
    module.add_function(wrap_pyfunction!(index::triu_fill, module)?)?;
    module.add_function(wrap_pyfunction!(index::tril_fill, module)?)?;
    module.add_function(wrap_pyfunction!(memory::shares_memory, module)?)?;
    module.add_function(wrap_pyfunction!(memory::may_share_memory, module)?)?;
    module.add_function(wrap_pyfunction!(normalize::zscore, module)?)?;
    module.add_function(wrap_pyfunction!(distance::cdist, module)?)?;
    module.add_class::<random::PyRandomState>()?;
    Ok(())
}
