"""numvec.zscore against NumPy's `(X - X.mean(axis)) / X.std(axis)`."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import arrays

import numvec as nv


def numpy_zscore(x, axis, ddof):
    """The seed's rule on NumPy's formula: a std of 0 becomes 1."""
    with np.errstate(all="ignore"):
        std = np.asarray(x.std(axis=axis, ddof=ddof, keepdims=True))
        std[std == 0] = 1.0
        return (x - x.mean(axis=axis, keepdims=True)) / std


def exact_zscore(x, axis, ddof):
    """The same in extended precision (x87 long double where available)."""
    return numpy_zscore(x.astype(np.longdouble), axis, ddof)


@st.composite
def inputs(draw, dtypes=(np.float64, np.float32, np.int64, np.int32, np.bool_)):
    x = draw(arrays(dtypes=list(dtypes), min_dims=1, max_dims=3))
    axis = draw(st.integers(-x.ndim, x.ndim - 1))
    return x, axis, draw(st.integers(0, 2))


def close(actual, expected, rtol):
    scale = np.maximum(np.abs(expected), 1.0)
    both_nan = np.isnan(actual) & np.isnan(expected)
    return both_nan | (np.abs(actual - expected) <= rtol * scale) | (actual == expected)


@given(case=inputs())
@settings(max_examples=400, deadline=None)
def test_zscore_matches_numpy(case):
    x, axis, ddof = case
    expected = numpy_zscore(x, axis, ddof)
    actual = nv.zscore(x, axis=axis, ddof=ddof)
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    rtol = 1e-4 if x.dtype == np.float32 else 1e-12
    # Inputs with inf or huge spreads make NumPy's own formula inexact.
    finite = np.isfinite(np.asarray(x, dtype=np.float64)).all()
    if x.size and finite and np.abs(np.asarray(x, dtype=np.float64)).max() < 1e3:
        # Where the spread is within rounding of the mean, NumPy's formula
        # divides rounding noise by rounding noise (a constant lane of 410.44
        # gives 1.0); numvec's exact constant lanes give 0.
        values = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            spread = values.std(axis=axis, keepdims=True) > 1e-9 * (np.abs(values.mean(axis=axis, keepdims=True)) + 1)
            constant = (values == np.take(values, [0], axis=axis)).all(axis=axis, keepdims=True)
        spread, constant = np.broadcast_to(spread, x.shape), np.broadcast_to(constant, x.shape)
        assert close(actual[spread], expected[spread], rtol).all(), (actual, expected)
        assert (actual[constant & ~np.isnan(actual)] == 0).all()
    else:
        assert (np.isnan(actual) == np.isnan(expected)).all() or not finite


@given(
    x=hnp.arrays(np.float64, st.tuples(st.integers(2, 200), st.integers(1, 5)), elements=st.floats(-3, 3)),
    offset=st.sampled_from([1e6, -1e6, 1e3]),
    ddof=st.integers(0, 1),
)
@settings(max_examples=200, deadline=None)
def test_large_offsets_stay_within_1e_12_of_the_exact_result(x, offset, ddof):
    """With an offset, NumPy's own float64 formula is off by ~1e-10 (the
    mean's rounding); numvec stays within 1e-12 of the exact z-scores."""
    x = x + offset
    actual = nv.zscore(x, axis=0, ddof=ddof)
    # z-scores do not depend on a shift, and `x - offset` is exact here.
    exact = exact_zscore(x - offset, 0, ddof)
    spread = x.std(axis=0) > 1e-3
    if np.finfo(np.longdouble).eps < 1e-18:
        assert close(actual[:, spread], exact[:, spread], 1e-12).all()
    assert close(actual[:, spread], numpy_zscore(x, 0, ddof)[:, spread], 1e-6).all()


def test_zero_variance_lanes_are_divided_by_one():
    x = np.array([[2.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(nv.zscore(x), [[0.0, -1.0], [0.0, 1.0]])


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_out_is_the_input_normalizes_in_place(order, axis):
    x = np.asarray(np.random.RandomState(0).randn(50, 7) * 3 + 10, order=order)
    expected = numpy_zscore(x, axis, 0)
    result = nv.zscore(x, axis=axis, out=x)
    assert result is x
    np.testing.assert_allclose(x, expected, rtol=1e-12, atol=1e-12)


def test_out_overlapping_the_input_equals_a_copied_input():
    base = np.random.RandomState(1).randn(40)
    for source, target in [(slice(0, 30), slice(10, 40)), (slice(None, None, -1), slice(None)), (slice(1, 40), slice(0, 39))]:
        x = base.copy()
        expected = nv.zscore(x[source].copy())
        nv.zscore(x[source], out=x[target])
        np.testing.assert_array_equal(x[target], expected)


def test_the_seeds_in_place_normalization():
    X = np.random.randn(100, 10).copy()
    X_id = id(X)
    result = nv.zscore(X, axis=0, out=X)
    assert id(result) == X_id
    assert np.allclose(X.mean(axis=0), 0, atol=1e-10)


def test_bad_arguments_raise_numpys_exceptions():
    x = np.ones((3, 4))
    with pytest.raises(np.exceptions.AxisError):
        nv.zscore(x, axis=2)
    with pytest.raises(ValueError, match="dtype"):
        nv.zscore(x, out=np.zeros((3, 4), np.float32))
    with pytest.raises(ValueError):
        nv.zscore(x, out=np.zeros((4, 3)))
    readonly = np.zeros((3, 4))
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        nv.zscore(x, out=readonly)
