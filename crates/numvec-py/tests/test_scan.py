"""numvec's scans and window statistics against NumPy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view
from oracle import assert_matches_numpy, numpy_result
from strategies import DTYPES, FLOAT_DTYPES, arrays

import numvec as nv


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@given(x=arrays(), axis_choice=st.integers(-5, 5), flatten=st.booleans())
def test_scans_match_numpy(name, x, axis_choice, flatten):
    axis = None if flatten else axis_choice
    assert_matches_numpy(getattr(nv, name), getattr(np, name), x, axis=axis)


def test_int32_accumulates_in_int64_and_overflow_wraps():
    x = np.full(3, 2**31 - 1, dtype=np.int32)
    result = nv.cumsum(x)
    assert result.dtype == np.int64
    np.testing.assert_array_equal(result, np.cumsum(x))
    big = np.full(70, 2, dtype=np.int64)
    np.testing.assert_array_equal(nv.cumprod(big), np.cumprod(big))


def window_reference(func, x, w, axis):
    windows = sliding_window_view(x.astype(np.float64) if func == "mean" and x.dtype.kind != "f" else x, w, axis=axis)
    with np.errstate(all="ignore"):
        return getattr(np, func)(windows, axis=-1)


@pytest.mark.parametrize("func", ["sum", "mean"])
@given(x=arrays(DTYPES, min_dims=1, max_dims=3), w=st.integers(0, 8), axis=st.integers(-3, 2))
def test_windows_match_sliding_window_view(func, x, w, axis):
    nv_func = getattr(nv, f"window_{func}")
    if not -x.ndim <= axis < x.ndim:
        with pytest.raises(np.exceptions.AxisError):
            nv_func(x, w, axis=axis)
        return
    n = x.shape[axis]
    if w == 0 or w > n:
        with pytest.raises(ValueError, match="w"):
            nv_func(x, w, axis=axis)
        return
    expected = window_reference(func, x, w, axis)
    actual = nv_func(x, w, axis=axis)
    if func == "sum" and x.dtype.kind != "f":
        expected = expected.astype(np.int64)
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    if x.dtype.kind != "f":
        np.testing.assert_allclose(actual, expected, rtol=1e-12)
        return
    rtol = 1e-5 if x.dtype == np.float32 else 1e-12
    scale = np.max(np.abs(x[np.isfinite(x)]), initial=0.0)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * scale * w, equal_nan=True)


def test_window_mean_is_accurate_where_the_cumsum_trick_is_not():
    rng = np.random.default_rng(0)
    x = 1e8 + rng.standard_normal(100_000)
    w = 10
    exact = sliding_window_view(x - 1e8, w).mean(axis=-1) + 1e8
    assert np.max(np.abs(nv.window_mean(x, w) - exact)) < 1e-6


@given(a=arrays(max_dims=2), b=arrays(max_dims=2))
def test_outer_matches_numpy(a, b):
    assert_matches_numpy(nv.outer, np.outer, a, b)


def onehot_reference(x, axis):
    result = np.zeros_like(x)
    np.put_along_axis(result, np.expand_dims(np.argmax(x, axis=axis), axis), 1, axis=axis)
    return result


@given(x=arrays(min_dims=1), axis=st.integers(-4, 3))
def test_argmax_onehot_matches_the_seed_solution(x, axis):
    assert_matches_numpy(nv.argmax_onehot, onehot_reference, x, axis=axis)


@pytest.mark.parametrize("name", ["isclose", "allclose"])
@given(a=arrays(max_dims=2, max_side=4), b=arrays(max_dims=2, max_side=4), equal_nan=st.booleans(),
       rtol=st.sampled_from([1e-5, 0.0, 0.5]), atol=st.sampled_from([1e-8, 0.0, 1.0]))
def test_closeness_matches_numpy(name, a, b, equal_nan, rtol, atol):
    assert_matches_numpy(getattr(nv, name), getattr(np, name), a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


@given(a=arrays(max_dims=2, max_side=3), b=arrays(max_dims=2, max_side=3), equal_nan=st.booleans())
def test_array_equal_matches_numpy(a, b, equal_nan):
    expected, error = numpy_result(np.array_equal, a, b, equal_nan=equal_nan)
    assert error is None
    assert nv.array_equal(a, b, equal_nan=equal_nan) == expected
    assert nv.array_equal(a, a.copy(), equal_nan=True)
