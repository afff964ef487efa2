from ._numvec import *  # noqa: F403
from ._numvec import __version__ as __version__
