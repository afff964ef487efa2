"""numvec's sort, argsort, partition, argpartition and top_k against NumPy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracle import assert_matches_numpy
from strategies import DTYPES, arrays

import numvec as nv


def axis_or_none(draw_axis, flatten):
    return None if flatten else draw_axis


@given(x=arrays(), axis_choice=st.integers(-4, 3), flatten=st.booleans())
def test_argsort_equals_numpys_stable_argsort(x, axis_choice, flatten):
    axis = axis_or_none(axis_choice, flatten)
    assert_matches_numpy(nv.argsort, lambda a, axis: np.argsort(a, axis=axis, kind="stable"), x, axis=axis)


@given(x=arrays(), axis_choice=st.integers(-4, 3), flatten=st.booleans())
def test_sort_equals_numpys_sort(x, axis_choice, flatten):
    # -0.0 and 0.0 are equal, so their order within a sorted lane is free.
    axis = axis_or_none(axis_choice, flatten)
    assert_matches_numpy(nv.sort, np.sort, x, axis=axis, check_zero_sign=False)


def test_sort_options_are_numpys():
    x = np.array([3.0, np.nan, -0.0, 0.0, 1.0, -0.0])
    for kind in ["quicksort", "mergesort", "heapsort", "stable", "Q"]:
        np.testing.assert_array_equal(nv.argsort(x, kind=kind), np.argsort(x, kind="stable"))
    np.testing.assert_array_equal(nv.argsort(x, stable=False), np.argsort(x, kind="stable"))
    with pytest.raises(ValueError, match="sort kind must be one of"):
        nv.sort(x, kind="bogus")
    with pytest.raises(TypeError, match="sort kind must be str"):
        nv.sort(x, kind=3)
    with pytest.raises(ValueError, match="can't be provided at the same time"):
        nv.argsort(x, kind="stable", stable=True)
    with pytest.raises(ValueError, match="no fields"):
        nv.sort(x, order="f")
    with pytest.raises(np.exceptions.AxisError):
        nv.sort(np.float64(2.0))
    np.testing.assert_array_equal(nv.argsort(np.float64(2.0), axis=None), [0])
    np.testing.assert_array_equal(nv.sort([[3, 1], [2, 0]], axis=None), [0, 1, 2, 3])


def partition_property(x, result, kth, axis):
    """Each kth position of `result` holds NumPy's sorted value there, with
    nothing greater before it and nothing smaller after it (NaN last)."""
    if axis is None:
        x, axis = x.ravel(), 0
    n = x.shape[axis]
    expected = np.sort(x, axis=axis)
    result = np.moveaxis(result, axis, -1)
    expected = np.moveaxis(expected, axis, -1)
    for k in np.atleast_1d(kth):
        k = k + n if k < 0 else k
        pivot = result[..., k : k + 1]
        np.testing.assert_array_equal(result[..., k], expected[..., k])
        before, after = result[..., :k], result[..., k + 1 :]
        if x.dtype.kind == "f":
            # NaN sorts last: nothing before a pivot may be NaN unless the pivot is.
            assert not (np.isnan(before) & ~np.isnan(pivot)).any()
            assert not ((after < pivot) & ~np.isnan(pivot)).any()
            assert not (before > pivot).any()
        else:
            assert (before <= pivot).all() and (after >= pivot).all()


@st.composite
def partition_cases(draw):
    x = draw(arrays(min_dims=1, max_dims=3, max_side=9))
    flatten = draw(st.booleans())
    axis = None if flatten else draw(st.integers(-x.ndim, x.ndim - 1))
    n = x.size if flatten else x.shape[axis]
    kth = draw(st.one_of(st.integers(-n - 1, n), st.lists(st.integers(-n - 1, n), min_size=1, max_size=3)))
    return x, kth, axis


@given(case=partition_cases())
def test_partition_and_argpartition_partition_like_numpy(case):
    x, kth, axis = case
    n = x.size if axis is None else x.shape[axis]
    in_bounds = x.size == 0 or all(-n <= k < n for k in np.atleast_1d(kth))
    if not in_bounds:
        for func in (nv.partition, nv.argpartition):
            with pytest.raises(ValueError, match=r"kth\(=-?\d+\) out of bounds"):
                func(x, kth, axis=axis)
        assert_matches_numpy(nv.partition, np.partition, x, kth, axis=axis)
        return
    values = nv.partition(x, kth, axis=axis)
    expected_values = np.partition(x, kth, axis=axis)
    assert values.dtype == expected_values.dtype and values.shape == expected_values.shape
    indices = nv.argpartition(x, kth, axis=axis)
    assert indices.dtype == np.int64 and indices.shape == expected_values.shape
    if x.size == 0:
        return
    flat = x.ravel() if axis is None else x
    along = 0 if axis is None else axis
    np.testing.assert_array_equal(np.sort(indices, axis=along), np.indices(indices.shape)[along % indices.ndim])
    partition_property(x, values, kth, axis)
    partition_property(x, np.take_along_axis(flat, indices, axis=along), kth, axis)
    for k in np.atleast_1d(kth):
        np.testing.assert_array_equal(np.take(values, k, axis=along), np.take(expected_values, k, axis=along))


def test_partition_errors_are_numpys():
    x = np.arange(3.0)
    with pytest.raises(ValueError, match=r"^kth\(=3\) out of bounds \(3\)$"):
        nv.partition(x, 3)
    with pytest.raises(ValueError, match=r"^kth\(=-1\) out of bounds \(3\)$"):
        nv.argpartition(x, -4)
    with pytest.raises(ValueError, match="Booleans unacceptable"):
        nv.partition(x, True)
    with pytest.raises(ValueError, match="Booleans unacceptable"):
        nv.argpartition(x, [False])
    with pytest.raises(TypeError, match="Partition index must be integer"):
        nv.partition(x, 1.0)
    with pytest.raises(ValueError, match="select kind must be 'introselect'"):
        nv.partition(x, 1, kind="quick")
    with pytest.raises(np.exceptions.AxisError):
        nv.argpartition(x, 1, axis=1)
    assert nv.partition(np.zeros((3, 0)), 5).shape == (3, 0)
    np.testing.assert_array_equal(nv.partition(x, np.int64(1)), np.partition(x, 1))


def top_k_reference(x, k, axis, mode, is_sorted):
    """The first k of a stable argsort that puts the best first, NaN last."""
    if axis is None:
        x, axis = x.ravel(), -1
    if mode == "largest":
        if x.dtype.kind == "b":
            key = ~x
        elif x.dtype.kind == "i":
            key = -x.astype(np.float64)
        else:
            key = -x
    else:
        key = x
    order = np.argsort(key, axis=axis, kind="stable")
    indices = np.take(order, np.arange(k), axis=axis)
    return np.take_along_axis(x, indices, axis=axis), indices


@st.composite
def top_k_cases(draw):
    x = draw(arrays(min_dims=1, max_dims=3, max_side=9))
    flatten = draw(st.booleans())
    axis = None if flatten else draw(st.integers(-x.ndim, x.ndim - 1))
    n = x.size if flatten else x.shape[axis]
    k = draw(st.sampled_from(sorted({0, min(1, n), min(2, n), n // 2, n})))
    return x, k, axis, draw(st.sampled_from(["largest", "smallest"])), draw(st.booleans())


@given(case=top_k_cases())
def test_top_k_equals_the_stable_reference(case):
    x, k, axis, mode, is_sorted = case
    values, indices = nv.top_k(x, k, axis=axis, mode=mode, sorted=is_sorted)
    expected_values, expected_indices = top_k_reference(x, k, axis, mode, is_sorted)
    assert values.dtype == x.dtype and indices.dtype == np.int64
    assert values.shape == expected_values.shape and indices.shape == expected_indices.shape
    if not is_sorted:
        # Unsorted results are the same set: put them in the reference order.
        along = -1 if axis is None else axis
        rank = np.argsort(np.argsort(expected_indices, axis=along), axis=along)
        by_index = np.sort(indices, axis=along)
        indices = np.take_along_axis(by_index, rank, axis=along)
        source = x.ravel() if axis is None else x
        values = np.take_along_axis(source, indices, axis=along)
    np.testing.assert_array_equal(indices, expected_indices)
    np.testing.assert_array_equal(values, expected_values)


def test_top_k_signature_errors_and_ties():
    x = np.array([[1.0, np.nan, 3.0, 3.0, -0.0, 0.0]])
    values, indices = nv.top_k(x, 3)
    np.testing.assert_array_equal(indices, [[2, 3, 0]])
    values, indices = nv.top_k(x, 3, mode="smallest")
    np.testing.assert_array_equal(indices, [[4, 5, 0]])
    values, indices = nv.top_k(x, 6, axis=-1, mode="smallest")
    assert indices[0, -1] == 1 and np.isnan(values[0, -1])
    values, indices = nv.top_k(x, 1, axis=0)
    np.testing.assert_array_equal(indices, np.zeros((1, 6)))
    with pytest.raises(ValueError, match="k"):
        nv.top_k(x, 7)
    with pytest.raises(ValueError, match="k"):
        nv.top_k(x, -1)
    with pytest.raises(ValueError, match="mode"):
        nv.top_k(x, 1, mode="biggest")
    with pytest.raises(np.exceptions.AxisError):
        nv.top_k(x, 1, axis=2)
    with pytest.raises(TypeError):
        nv.top_k(x, k=1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_large_inputs_take_the_parallel_paths(dtype):
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(300_000) * 50).astype(dtype)
    np.testing.assert_array_equal(nv.argsort(x), np.argsort(x, kind="stable"))
    np.testing.assert_array_equal(nv.sort(x), np.sort(x))
    grid = x.reshape(600, 500)
    values, indices = nv.top_k(grid, 5, axis=0)
    expected_values, expected_indices = top_k_reference(grid, 5, 0, "largest", True)
    np.testing.assert_array_equal(indices, expected_indices)
    np.testing.assert_array_equal(values, expected_values)
    partition_property(grid, nv.partition(grid, [-3, 250], axis=1), [-3, 250], 1)
