"""NumPy's legacy random numbers, bit for bit: ``numvec.random`` mirrors
``numpy.random``'s ``RandomState`` and its module-level functions, which draw
from one global generator."""

from ._numvec import RandomState

__all__ = [
    "RandomState",
    "seed",
    "random_sample",
    "random",
    "rand",
    "randn",
    "standard_normal",
    "normal",
    "uniform",
    "randint",
    "permutation",
    "shuffle",
    "choice",
    "get_state",
    "set_state",
]

_global = RandomState()

seed = _global.seed
random_sample = _global.random_sample
random = _global.random
rand = _global.rand
randn = _global.randn
standard_normal = _global.standard_normal
normal = _global.normal
uniform = _global.uniform
randint = _global.randint
permutation = _global.permutation
shuffle = _global.shuffle
choice = _global.choice
get_state = _global.get_state
set_state = _global.set_state
