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
    st.tuples(st.just("randint"), st.tuples(st.integers(-(2**31), 0), st.integers(1, 2**31), SIZES, st.just(np.int32))),
    st.tuples(st.just("randint"), st.tuples(st.integers(-3, 0), st.integers(1, 9), SIZES, st.sampled_from([int, np.int64, "i4"]))),
    st.tuples(st.just("permutation"), st.tuples(st.integers(-2, 30))),
    st.tuples(st.just("choice"), st.tuples(st.integers(1, 20), SIZES)),
)


def raw_bytes(a):
    """The bytes of ``a``'s elements in C order."""
    return np.ascontiguousarray(a).view(np.uint8)


def assert_identical(actual, expected):
    """Same type, dtype, shape and bits."""
    assert type(actual) is type(expected)
    if isinstance(expected, np.ndarray):
        assert actual.dtype == expected.dtype and actual.shape == expected.shape
        np.testing.assert_array_equal(raw_bytes(actual), raw_bytes(expected))
    else:
        assert actual == expected or (actual != actual and expected != expected)


@settings(max_examples=200)
@given(seed=SEEDS, calls=st.lists(CALLS, min_size=1, max_size=8))
def test_interleaved_draws_equal_numpys(seed, calls):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    for method, args in calls:
        assert_identical(getattr(ours, method)(*args), getattr(theirs, method)(*args))


@pytest.mark.parametrize("seed", [0, 1, 42, 12345, 2**32 - 1])
def test_first_ten_thousand_outputs_of_every_method_equal_numpys(seed):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    draws = [
        lambda r: r.rand(10_000),
        lambda r: r.randn(10_000),
        lambda r: r.normal(3.0, 2.0, 10_000),
        lambda r: r.uniform(-2.0, 5.0, 10_000),
        lambda r: r.randint(0, 1000, 10_000),
        lambda r: r.randint(-(2**40), 2**40, 10_000),
        lambda r: r.randint(-100, 100, 10_000, dtype=np.int32),
        lambda r: r.permutation(10_000),
        lambda r: r.choice(1000, 10_000),
        lambda r: r.choice(10_000, 5000, replace=False),
        lambda r: r.choice(4, 10_000, p=[0.1, 0.2, 0.3, 0.4]),
    ]
    for draw in draws:  # one stream, interleaved
        assert_identical(draw(ours), draw(theirs))
    x, y = np.arange(10_000.0), np.arange(10_000.0)
    ours.shuffle(x)
    theirs.shuffle(y)
    assert_identical(x, y)


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


POPULATIONS = st.one_of(
    st.integers(1, 30),
    st.lists(st.floats(allow_nan=False), min_size=1, max_size=30),
    st.lists(st.text(max_size=3), min_size=1, max_size=30),
)


