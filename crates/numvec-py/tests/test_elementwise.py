"""numvec's elementwise functions against NumPy's ufuncs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import assert_matches_numpy, numpy_result
from strategies import DTYPES, FLOAT_DTYPES, arrays, broadcastable_pair, python_scalars

import numvec as nv

BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum"]
COMPARISONS = ["greater", "greater_equal", "less", "less_equal", "equal", "not_equal"]
UNARY_EXACT = ["negative", "abs", "square", "relu"]
UNARY_FLOAT = ["sqrt", "exp", "log"]
SUPPORTED = {np.dtype(d) for d in DTYPES}


def numpy_function(name):
    if name == "relu":
        return lambda x, out=None: np.maximum(x, 0, out=out)
    return getattr(np, name)


def float_rtol(dtype):
    return 2e-6 if np.dtype(dtype) == np.float32 else 1e-13


def check(name, *args, rtol=0.0, check_zero_sign=True, **kwargs):
    """numvec.name equals numpy.name, or raises TypeError where NumPy's result
    has a dtype numvec does not support (float16, int8)."""
    expected, error = numpy_result(numpy_function(name), *args, **kwargs)
    if error is None and np.asarray(expected).dtype not in SUPPORTED:
        with pytest.raises(TypeError):
            getattr(nv, name)(*args, **kwargs)
        return
    assert_matches_numpy(
        getattr(nv, name), numpy_function(name), *args, rtol=rtol, check_zero_sign=check_zero_sign, **kwargs
    )


@pytest.mark.parametrize("name", BINARY + COMPARISONS)
@given(pair=broadcastable_pair())
def test_binary_matches_numpy(name, pair):
    check(name, *pair)


@pytest.mark.parametrize("name", BINARY + COMPARISONS)
@given(x=arrays(max_dims=2), scalar=python_scalars(), scalar_first=st.booleans())
def test_binary_with_python_scalar_follows_weak_promotion(name, x, scalar, scalar_first):
    args = (scalar, x) if scalar_first else (x, scalar)
    check(name, *args)


@pytest.mark.parametrize("name", UNARY_EXACT)
@given(x=arrays())
def test_unary_matches_numpy(name, x):
    check(name, x)


@pytest.mark.parametrize("name", UNARY_FLOAT)
@given(x=arrays())
def test_float_functions_match_numpy(name, x):
    check(name, x, rtol=float_rtol(np.result_type(x.dtype, np.float16)))


@pytest.mark.parametrize("name", BINARY)
@given(pair=broadcastable_pair(dtypes=[np.int64, np.float64]))
def test_out_receives_the_result(name, pair):
    a, b = pair
    shape = np.broadcast_shapes(a.shape, b.shape)
    dtype = numpy_result(numpy_function(name), a[..., :0] if a.ndim else a, b[..., :0] if b.ndim else b)[0].dtype
    out_np, out_nv = np.zeros(shape, dtype), np.zeros(shape, dtype)
    numpy_result(numpy_function(name), a, b, out=out_np)
    returned = getattr(nv, name)(a, b, out=out_nv)
    assert returned is out_nv
    np.testing.assert_array_equal(out_nv, out_np)


@pytest.mark.parametrize("name", BINARY)
@given(base=arrays(dtypes=[np.int64, np.float64], shape=(12,)), shift=st.integers(0, 3))
def test_out_overlapping_an_input_equals_numpy(name, base, shift):
    """`f(a[1:], a[:-1], out=a[1:])` and friends give NumPy's result."""
    expected, actual = base.copy(), base.copy()
    n = 12 - shift
    _, error = numpy_result(numpy_function(name), expected[shift:], expected[:n], out=expected[shift:])
    if error is not None:
        return
    getattr(nv, name)(actual[shift:], actual[:n], out=actual[shift:])
    np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize("name", BINARY + ["sqrt", "negative"])
def test_out_equal_to_an_input_runs_in_place(name):
    x = np.linspace(1.0, 2.0, 50)
    expected = numpy_function(name)(*([x] * (1 if name in ("sqrt", "negative") else 2)))
    args = [x] * (1 if name in ("sqrt", "negative") else 2)
    result = getattr(nv, name)(*args, out=x)
    assert result is x
    np.testing.assert_array_equal(x, expected)


@given(x=arrays(dtypes=DTYPES, max_dims=3), low=python_scalars(), high=python_scalars())
def test_clip_matches_numpy(x, low, high):
    # NumPy's clip picks either zero on a signed-zero tie depending on its loop.
    check("clip", x, low, high, check_zero_sign=False)


