"""Every numvec function with `out=`: an `out` that overlaps an input (a
shifted, reversed, strided or identical view of the same memory) gives the
result computed from copied inputs, as NumPy's does."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numvec as nv

BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum"]
COMPARISONS = ["greater", "greater_equal", "less", "less_equal", "equal", "not_equal"]
UNARY = ["negative", "abs", "sqrt", "exp", "log", "square", "relu"]


def window(draw, n, length):
    """A 1-D view of `length` elements of a buffer of `n`: a start, a step
    (possibly negative)."""
    step = draw(st.sampled_from([1, 2, -1, -2, 3]))
    span = (length - 1) * abs(step) + 1
    start = draw(st.integers(0, n - span))
    return slice(start, start + span, step) if step > 0 else slice(start + span - 1, start - 1 if start else None, step)


@st.composite
def overlapping(draw, inputs):
    """Slices of one buffer of 24 elements: `inputs` input windows and an
    output window, all of the same length, which often overlap."""
    length = draw(st.integers(1, 8))
    return length, [window(draw, 24, length) for _ in range(inputs + 1)]


def buffer(dtype, seed):
    values = np.random.RandomState(seed).uniform(0.5, 4.0, 24)
    return values.astype(dtype) if dtype != np.int64 else (values * 10).astype(np.int64)


@pytest.mark.parametrize("name", BINARY + COMPARISONS)
@given(case=overlapping(2), seed=st.integers(0, 5), dtype=st.sampled_from([np.float64, np.int64]))
@settings(max_examples=150, deadline=None)
def test_binary_out_overlapping_inputs(name, case, seed, dtype):
    _, (first, second, target) = case
    if name == "divide" and dtype == np.int64:
        dtype = np.float64
    result_dtype = bool if name in COMPARISONS else dtype
    if result_dtype is bool:
        # A bool result overlaps bool inputs.
        x = buffer(np.float64, seed) > 2
        expected = x.copy()
        getattr(np, name)(expected[first].copy(), expected[second].copy(), out=expected[target])
        getattr(nv, name)(x[first], x[second], out=x[target])
        np.testing.assert_array_equal(x, expected)
        return
    x = buffer(dtype, seed)
    expected_base = x.copy()
    getattr(np, name)(expected_base[first].copy(), expected_base[second].copy(), out=expected_base[target])
    getattr(nv, name)(x[first], x[second], out=x[target])
    np.testing.assert_array_equal(x, expected_base)


@pytest.mark.parametrize("name", UNARY)
@given(case=overlapping(1), seed=st.integers(0, 5))
@settings(max_examples=150, deadline=None)
def test_unary_out_overlapping_the_input(name, case, seed):
    _, (source, target) = case
    x = buffer(np.float64, seed)
    expected = x.copy()
    np_function = (lambda v, out: np.maximum(v, 0, out=out)) if name == "relu" else getattr(np, name)
    np_function(expected[source].copy(), out=expected[target])
    getattr(nv, name)(x[source], out=x[target])
    np.testing.assert_allclose(x, expected, rtol=1e-15 if name != "exp" else 1e-13)


@given(case=overlapping(3), seed=st.integers(0, 5))
@settings(max_examples=200, deadline=None)
def test_clip_out_overlapping_its_arguments(case, seed):
    _, (source, low, high, target) = case
    x = buffer(np.float64, seed)
    expected = x.copy()
    np.clip(expected[source].copy(), expected[low].copy(), expected[high].copy(), out=expected[target])
    nv.clip(x[source], x[low], x[high], out=x[target])
    np.testing.assert_array_equal(x, expected)


@given(case=overlapping(1), seed=st.integers(0, 5), ddof=st.integers(0, 1))
@settings(max_examples=200, deadline=None)
def test_zscore_out_overlapping_the_input(case, seed, ddof):
    _, (source, target) = case
    x = buffer(np.float64, seed)
    expected = x.copy()
    expected[target] = nv.zscore(x[source].copy(), ddof=ddof)
    nv.zscore(x[source], ddof=ddof, out=x[target])
    np.testing.assert_array_equal(x, expected)


def test_the_classic_shifted_add():
    a = np.arange(10.0)
    expected = a.copy()
    np.add(expected[1:], expected[:-1], out=expected[1:])
    nv.add(a[1:], a[:-1], out=a[1:])
    np.testing.assert_array_equal(a, expected)


def test_interleaved_views():
    x = np.arange(12.0)
    nv.add(x[::2], 1.0, out=x[1::2])
    np.testing.assert_array_equal(x[1::2], np.arange(0.0, 12.0, 2) + 1)
