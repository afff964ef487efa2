"""numvec.random against numpy.random's legacy RandomState, bit for bit."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numvec as nv

SEEDS = st.one_of(st.sampled_from([0, 1, 42, 12345, 2**32 - 1]), st.integers(0, 2**32 - 1))
SIZES = st.one_of(st.none(), st.integers(0, 50), st.tuples(st.integers(0, 6), st.integers(0, 6)))
CALLS = st.one_of(
    st.tuples(st.just("random_sample"), st.tuples(SIZES)),
    st.tuples(st.just("standard_normal"), st.tuples(SIZES)),
    st.tuples(st.just("normal"), st.tuples(st.floats(-5, 5), st.floats(0, 5), SIZES)),
    st.tuples(st.just("uniform"), st.tuples(st.floats(-5, 5), st.floats(-5, 5), SIZES)),
    st.tuples(
        st.just("randint"),
        st.tuples(st.integers(-(2**40), 0), st.integers(1, 2**40), SIZES),
    ),
    st.tuples(st.just("randint"), st.tuples(st.integers(-3, 0), st.integers(1, 1000), SIZES)),
    st.tuples(st.just("permutation"), st.tuples(st.integers(0, 30))),
)


def assert_identical(actual, expected):
    """Same type, dtype, shape and bits."""
    assert type(actual) is type(expected)
    if isinstance(expected, np.ndarray):
        assert actual.dtype == expected.dtype and actual.shape == expected.shape
        np.testing.assert_array_equal(actual.view(np.uint8), expected.view(np.uint8))
    else:
        assert actual == expected or (actual != actual and expected != expected)


@settings(max_examples=200)
@given(seed=SEEDS, calls=st.lists(CALLS, min_size=1, max_size=8))
def test_interleaved_draws_equal_numpys(seed, calls):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    for method, args in calls:
        assert_identical(getattr(ours, method)(*args), getattr(theirs, method)(*args))


@given(seed=SEEDS, dims=st.lists(st.integers(0, 5), max_size=3))
def test_rand_and_randn_take_dimensions(seed, dims):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    assert_identical(ours.rand(*dims), theirs.rand(*dims))
    assert_identical(ours.randn(*dims), theirs.randn(*dims))


def test_module_functions_share_one_seeded_stream():
    nv.random.seed(42)
    np.random.seed(42)
    for _ in range(3):
        assert_identical(nv.random.randn(4), np.random.randn(4))
        assert_identical(nv.random.randint(0, 100, 3), np.random.randint(0, 100, 3))
        assert_identical(nv.random.rand(), np.random.rand())


def test_sequence_seeds_follow_numpy():
    assert_identical(nv.random.RandomState([1, 2, 3]).randn(5), np.random.RandomState([1, 2, 3]).randn(5))


def test_state_round_trips_through_numpy():
    theirs = np.random.RandomState(7)
    theirs.randn(3)  # leaves a cached normal
    ours = nv.random.RandomState(0)
    ours.set_state(theirs.get_state())
    assert_identical(ours.randn(5), theirs.randn(5))
    state = ours.get_state()
    expected = theirs.get_state()
    assert state[0] == expected[0] and state[2:] == expected[2:]
    np.testing.assert_array_equal(state[1], expected[1])


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_seeds_out_of_range_raise_value_error(seed):
    with pytest.raises(ValueError, match="Seed must be between 0 and 2\\*\\*32 - 1"):
        nv.random.RandomState(seed)


def test_bad_arguments_raise_numpys_errors():
    rs = nv.random.RandomState(0)
    with pytest.raises(ValueError, match="low >= high"):
        rs.randint(5, 5, size=3)
    with pytest.raises(ValueError, match="scale < 0"):
        rs.normal(0.0, -1.0, size=3)