@given(pair=broadcastable_pair(dtypes=FLOAT_DTYPES))
def test_clip_with_array_bounds_matches_numpy(pair):
    x, bound = pair
    check("clip", x, bound, None)
    check("clip", x, None, bound)
    check("clip", x, bound, bound, check_zero_sign=False)


@given(pair=broadcastable_pair(), condition=arrays(shape=(6,)))
def test_where_matches_numpy(pair, condition):
    x, y = pair
    check("where", condition[: x.shape[-1]] if x.ndim else condition[:1], x, y)


@given(
    shapes=st.lists(st.lists(st.integers(0, 4), max_size=4).map(tuple), min_size=0, max_size=4),
)
@settings(max_examples=200)
def test_broadcast_shapes_matches_numpy(shapes):
    assert_matches_numpy(nv.broadcast_shapes, np.broadcast_shapes, *shapes)


def test_maximum_propagates_nan_and_returns_the_second_argument_on_a_tie():
    a = np.array([np.nan, 1.0, -0.0, 0.0])
    b = np.array([1.0, np.nan, 0.0, -0.0])
    result = nv.maximum(a, b)
    assert np.isnan(result[:2]).all()
    np.testing.assert_array_equal(np.signbit(result[2:]), [False, True])


def test_errors_leave_out_untouched():
    out = np.full(3, 7.0)
    with pytest.raises(ValueError, match="could not be broadcast"):
        nv.add(np.ones(3), np.ones(4), out=out)
    with pytest.raises(ValueError, match="non-broadcastable output"):
        nv.add(np.ones((2, 3)), 1.0, out=out)
    np.testing.assert_array_equal(out, 7.0)


def test_bad_out_arguments_raise_numpys_exceptions():
    readonly = np.zeros(3)
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        nv.add(np.ones(3), 1.0, out=readonly)
    with pytest.raises(TypeError, match="same_kind"):
        nv.add(np.ones(3), 1.0, out=np.zeros(3, np.int64))
    with pytest.raises(TypeError, match="ArrayType"):
        nv.add(np.ones(3), 1.0, out=[0, 0, 0])


@pytest.mark.parametrize("dtype", [np.complex128, np.uint8, np.float16, object])
def test_unsupported_dtypes_raise_type_error_naming_the_dtype(dtype):
    with pytest.raises(TypeError, match=np.dtype(dtype).name if dtype is not object else "object"):
        nv.add(np.ones(3, dtype=dtype), np.ones(3, dtype=dtype))


def test_byte_swapped_input_is_converted():
    x = np.arange(5.0).astype(">f8")
    np.testing.assert_array_equal(nv.add(x, 1.0), np.arange(5.0) + 1.0)


def test_zero_dimensional_results_are_numpy_scalars():
    assert type(nv.add(1.0, 2.0)) is np.float64
    assert type(nv.add(np.int32(1), 2)) is np.int32


@pytest.mark.parametrize("name", ["negative", "abs", "sqrt", "exp", "square", "relu"])
@given(base=arrays(dtypes=[np.float64], shape=(12,)), shift=st.integers(-3, 3))
def test_unary_out_overlapping_the_input_equals_numpy(name, base, shift):
    expected, actual = base.copy(), base.copy()
    if shift >= 0:
        source, target = slice(shift, None), slice(None, 12 - shift)
    else:
        source, target = slice(None, 12 + shift), slice(-shift, None)
    numpy_result(numpy_function(name), expected[source], out=expected[target])
    getattr(nv, name)(actual[source], out=actual[target])
    # exp may differ from NumPy's by an ulp (a different libm); the rest is exact.
    np.testing.assert_allclose(actual, expected, rtol=1e-13 if name == "exp" else 0, equal_nan=True)


@given(base=arrays(dtypes=[np.float64, np.int64], shape=(10,)))
def test_clip_out_overlapping_the_input_equals_numpy(base):
    expected, actual = base.copy(), base.copy()
    numpy_result(np.clip, expected[::-1], 0, 50, out=expected)
    nv.clip(actual[::-1], 0, 50, out=actual)
    np.testing.assert_array_equal(actual, expected)


def test_out_that_is_the_first_input_of_an_op_without_an_in_place_form():
    """Comparisons and clip have no in-place kernel: an `out` that is their
    first input is read from a copy, as NumPy's result requires."""
    flags, other = np.array([True, False, True, False]), np.array([True, True, False, False])
    expected = np.equal(flags.copy(), other)
    assert nv.equal(flags, other, out=flags) is flags
    np.testing.assert_array_equal(flags, expected)
    x = np.array([-2.0, 0.5, 3.0])
    assert nv.clip(x, 0.0, 1.0, out=x) is x
    np.testing.assert_array_equal(x, [0.0, 0.5, 1.0])
