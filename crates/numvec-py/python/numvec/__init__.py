"""numvec: NumPy's vectorization toolkit, written in Rust.

Functions take numpy arrays (any strides), array-likes and scalars, follow
NumPy's names, signatures, type promotion and exceptions, and return numpy
arrays (NumPy scalars for 0-d results)::

    import numvec as nv
    nv.maximum(X, 0)
"""

from . import random
from ._numvec import *  # noqa: F403
from ._numvec import __version__

del RandomState  # noqa: F821 - it lives in numvec.random, as in numpy.random

__all__ = [name for name in dir() if not name.startswith("_")]
