"""numvec's take, take_along_axis and put_along_axis against NumPy's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from oracle import assert_matches_numpy, numpy_result
from strategies import arrays

import numvec as nv


@st.composite
def array_indices_axis(draw, same_rank=True):
    a = draw(arrays(min_dims=1, max_dims=3, max_side=5))
    axis = draw(st.one_of(st.none(), st.integers(-a.ndim - 1, a.ndim)))
    n = a.size if axis is None else (a.shape[axis] if -a.ndim <= axis < a.ndim else 1)
    if same_rank and axis is not None:
        # Other axes of length 1 or equal to the array's (broadcasting), the
        # indexed axis of any length.
        shape = [draw(st.sampled_from([1, m])) for m in a.shape]
        if -a.ndim <= axis < a.ndim:
            shape[axis] = draw(st.integers(0, 4))
        if draw(st.integers(0, 9)) == 0:
            shape = shape + [1]
    else:
        shape = draw(hnp.array_shapes(min_dims=1 if same_rank else 0, max_dims=2, min_side=0, max_side=4))
    high = max(n - 1, 0)
    values = st.integers(-n - (draw(st.integers(0, 14)) == 0), high + (draw(st.integers(0, 14)) == 0))
    indices = draw(hnp.arrays(np.int64, tuple(shape), elements=values))
    return a, indices, axis


@settings(max_examples=300)
@given(array_indices_axis(same_rank=False))
def test_take_matches_numpy(case):
    a, indices, axis = case
    assert_matches_numpy(nv.take, np.take, a, indices, axis=axis)


@settings(max_examples=300)
@given(array_indices_axis())
def test_take_along_axis_matches_numpy(case):
    a, indices, axis = case
    assert_matches_numpy(nv.take_along_axis, np.take_along_axis, a, indices, axis=axis)


@settings(max_examples=300)
@given(array_indices_axis(), st.data())
def test_put_along_axis_matches_numpy(case, data):
    a, indices, axis = case
    selected, error = numpy_result(np.take_along_axis, a, indices, axis=axis)
    shape = selected.shape if error is None else indices.shape
    value_shape = tuple(data.draw(st.sampled_from([1, n])) for n in shape[len(shape) - data.draw(st.integers(0, len(shape))) :])
    values = np.arange(int(np.prod(value_shape)), dtype=np.int64).reshape(value_shape).astype(a.dtype)
    expected = a.copy()
    _, error = numpy_result(np.put_along_axis, expected, indices, values, axis)
    actual = a.copy()
    if error is not None:
        with pytest.raises(type(error)):
            nv.put_along_axis(actual, indices, values, axis)
        np.testing.assert_array_equal(actual, a)
        return
    nv.put_along_axis(actual, indices, values, axis)
    np.testing.assert_array_equal(actual, expected)


def test_index_type_errors():
    with pytest.raises(TypeError):
        nv.take(np.arange(3), 1.5)
    with pytest.raises(IndexError, match="`indices` must be an integer array"):
        nv.take_along_axis(np.arange(3.0), np.array([0.0]), axis=0)
    with pytest.raises(ValueError, match="same number of dimensions"):
        nv.take_along_axis(np.zeros((2, 2)), np.array([0]), axis=0)
