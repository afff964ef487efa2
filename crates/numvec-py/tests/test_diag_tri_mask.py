"""numvec's diag, diagonal, triu/tril/tri, putmask, masked_fill and the
triangle fills against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from oracle import assert_matches_numpy, numpy_result
from strategies import DTYPES, arrays

import numvec as nv

offsets = st.integers(-7, 7)


@settings(max_examples=200)
@given(arrays(min_dims=0, max_dims=3, max_side=6), offsets)
def test_diag_matches_numpy(v, k):
    assert_matches_numpy(nv.diag, np.diag, v, k)


@settings(max_examples=300)
@given(arrays(min_dims=0, max_dims=4, max_side=5), offsets, st.integers(-5, 4), st.integers(-5, 4))
def test_diagonal_matches_numpy(a, offset, axis1, axis2):
    expected, error = numpy_result(np.diagonal, a, offset, axis1, axis2)
    if error is not None:
        with pytest.raises(type(error)):
            nv.diagonal(a, offset, axis1, axis2)
        return
    actual = nv.diagonal(a, offset, axis1, axis2)
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


@settings(max_examples=300)
@given(st.sampled_from(["triu", "tril"]), arrays(min_dims=1, max_dims=4, max_side=6), offsets)
def test_triangles_match_numpy(name, m, k):
    assert_matches_numpy(getattr(nv, name), getattr(np, name), m, k)


@given(st.integers(-1, 6), st.one_of(st.none(), st.integers(0, 6)), offsets, st.sampled_from(DTYPES + [None]))
def test_tri_matches_numpy(n, m, k, dtype):
    kwargs = {} if dtype is None else {"dtype": dtype}
    assert_matches_numpy(nv.tri, np.tri, n, m, k, **kwargs)


@settings(max_examples=200)
@given(st.sampled_from(["triu", "tril"]), arrays(dtypes=[np.float64, np.int64], min_dims=2, max_dims=4, max_side=6), offsets)
def test_triangle_fills_match_masked_assignment(name, a, k):
    a = a.copy()
    shape = a.shape[-2:]
    mask = getattr(np, name)(np.ones(shape, dtype=bool), k)
    expected = a.copy()
    expected[..., mask] = -7
    getattr(nv, f"{name}_fill")(a, -7, k)
    np.testing.assert_array_equal(a, expected)


@settings(max_examples=200)
@given(arrays(min_dims=0, max_dims=3, max_side=5), st.data())
def test_masked_fill_matches_numpy(a, data):
    a = a.copy()
    shape = data.draw(hnp.broadcastable_shapes(a.shape, max_dims=a.ndim, min_side=0))
    if data.draw(st.integers(0, 9)) == 0:
        shape = tuple(n + 2 for n in shape) or (2,)
    mask = data.draw(hnp.arrays(np.bool_, shape))
    expected = a.copy()
    _, error = numpy_result(lambda: expected.__setitem__(np.broadcast_to(mask, a.shape), 1))
    if error is not None:
        with pytest.raises(ValueError):
            nv.masked_fill(a, mask, 1)
        return
    nv.masked_fill(a, mask, 1)
    np.testing.assert_array_equal(a, expected)


@settings(max_examples=200)
@given(arrays(min_dims=0, max_dims=3, max_side=5), st.data())
def test_putmask_matches_numpy(a, data):
    a = a.copy()
    size = a.size if data.draw(st.integers(0, 9)) else a.size + 1
    mask = data.draw(hnp.arrays(np.bool_, (size,))).reshape(a.shape) if size == a.size else np.ones(size, bool)
    values = data.draw(hnp.arrays(a.dtype, (data.draw(st.integers(0, 4)),), elements=st.integers(0, 1).map(bool) if a.dtype == bool else st.integers(-5, 5)))
    expected = a.copy()
    _, error = numpy_result(np.putmask, expected, mask, values)
    if error is not None:
        with pytest.raises(type(error)):
            nv.putmask(a, mask, values)
        return
    nv.putmask(a, mask, values)
    np.testing.assert_array_equal(a, expected)


def test_large_batches_match_numpy():
    """Batches large enough for the parallel paths of diagonal and triu/tril."""
    rng = np.random.default_rng(2)
    batch = rng.standard_normal((40, 33, 31))
    b_idx, n_idx = np.arange(40)[:, None], np.arange(31)[None, :]
    np.testing.assert_array_equal(nv.diagonal(batch, 0, 1, 2), batch[b_idx, n_idx, n_idx])
    np.testing.assert_array_equal(nv.diagonal(batch[:, ::-1], -2, 2, 1), np.diagonal(batch[:, ::-1], -2, 2, 1))
    for k in (-40, -3, 0, 2, 40):
        np.testing.assert_array_equal(nv.triu(batch, k), np.triu(batch, k))
        np.testing.assert_array_equal(nv.tril(batch[:, :, ::-1], k), np.tril(batch[:, :, ::-1], k))
    np.testing.assert_array_equal(nv.triu(batch[0, 0], 1), np.triu(batch[0, 0], 1))
