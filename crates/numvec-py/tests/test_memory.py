"""numvec's shares_memory, may_share_memory and zscore against NumPy, and
large results made in the blocks of freed ones."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.exceptions import TooHardError
from numpy.lib.stride_tricks import as_strided
from strategies import arrays

import numvec as nv

# ------------------------------------------------------------ reused result blocks


def test_large_results_made_in_freed_blocks_hold_their_own_values():
    """Results of 16 MiB and more reuse the blocks of freed results of their
    size; each must still hold exactly its own values."""
    x = np.random.default_rng(0).standard_normal((2048, 1025))
    alive = nv.relu(-x)
    freed = nv.relu(x)
    assert not np.shares_memory(freed, alive)
    del freed
    remade = [
        (lambda: nv.relu(x), np.maximum(x, 0)),
        (lambda: nv.outer(x[:, 0], x[0]), np.outer(x[:, 0], x[0])),
        (lambda: nv.argmax_onehot(x), np.eye(1025)[np.argmax(x, axis=1)]),
        (lambda: nv.multiply(x, 2.0), x * 2.0),
    ]
    for make, expected in remade:
        result = make()
        np.testing.assert_array_equal(result, expected)
        assert not np.shares_memory(result, alive)
        del result
    np.testing.assert_array_equal(alive, np.maximum(-x, 0))


# ------------------------------------------------------------ views of one base


@st.composite
def views(draw, base):
    """A view of `base`: slices with steps (negative too), transposes,
    diagonals, broadcast (zero-stride) and reshaped views, or a copy."""
    view = base
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["slice", "transpose", "diagonal", "broadcast", "reshape", "copy", "strided"]))
        if kind == "slice" and view.ndim:
            index = []
            for n in view.shape:
                start, stop = draw(st.integers(-n - 1, n + 1)), draw(st.integers(-n - 1, n + 1))
                step = draw(st.sampled_from([1, 2, 3, -1, -2, 5]))
                index.append(slice(start, stop, step))
            view = view[tuple(index)]
        elif kind == "transpose":
            view = view.T
        elif kind == "diagonal" and view.ndim >= 2:
            view = view.diagonal(draw(st.integers(-2, 2)))
        elif kind == "broadcast":
            view = np.broadcast_to(view, (draw(st.integers(0, 3)),) + view.shape)
        elif kind == "reshape" and view.size and view.flags.c_contiguous:
            view = view.reshape(-1)
        elif kind == "copy":
            view = view.copy()
        elif kind == "strided" and view.ndim == 1 and view.size >= 4:
            # Overlapping windows: several indices reach the same element.
            step = view.strides[0]
            view = as_strided(view, shape=(view.size - 2, 3), strides=(step * draw(st.integers(1, 2)), step))
    return view


@st.composite
def view_pairs(draw):
    dtype = draw(st.sampled_from([np.int8, np.int16, np.float64]))
    shape = draw(st.sampled_from([(24,), (4, 6), (3, 4, 5), (2, 3, 2, 3)]))
    base = np.arange(np.prod(shape), dtype=dtype).reshape(shape)
    a, b = draw(views(base)), draw(views(base))
    if draw(st.booleans()):
        # A view with another item size over the same bytes.
        a = a.view(np.uint8) if a.flags.c_contiguous and a.size else a
    return a, b


@given(pair=view_pairs())
@settings(max_examples=3000, deadline=None)
def test_shares_memory_matches_numpy_on_views_of_one_base(pair):
    a, b = pair
    assert nv.shares_memory(a, b) == np.shares_memory(a, b)
    assert nv.shares_memory(b, a) == np.shares_memory(b, a)
    assert nv.may_share_memory(a, b) == np.may_share_memory(a, b)
    assert nv.may_share_memory(a, b, max_work=-1) == np.may_share_memory(a, b, max_work=-1)


@given(pair=view_pairs(), max_work=st.integers(0, 3))
@settings(max_examples=500, deadline=None)
def test_max_work_gives_up_where_numpy_does(pair, max_work):
    a, b = pair
    try:
        expected = np.shares_memory(a, b, max_work=max_work)
    except TooHardError:
        with pytest.raises(TooHardError, match="Exceeded max_work"):
            nv.shares_memory(a, b, max_work=max_work)
    else:
        assert nv.shares_memory(a, b, max_work=max_work) == expected
    assert nv.may_share_memory(a, b, max_work=max_work) == np.may_share_memory(a, b, max_work=max_work)


def test_numpys_hard_example_is_decided_exactly():
    x = np.arange(4 * 20).reshape(4, 20).astype(np.int8)
    a, b = x[:, ::7], x[:, 3::3]
    assert nv.shares_memory(a, b) is False
    assert nv.may_share_memory(a, b) is True


def test_the_seeds_view_and_copy_checks():
    x = np.arange(12).reshape(3, 4)
    assert nv.shares_memory(x, x[0])
    assert not nv.shares_memory(x, x[0].copy())
    assert nv.shares_memory(x, x.T)
    assert not nv.shares_memory(x, x[[0, 2]])


def test_other_arguments_follow_numpy():
    x = np.arange(10.0)
    assert nv.shares_memory([1, 2], [1, 2]) is False
    assert nv.shares_memory(x, memoryview(x)) is True
    assert nv.shares_memory(x[:0], x) is False
    assert nv.shares_memory(x.astype(">f8"), x) is False
    big_endian = x.astype(">f8")
    assert nv.shares_memory(big_endian[::2], big_endian) is True
    dates = np.arange(6).astype("datetime64[s]")
    assert nv.shares_memory(dates[1:], dates[:-1]) is True
    assert nv.shares_memory(np.float64(1.0), x) is False
    with pytest.raises(ValueError, match="Invalid value for max_work"):
        nv.shares_memory(x, x, max_work=-3)
    with pytest.raises(ValueError, match="max_work must be an integer"):
        nv.shares_memory(x, x, max_work=1.5)
    with pytest.raises(TooHardError):
        nv.shares_memory(x[:5], x[2:], max_work=0)
    assert nv.shares_memory(x[::2], x[1::2], max_work=np.int64(-2)) is False
