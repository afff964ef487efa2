"""Comparison of numvec against NumPy: same values (NaN equal, signed zeros
equal in sign), same dtype and shape, or the same exception type."""

import warnings

import numpy as np


def numpy_result(func, *args, **kwargs):
    """NumPy's result, or the exception it raises; warnings are silenced."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return func(*args, **kwargs), None
        except Exception as error:  # noqa: BLE001 - any exception is a result to compare
            return None, error


def assert_same(actual, expected, rtol=0.0, check_zero_sign=True):
    """numvec's `actual` equals NumPy's `expected`: dtype, shape and values."""
    actual_array, expected_array = np.asarray(actual), np.asarray(expected)
    assert type(actual) is type(expected) or isinstance(actual, np.ndarray) == isinstance(expected, np.ndarray), (
        f"type {type(actual)} != NumPy's {type(expected)}"
    )
    assert actual_array.dtype == expected_array.dtype, f"dtype {actual_array.dtype} != NumPy's {expected_array.dtype}"
    assert actual_array.shape == expected_array.shape, f"shape {actual_array.shape} != NumPy's {expected_array.shape}"
    if rtol:
        np.testing.assert_allclose(actual_array, expected_array, rtol=rtol, atol=0, equal_nan=True)
    else:
        np.testing.assert_array_equal(actual_array, expected_array)
    if check_zero_sign and expected_array.dtype.kind == "f":
        zeros = expected_array == 0
        np.testing.assert_array_equal(np.signbit(actual_array[zeros]), np.signbit(expected_array[zeros]))


def assert_matches_numpy(nv_func, np_func, *args, rtol=0.0, check_zero_sign=True, **kwargs):
    """numvec and NumPy agree on `args`: equal results or the same exception type."""
    expected, np_error = numpy_result(np_func, *args, **kwargs)
    if np_error is not None:
        try:
            nv_func(*args, **kwargs)
        except type(np_error) if not isinstance(np_error, TypeError) else TypeError:
            return None
        raise AssertionError(f"numvec did not raise {type(np_error).__name__} ({np_error})")
    actual = nv_func(*args, **kwargs)
    assert_same(actual, expected, rtol=rtol, check_zero_sign=check_zero_sign)
    return actual
