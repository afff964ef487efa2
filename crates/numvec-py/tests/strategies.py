"""Hypothesis strategies shared by the differential tests: arrays of every
supported dtype with NumPy's awkward layouts and special values."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

DTYPES = [np.bool_, np.int32, np.int64, np.float32, np.float64]
FLOAT_DTYPES = [np.float32, np.float64]
SPECIAL_FLOATS = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1.0, -1.0]


def elements(dtype):
    """Values of `dtype`: small integers (no overflow surprises in the
    oracle's own checks), floats with NaN, infinities and signed zeros."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return st.booleans()
    if dtype.kind == "i":
        return st.integers(-100, 100)
    return st.one_of(
        st.sampled_from(SPECIAL_FLOATS),
        st.floats(-1e3, 1e3, width=dtype.itemsize * 8),
    )


@st.composite
def layouts(draw, array):
    """`array` as a C-contiguous, Fortran, strided, reversed or misaligned view
    with the same values."""
    kind = draw(st.sampled_from(["c", "f", "strided", "reversed", "misaligned"]))
    if kind == "f":
        return np.asfortranarray(array)
    if kind == "strided":
        big = np.repeat(array, 2, axis=-1) if array.ndim else array
        return big[..., ::2] if array.ndim else big
    if kind == "reversed":
        flipped = np.ascontiguousarray(array[(slice(None, None, -1),) * array.ndim])
        return flipped[(slice(None, None, -1),) * array.ndim]
    if kind == "misaligned" and array.dtype.itemsize > 1:
        raw = np.zeros(array.nbytes + 1, dtype=np.uint8)
        view = raw[1:].view(array.dtype).reshape(array.shape)
        view[...] = array
        return view
    return np.ascontiguousarray(array)


@st.composite
def arrays(draw, dtypes=DTYPES, shape=None, min_dims=0, max_dims=4, max_side=7):
    """An array of one of `dtypes`, in any of `layouts`."""
    dtype = np.dtype(draw(st.sampled_from(dtypes)))
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=max_side))
    array = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    return draw(layouts(array))


@st.composite
def broadcastable_pair(draw, dtypes=DTYPES):
    """Two arrays whose shapes broadcast together, one possibly a
    zero-stride broadcast view."""
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=6))
    a = draw(arrays(dtypes, shape=shapes.input_shapes[0]))
    b = draw(arrays(dtypes, shape=shapes.input_shapes[1]))
    if draw(st.booleans()) and b.ndim:
        b = np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape))
    return a, b


def python_scalars():
    """Python scalars, which NumPy's promotion treats as weak."""
    return st.one_of(st.booleans(), st.integers(-50, 50), st.sampled_from([0.5, -0.0, np.inf, np.nan, 2.0]))
