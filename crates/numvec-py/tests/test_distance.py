"""numvec.cdist against direct NumPy formulas (SciPy's definitions)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import numvec as nv

METRICS = ["euclidean", "sqeuclidean", "cosine", "cityblock"]
TILE_ROWS, TILE_COLS = 256, 512


def direct(a, b, metric):
    """The definition, through an (M, N, D) difference array."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    diff = a[:, None, :] - b[None, :, :]
    if metric == "euclidean":
        return np.sqrt((diff**2).sum(-1))
    if metric == "sqeuclidean":
        return (diff**2).sum(-1)
    if metric == "cityblock":
        return np.abs(diff).sum(-1)
    with np.errstate(all="ignore"):
        na, nb = np.sqrt((a**2).sum(-1)), np.sqrt((b**2).sum(-1))
        cosine = np.clip((a @ b.T) / (na[:, None] * nb[None, :]), -1, 1)
        return 1 - cosine


@st.composite
def point_sets(draw, max_rows=12):
    d = draw(st.integers(0, 6))
    m, n = draw(st.integers(0, max_rows)), draw(st.integers(0, max_rows))
    # Magnitudes whose squares neither underflow nor overflow.
    values = st.one_of(st.just(0.0), st.floats(1e-3, 100), st.floats(-100, -1e-3))
    a = draw(hnp.arrays(np.float64, (m, d), elements=values))
    b = draw(hnp.arrays(np.float64, (n, d), elements=values))
    if m and n and draw(st.booleans()):
        b[: min(m, n)] = a[: min(m, n)]  # identical points
    layout = draw(st.sampled_from(["c", "f", "reversed", "strided"]))
    if layout == "f":
        a, b = np.asfortranarray(a), np.asfortranarray(b)
    elif layout == "reversed":
        a, b = a[::-1].copy()[::-1], b[:, ::-1].copy()[:, ::-1]
    elif layout == "strided":
        a = np.repeat(a, 2, axis=0)[::2]
    return a, b


def check(a, b, metric):
    actual = nv.cdist(a, b, metric)
    expected = direct(a, b, metric)
    assert actual.shape == expected.shape and actual.dtype == np.float64
    if metric == "cosine":
        np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-12, equal_nan=True)
    else:
        np.testing.assert_allclose(actual, expected, rtol=1e-10, atol=1e-300)


@pytest.mark.parametrize("metric", METRICS)
@given(points=point_sets())
@settings(max_examples=150, deadline=None)
def test_cdist_matches_the_direct_formula(metric, points):
    a, b = points
    check(a, b, metric)
    # Identical points are exactly 0 apart (NaN for cosine of a zero vector).
    rows = min(len(a), len(b))
    if rows and (a[:rows] == b[:rows]).all() and a.shape[1]:
        diagonal = np.diagonal(nv.cdist(a, b, metric))[:rows]
        assert ((diagonal == 0) | np.isnan(diagonal)).all()


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("m", [TILE_ROWS - 1, TILE_ROWS, TILE_ROWS + 1])
@pytest.mark.parametrize("n", [TILE_COLS - 1, TILE_COLS + 1])
def test_tile_boundaries(metric, m, n):
    rng = np.random.RandomState(m + n)
    a, b = rng.randn(m, 5), rng.randn(n, 5)
    b[:3] = a[:3]
    check(a, b, metric)
    assert (np.diagonal(nv.cdist(a[:3], b[:3], metric)) == 0).all()


def test_large_offsets_and_near_points_keep_relative_accuracy():
    rng = np.random.RandomState(0)
    a = 1e4 + rng.randn(300, 16)
    b = np.vstack([a[:100] + 1e-6 * rng.randn(100, 16), 1e4 + rng.randn(200, 16)])
    np.testing.assert_allclose(nv.cdist(a, b), direct(a, b, "euclidean"), rtol=1e-10)
    np.testing.assert_allclose(nv.cdist(a, b, "cosine"), direct(a, b, "cosine"), rtol=1e-6, atol=1e-15)


def test_out_receives_the_distances_and_may_overlap_the_inputs():
    rng = np.random.RandomState(1)
    a, b = rng.randn(6, 3), rng.randn(4, 3)
    out = np.empty((6, 4))
    assert nv.cdist(a, b, out=out) is out
    np.testing.assert_allclose(out, direct(a, b, "euclidean"), rtol=1e-12)
    buffer = rng.randn(6, 6)
    expected = direct(buffer[:, :2].copy(), buffer[:3, :2].copy(), "sqeuclidean")
    nv.cdist(buffer[:, :2], buffer[:3, :2], "sqeuclidean", out=buffer[:, 3:])
    np.testing.assert_allclose(buffer[:, 3:], expected, rtol=1e-12)


def test_the_seeds_chunked_distance_check():
    np.random.seed(42)
    A, B = np.random.randn(500, 64), np.random.randn(300, 64)
    A_sq = np.sum(A**2, axis=1, keepdims=True)
    B_sq = np.sum(B**2, axis=1, keepdims=True)
    dist_full = np.sqrt(np.maximum(A_sq + B_sq.T - 2 * A @ B.T, 0))
    assert np.allclose(nv.cdist(A, B), dist_full, atol=1e-6)


def test_errors_are_value_errors():
    a, b = np.ones((3, 2)), np.ones((4, 3))
    with pytest.raises(ValueError, match="same number of columns"):
        nv.cdist(a, b)
    with pytest.raises(ValueError, match="Unknown Distance Metric: chebyshevv"):
        nv.cdist(a, a, "chebyshevv")
    with pytest.raises(ValueError, match="2-dimensional"):
        nv.cdist(np.ones(3), a)
    with pytest.raises(ValueError, match="incorrect shape"):
        nv.cdist(a, a, out=np.empty((3, 4)))
    with pytest.raises(ValueError, match="double"):
        nv.cdist(a, a, out=np.empty((3, 3), np.float32))
    readonly = np.zeros((3, 3))
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        nv.cdist(a, a, out=readonly)
    untouched = np.full((3, 4), 7.0)
    with pytest.raises(ValueError):
        nv.cdist(a, np.ones((4, 3)), out=untouched)
    assert (untouched == 7.0).all()
