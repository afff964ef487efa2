"""numvec's indexing (getitem, setitem) against NumPy's a[key] and a[key] = value."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from oracle import assert_matches_numpy, assert_same, numpy_result
from strategies import arrays, elements

import numvec as nv


@st.composite
def int_arrays(draw, size):
    """An integer index array (or nested list) for an axis of length `size`,
    with negative and occasionally out-of-bounds values."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=3))
    values = st.integers(-size - 1, size) if draw(st.integers(0, 9)) == 0 else st.integers(-size, max(size - 1, -size))
    if size == 0:
        values = st.integers(-1, 0)
    array = draw(hnp.arrays(draw(st.sampled_from([np.int64, np.int32, np.intp])), shape, elements=values))
    return array.tolist() if draw(st.booleans()) else array


@st.composite
def bool_arrays(draw, shape):
    """A boolean mask over the next axes (`shape`), occasionally of the wrong shape."""
    if draw(st.integers(0, 9)) == 0:
        shape = tuple(n + 1 for n in shape)
    return draw(hnp.arrays(np.bool_, shape))


@st.composite
def keys(draw, shape):
    """An index key for an array of `shape`: ints, slices (any step), None,
    Ellipsis, integer arrays and boolean arrays, in any combination, with
    occasional mistakes (too many indices, out of bounds, two ellipses)."""
    ndim = len(shape)
    items = []
    axis = 0
    has_ellipsis = False
    for _ in range(draw(st.integers(0, ndim + 2))):
        n = shape[axis] if axis < ndim else 1
        kind = draw(st.sampled_from(["int", "slice", "none", "ellipsis", "ints", "bools", "scalar_bool"]))
        if kind == "int":
            bound = n + 1 if draw(st.integers(0, 9)) == 0 else max(n - 1, 0)
            items.append(draw(st.integers(-bound - (bound == n + 1), bound)))
            axis += 1
        elif kind == "slice":
            bound = st.one_of(st.none(), st.integers(-n - 2, n + 2))
            step = st.one_of(st.none(), st.sampled_from([1, 2, 3, -1, -2, -3]))
            items.append(slice(draw(bound), draw(bound), draw(step)))
            axis += 1
        elif kind == "none":
            items.append(None)
        elif kind == "ellipsis":
            if has_ellipsis and draw(st.integers(0, 4)) > 0:
                continue
            items.append(Ellipsis)
            has_ellipsis = True
        elif kind == "ints":
            items.append(draw(int_arrays(n)))
            axis += 1
        elif kind == "bools":
            k = draw(st.integers(1, 2))
            items.append(draw(bool_arrays(tuple(shape[axis : axis + k]) if axis + k <= ndim else (1,) * k)))
            axis += k
        else:
            items.append(draw(st.booleans()))
        if axis > ndim and draw(st.integers(0, 4)) > 0:
            break
    if len(items) == 1 and draw(st.booleans()):
        return items[0]
    return tuple(items)


@st.composite
def array_and_key(draw):
    a = draw(arrays(max_dims=4, max_side=5))
    return a, draw(keys(a.shape))


def np_getitem(a, key):
    return a[key]


@settings(max_examples=600)
@given(array_and_key())
def test_getitem_matches_numpy(case):
    a, key = case
    expected, error = numpy_result(np_getitem, a, key)
    if error is not None:
        with pytest.raises(type(error)):
            nv.getitem(a, key)
        return
    actual = nv.getitem(a, key)
    assert_same(actual, expected)


def np_setitem(a, key, value):
    a[key] = value


@st.composite
def setitem_case(draw):
    a, key = draw(array_and_key())
    expected, error = numpy_result(np_getitem, a, key)
    shape = np.shape(expected) if error is None else draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
    # Broadcastable values: a suffix of the selection's shape with some axes
    # of length 1, occasionally a mismatch.
    suffix = list(shape[len(shape) - draw(st.integers(0, len(shape))) :])
    suffix = [1 if draw(st.integers(0, 3)) == 0 else n for n in suffix]
    if draw(st.integers(0, 9)) == 0:
        suffix = [n + 1 for n in suffix] or [2]
    value = draw(hnp.arrays(a.dtype, tuple(suffix), elements=elements(a.dtype)))
    return a, key, value


@settings(max_examples=600)
@given(setitem_case())
def test_setitem_matches_numpy(case):
    a, key, value = case
    expected = a.copy()
    _, error = numpy_result(np_setitem, expected, key, value)
    actual = a.copy()
    if error is not None:
        with pytest.raises(type(error)):
            nv.setitem(actual, key, value)
        np.testing.assert_array_equal(actual, a)  # nothing written on error
        return
    nv.setitem(actual, key, value)
    assert_same(actual, expected)


def test_setitem_last_write_wins_and_casts():
    a = np.zeros(4, dtype=np.int64)
    nv.setitem(a, [1, 1, 3, 1], np.array([5, 6, 7, 8]))
    np.testing.assert_array_equal(a, [0, 8, 0, 7])
    nv.setitem(a, slice(None), 2.7)
    np.testing.assert_array_equal(a, [2, 2, 2, 2])


def test_setitem_value_overlapping_target():
    a = np.arange(6.0)
    expected = a.copy()
    expected[[0, 1, 2]] = expected[::-1][:3]
    nv.setitem(a, [0, 1, 2], a[::-1][:3])
    np.testing.assert_array_equal(a, expected)


@pytest.mark.parametrize(
    "key, error, message",
    [
        (5, IndexError, "index 5 is out of bounds for axis 0 with size 3"),
        ((0, 0, 0), IndexError, "too many indices for array: array is 2-dimensional, but 3 were indexed"),
        ((Ellipsis, Ellipsis), IndexError, "an index can only have a single ellipsis ('...')"),
        (np.array([0.5]), IndexError, "arrays used as indices must be of integer (or boolean) type"),
        (1.5, IndexError, "only integers, slices"),
        (np.array([True, False]), IndexError, "boolean index did not match indexed array along axis 0"),
        (([0, 1], [0, 1, 2]), IndexError, "shape mismatch: indexing arrays could not be broadcast together"),
        (slice(None, None, 0), ValueError, "slice step cannot be zero"),
    ],
)
def test_index_errors_match_numpy(key, error, message):
    a = np.zeros((3, 4))
    with pytest.raises(error, match=None) as raised:
        nv.getitem(a, key)
    assert message in str(raised.value)


def test_value_that_does_not_broadcast():
    a = np.zeros((3, 4))
    with pytest.raises(ValueError, match="could not be broadcast to indexing result of shape"):
        nv.setitem(a, [0, 1], np.ones(3))
    assert not a.any()


def test_getitem_keeps_numpy_scalar_and_0d_rules():
    a = np.arange(6.0).reshape(2, 3)
    assert_matches_numpy(nv.getitem, np_getitem, a, (1, 2))
    assert_matches_numpy(nv.getitem, np_getitem, a, (1, 2, Ellipsis))
    assert_matches_numpy(nv.getitem, np_getitem, np.float64(3.0) * np.ones(()), ())


def test_large_broadcast_integer_arrays_gather_in_parallel():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3000, 50))
    rows = rng.integers(-3000, 3000, (4000, 1))
    cols = rng.integers(-50, 50, (1, 12))
    np.testing.assert_array_equal(nv.getitem(x, (rows, cols)), x[rows, cols])
    np.testing.assert_array_equal(nv.getitem(x[::-1, ::3], (rows[:, 0] // 2, 5)), x[::-1, ::3][rows[:, 0] // 2, 5])
