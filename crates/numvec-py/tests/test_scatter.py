"""numvec's ufunc.at scatters (add_at & co) against NumPy's np.<ufunc>.at."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from oracle import numpy_result
from strategies import FLOAT_DTYPES, elements, layouts

import numvec as nv

UFUNCS = {
    "add_at": np.add,
    "subtract_at": np.subtract,
    "multiply_at": np.multiply,
    "maximum_at": np.maximum,
    "minimum_at": np.minimum,
}
NUMERIC = [np.int32, np.int64, np.float32, np.float64]


@st.composite
def scatter_case(draw):
    """A target, an index (one integer array, or a tuple of integer arrays,
    ints and slices) with many duplicates and negative values, and a `b`
    that broadcasts to the selection (sometimes not)."""
    dtype = np.dtype(draw(st.sampled_from(NUMERIC)))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    a = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    n = shape[0]
    count = draw(st.integers(0, 12))
    rows = draw(hnp.arrays(np.int64, (count,), elements=st.integers(-n - (draw(st.integers(0, 19)) == 0), n - 1)))
    form = draw(st.sampled_from(["array", "tuple_slice", "tuple_arrays"]))
    if form == "array" or len(shape) == 1:
        key = rows
    elif form == "tuple_slice":
        key = (rows, slice(None, None, draw(st.sampled_from([1, -1, 2]))))
    else:
        cols = draw(hnp.arrays(np.int64, (count,), elements=st.integers(-shape[1], shape[1] - 1)))
        key = (rows, cols)
    selected, error = numpy_result(lambda: a[key])
    sel_shape = selected.shape if error is None else (count,)
    suffix = list(sel_shape[len(sel_shape) - draw(st.integers(0, len(sel_shape))) :])
    suffix = [1 if draw(st.integers(0, 3)) == 0 else k for k in suffix]
    if draw(st.integers(0, 14)) == 0:
        suffix = [k + 1 for k in suffix] or [2]
    b = draw(hnp.arrays(dtype, tuple(suffix), elements=elements(dtype)))
    return a, key, draw(layouts(b)) if b.ndim else b


@settings(max_examples=300)
@given(st.sampled_from(sorted(UFUNCS)), scatter_case())
def test_at_matches_numpy(name, case):
    a, key, b = case
    expected = a.copy()
    _, error = numpy_result(UFUNCS[name].at, expected, key, b)
    actual = a.copy()
    if error is not None:
        with pytest.raises(type(error)):
            getattr(nv, name)(actual, key, b)
        np.testing.assert_array_equal(actual, a)  # unchanged on error
        return
    getattr(nv, name)(actual, key, b)
    np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_add_at_large_with_duplicates_is_exact(dtype):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((300, 7)).astype(dtype)
    idx = rng.integers(-300, 300, 20000)
    b = (rng.standard_normal((20000, 7)) * 1e3).astype(dtype)
    expected = a.copy()
    np.add.at(expected, idx, b)
    nv.add_at(a, idx, b)
    np.testing.assert_array_equal(a, expected)


def test_scalar_updates_into_bins_are_exact():
    rng = np.random.default_rng(7)
    bins = np.zeros(100)
    idx = rng.integers(0, 100, 50000)
    w = rng.standard_normal(50000)
    expected = bins.copy()
    np.add.at(expected, idx, w)
    nv.add_at(bins, idx, w)
    np.testing.assert_array_equal(bins, expected)
    np.testing.assert_array_equal(nv.getitem(bins, slice(None)), expected)


def test_out_of_bounds_leaves_target_unchanged():
    a = np.zeros(3)
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3"):
        nv.add_at(a, [0, 1, 5], 1.0)
    assert not a.any()


def test_casting_follows_numpy():
    with pytest.raises(TypeError):
        nv.add_at(np.zeros(3, dtype=np.int64), [0], 1.5)
    a = np.zeros(3, dtype=np.float32)
    nv.add_at(a, [0, 0], 1)
    np.testing.assert_array_equal(a, [2, 0, 0])


@pytest.mark.parametrize("layout", ["c", "fortran", "reversed", "strided"])
def test_long_rows_split_among_threads_are_exact(layout):
    """Rows long enough for the target to be split among threads, with rows
    that straddle the split when the target is not C-contiguous."""
    rng = np.random.default_rng(11)
    base = rng.standard_normal((200, 40))
    a = {
        "c": base[:, :24],
        "fortran": np.asfortranarray(base[:, :24]),
        "reversed": base[::-1, ::-1],
        "strided": base[::2, ::2],
    }[layout]
    idx = rng.integers(-a.shape[0], a.shape[0], 3000)
    b = rng.standard_normal((3000, a.shape[1])) * 1e3
    expected = a.copy()
    np.add.at(expected, idx, b)
    nv.add_at(a, idx, b)
    np.testing.assert_array_equal(a, expected)


@pytest.mark.parametrize("bad", [2**62, -(2**62), 1000, -1001, np.iinfo(np.int64).max, np.iinfo(np.int64).min])
def test_first_out_of_bounds_index_is_reported(bad):
    idx = np.zeros(100_000, dtype=np.int64)
    idx[70_000] = bad
    idx[90_000] = 5000
    a = np.zeros(1000)
    with pytest.raises(IndexError, match=f"index {bad} is out of bounds for axis 0 with size 1000"):
        nv.add_at(a, idx, 1.0)
    with pytest.raises(IndexError, match=f"index {bad} is out of bounds for axis 0 with size 1000"):
        nv.getitem(a, idx)
    assert not a.any()