@st.composite
def choice_calls(draw):
    """choice(a, size, replace, p) arguments NumPy accepts."""
    a = draw(POPULATIONS)
    n = a if isinstance(a, int) else len(a)
    replace = draw(st.booleans())
    max_size = 40 if replace else n
    size = draw(st.one_of(st.none(), st.integers(0, max_size), st.tuples(st.integers(1, 2), st.integers(0, max_size // 2))))
    p = None
    if draw(st.booleans()):
        weights = np.array(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), dtype=float)
        weights[draw(st.integers(0, n - 1))] += 1.0
        if not replace:
            weights[weights == 0] = 0.5  # enough non-zero entries for any size
        p = weights / weights.sum()
    return a, size, replace, p


@settings(max_examples=200)
@given(seed=SEEDS, call=choice_calls())
def test_choice_equals_numpys(seed, call):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    assert_identical(ours.choice(*call), theirs.choice(*call))
    assert_identical(ours.rand(3), theirs.rand(3))


ARRAYS = st.sampled_from([
    lambda: np.arange(24.0).reshape(6, 4),
    lambda: np.arange(24, dtype=np.int32)[::-2],
    lambda: np.arange(30, dtype=np.int64).reshape(5, 6)[:, ::2],
    lambda: np.arange(10) % 3 == 0,
    lambda: np.arange(12, dtype=np.float32).reshape(3, 2, 2),
    lambda: np.arange(8, dtype=np.uint8),
    lambda: np.arange(10) + 1j,
    lambda: np.array(list("abcdefg")),
    lambda: np.arange(10.0).astype(">f8"),
    lambda: np.zeros((0, 3)),
    lambda: np.arange(1.0),
])


@given(seed=SEEDS, make=ARRAYS)
def test_shuffle_equals_numpys_on_arrays_of_any_dtype_and_strides(seed, make):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    x, y = make(), make()
    assert ours.shuffle(x) is None
    theirs.shuffle(y)
    assert_identical(x, y)
    assert_identical(ours.randn(3), theirs.randn(3))


@given(seed=SEEDS, make=ARRAYS)
def test_permutation_of_an_array_is_a_shuffled_copy(seed, make):
    ours, theirs = nv.random.RandomState(seed), np.random.RandomState(seed)
    x = make()
    before = x.copy()
    assert_identical(ours.permutation(x), theirs.permutation(x))
    assert_identical(x, before)


@given(seed=SEEDS, items=st.lists(st.integers(), max_size=30))
def test_shuffle_of_a_list_equals_numpys(seed, items):
    ours, theirs = list(items), list(items)
    nv.random.RandomState(seed).shuffle(ours)
    np.random.RandomState(seed).shuffle(theirs)
    assert ours == theirs


def test_module_shuffle_and_choice_use_the_global_stream():
    nv.random.seed(3)
    np.random.seed(3)
    x, y = np.arange(10), np.arange(10)
    nv.random.shuffle(x)
    np.random.shuffle(y)
    assert_identical(x, y)
    assert_identical(nv.random.choice(5, 4), np.random.choice(5, 4))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda r: r.choice(0), ValueError, "a must be greater than 0 unless no samples are taken"),
        (lambda r: r.choice(-3, 2), ValueError, "a must be greater than 0 unless no samples are taken"),
        (lambda r: r.choice([]), ValueError, "'a' cannot be empty unless no samples are taken"),
        (lambda r: r.choice([[1, 2]]), ValueError, "a must be 1-dimensional"),
        (lambda r: r.choice(2.5), ValueError, "a must be 1-dimensional or an integer"),
        (lambda r: r.choice(3, 5, replace=False), ValueError, "Cannot take a larger sample than population"),
        (lambda r: r.choice(3, 2, p=[0.5, 0.5]), ValueError, "'a' and 'p' must have same size"),
        (lambda r: r.choice(3, 2, p=[[0.2, 0.3, 0.5]]), ValueError, "'p' must be 1-dimensional"),
        (lambda r: r.choice(3, 2, p=[0.5, 0.6, 0.1]), ValueError, "probabilities do not sum to 1"),
        (lambda r: r.choice(3, 2, p=[0.5, 0.6, -0.1]), ValueError, "probabilities are not non-negative"),
        (lambda r: r.shuffle(np.array(5.0)), TypeError, "len"),
        (lambda r: r.shuffle((1, 2, 3)), TypeError, "item assignment"),
        (lambda r: r.permutation(np.array(5.0)), IndexError, "x must be an integer or at least 1-dimensional"),
        (lambda r: r.randint(0, 2**31 + 1, 3, dtype=np.int32), ValueError, "high is out of bounds for int32"),
        (lambda r: r.randint(-(2**31) - 1, 0, 3, dtype=np.int32), ValueError, "low is out of bounds for int32"),
        (lambda r: r.randint(0, 2**64, 3), ValueError, "high is out of bounds for int64"),
        (lambda r: r.randint(0, 10, 3, dtype=float), TypeError, "Unsupported dtype dtype\\('float64'\\) for randint"),
    ],
)
def test_sampling_errors_follow_numpy(call, error, message):
    for rs in (nv.random.RandomState(0), np.random.RandomState(0)):
        with pytest.raises(error, match=message):
            call(rs)


def test_shuffle_of_a_read_only_array_raises_and_draws_nothing():
    x = np.arange(5.0)
    x.flags.writeable = False
    rs = nv.random.RandomState(0)
    with pytest.raises(ValueError, match="read-only"):
        rs.shuffle(x)
    np.testing.assert_array_equal(x, np.arange(5.0))
    assert_identical(rs.rand(2), np.random.RandomState(0).rand(2))
