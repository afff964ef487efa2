#!/usr/bin/env python3
"""Compare numvec against NumPy on a fixed set of operations.

Every case runs NumPy and numvec on the same float64 data (generated with
``np.random.default_rng(0)``) in one process.  Each callable gets one warm-up
call, whose result is also used to check numvec against NumPy, and is then
timed ``--repeat`` times with ``time.perf_counter`` (NumPy and numvec runs
alternate so that drift affects both alike; each timed run follows a short
pause and an untimed run of the same library, so that worker threads the
other library left spinning do not take its cores).  The table reports the median
time of each, the ratio NumPy/numvec (higher is better for numvec), the
target ratio, and whether the target is met.  A case only meets its target
if numvec's result also agrees with NumPy's.

Usage::

    python bench/compare.py                    # full sizes, table on stdout
    python bench/compare.py --quick            # 10x smaller sizes (smoke test)
    python bench/compare.py --filter axis=1    # only cases whose name matches
    python bench/compare.py --filter sum --filter mean  # ... either
    python bench/compare.py --repeat 11        # timed runs per library
    python bench/compare.py --json             # JSON list of rows on stdout
    python bench/compare.py --plot ratios.png  # bar chart of the ratios

With ``--json`` the machine header goes to stderr so stdout stays parseable.
``--plot`` needs matplotlib (rendered with the Agg backend).

The exit status is 1 if numvec's result disagrees with NumPy's (or numvec
raises) in any case, 2 on usage errors, and 0 otherwise; missing a target
ratio alone does not fail the run.

OpenBLAS environment: ``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE`` may be
set on benchmark machines, and they slow NumPy down.  OpenBLAS reads them
when NumPy is first imported, so when the script is run directly and either
variable is set, it re-executes itself (``os.execve``) with the same
interpreter and arguments and an environment without those two variables,
before importing NumPy.  NumPy therefore always runs at full speed here.

Adding a case: append a ``Case`` to ``CASES`` (see ``Case`` for the fields).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def reexec_without_openblas_overrides() -> None:
    """Re-execute this process without OPENBLAS_OVERRIDES if any is set."""
    if not any(name in os.environ for name in OPENBLAS_OVERRIDES):
        return
    env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_OVERRIDES}
    argv = [sys.executable, *sys.orig_argv[1:]]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, argv, env)


# Must happen before NumPy (and with it OpenBLAS) is loaded.
if __name__ == "__main__":
    reexec_without_openblas_overrides()

import numpy as np  # noqa: E402

try:
    import numvec as nv  # noqa: E402
except ImportError as exc:  # reported in main() so --help still works
    nv = None
    NUMVEC_IMPORT_ERROR: ImportError | None = exc
else:
    NUMVEC_IMPORT_ERROR = None


# ---------------------------------------------------------------------------
# Case records
# ---------------------------------------------------------------------------

Setup = Callable[[np.random.Generator, tuple[int, ...]], tuple[Any, ...]]


@dataclass(frozen=True)
class Tol:
    """How numvec's result is compared with NumPy's.

    ``exact`` uses ``np.array_equal``; otherwise ``np.allclose`` with
    ``rtol``/``atol``.  Shapes must match in both modes (no broadcasting).
    """

    exact: bool = False
    rtol: float = 1e-7
    atol: float = 1e-9


EXACT = Tol(exact=True)
CLOSE = Tol()


@dataclass(frozen=True)
class Case:
    """One benchmark case.

    name:    operation label, matched by ``--filter``.
    shape:   nominal data shape; ``--quick`` divides every dimension >= 100
             by 10 and leaves small ones (like 3 or 16) alone.
    setup:   ``setup(rng, shape)`` returns the argument tuple for both
             callables.
    numpy:   reference implementation, called as ``numpy(*args)``.
    numvec:  numvec implementation, called as ``numvec(*args)``.
    target:  wanted ratio NumPy time / numvec time.
    tol:     how the two results are compared.
    note:    extra text for the size column (e.g. a window length).
    canonical: ``canonical(result, *args)`` maps each library's result to
             a form in which all valid answers agree before comparing (for
             operations whose output order is unspecified, like
             ``argpartition``); untimed.
    """

    name: str
    shape: tuple[int, ...]
    setup: Setup
    numpy: Callable[..., Any]
    numvec: Callable[..., Any]
    target: float
    tol: Tol = CLOSE
    note: str = ""
    canonical: Callable[..., Any] | None = None


def normal(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """One standard-normal float64 array of ``shape``."""
    return (rng.standard_normal(shape),)


def two_vectors(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Two standard-normal float64 vectors of length ``shape[0]``."""
    return rng.standard_normal(shape[0]), rng.standard_normal(shape[0])


def window_setup(w: int) -> Setup:
    """Setup for window_mean: a normal vector and the window length ``w``."""
    return lambda rng, shape: (rng.standard_normal(shape), w)


def weights_and_stack(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Weights of length ``shape[0]`` and a stack of ``shape`` to average."""
    return rng.random(shape[0]), rng.standard_normal(shape)


def np_window_mean(x: np.ndarray, w: int) -> np.ndarray:
    """Moving mean over windows of ``w`` with the cumsum trick."""
    cs = np.cumsum(x)
    cs = np.insert(cs, 0, 0)
    return (cs[w:] - cs[:-w]) / w


def np_argmax_onehot(X: np.ndarray) -> np.ndarray:
    """One-hot (same dtype as X) of the row-wise argmax."""
    r = np.zeros_like(X)
    r[np.arange(X.shape[0]), np.argmax(X, axis=1)] = 1
    return r


def np_top_k(X: np.ndarray, k: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The seed's top-k recipe: argpartition, gather, argsort, take_along_axis."""
    idx = np.take(np.argpartition(X, -k, axis=axis), np.arange(-k, 0), axis=axis)
    vals = np.take_along_axis(X, idx, axis=axis)
    order = np.argsort(-vals, axis=axis)
    return np.take_along_axis(vals, order, axis=axis), np.take_along_axis(idx, order, axis=axis)


def top_values(idx: np.ndarray, X: np.ndarray, kth: int) -> np.ndarray:
    """The sorted values an argpartition result puts from ``kth`` on, per row."""
    return np.sort(np.take_along_axis(X, idx[:, kth:], axis=1), axis=1)


def sort_cases() -> list[Case]:
    """Sorting and selection: stable argsort and sort of 1e7, the seed's
    top-k along either axis, argpartition of rows."""
    return [
        Case("argsort stable", (10**7,), normal, lambda x: np.argsort(x, kind="stable"),
             lambda x: nv.argsort(x), 1.5, EXACT),
        Case("sort", (10**7,), normal, np.sort, lambda x: nv.sort(x), 1.0, EXACT),
        Case("top_k axis=1", (10**5, 1000), normal, lambda X: np_top_k(X, 10, 1),
             lambda X: nv.top_k(X, 10, axis=1), 8.0, EXACT, note="k=10"),
        Case("top_k axis=0", (1000, 10**5), normal, lambda X: np_top_k(X, 10, 0),
             lambda X: nv.top_k(X, 10, axis=0), 4.0, EXACT, note="k=10"),
        Case("argpartition", (10**5, 1000), normal, lambda X: np.argpartition(X, -10, axis=1),
             lambda X: nv.argpartition(X, -10, axis=1), 2.0, EXACT, note="kth=-10",
             canonical=lambda idx, X: top_values(idx, X, -10)),
    ]


def two_copies(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """The same standard-normal array twice, for in-place operations."""
    x = rng.standard_normal(shape)
    return x, x.copy()


def seed_normalize(X: np.ndarray, _: np.ndarray) -> np.ndarray:
    """The seed's ``memory_efficient_normalize`` (in place)."""
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    X -= mean
    X /= std
    return X


def point_sets(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """``XA`` of ``shape[0] x shape[2]`` and ``XB`` of ``shape[1] x shape[2]``."""
    m, n, d = shape
    return rng.standard_normal((m, d)), rng.standard_normal((n, d))


def scipy_cases() -> list[Case]:
    """``scipy.spatial.distance.cdist`` against numvec's, if SciPy is installed."""
    try:
        from scipy.spatial.distance import cdist as scipy_cdist
    except ImportError:
        return []
    return [Case("cdist vs scipy", (20000, 5000, 64), point_sets, scipy_cdist,
                 lambda A, B: nv.cdist(A, B), 2.0, Tol(rtol=1e-9, atol=1e-9))]


def seed_chunked_distance(A: np.ndarray, B: np.ndarray, chunk_size: int = 1000) -> np.ndarray:
    """The seed's ``chunked_pairwise_distance`` (chunks of 1000 rows)."""
    M, N = A.shape[0], B.shape[0]
    distances = np.zeros((M, N))
    B_sq = np.sum(B**2, axis=1)
    for start in range(0, M, chunk_size):
        end = min(start + chunk_size, M)
        A_chunk = A[start:end]
        A_sq = np.sum(A_chunk**2, axis=1, keepdims=True)
        dist_sq = A_sq + B_sq - 2 * (A_chunk @ B.T)
        np.maximum(dist_sq, 0, out=dist_sq)
        np.sqrt(dist_sq, out=dist_sq)
        distances[start:end] = dist_sq
    return distances


def interleaved_views(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """``x[::2]`` and ``x[1::2]`` of one array of ``shape``."""
    x = rng.standard_normal(shape)
    return x[::2], x[1::2]


def reduction_cases() -> list[Case]:
    """sum, mean and std of a 4000x4000 matrix along axis 0, 1 and None."""
    return [
        Case(
            f"{fn} axis={axis}",
            (4000, 4000),
            normal,
            lambda X, fn=fn, axis=axis: getattr(np, fn)(X, axis=axis),
            lambda X, fn=fn, axis=axis: getattr(nv, fn)(X, axis=axis),
            1.5,
        )
        for fn in ("sum", "mean", "std")
        for axis in (0, 1, None)
    ]


def length(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Just the number of values to draw (the random cases make their own)."""
    return (shape[0],)


def random_cases() -> list[Case]:
    """NumPy's legacy RandomState(0) draws, which numvec reproduces bit for bit."""
    draws = {
        "randn": lambda rs, n: rs.randn(n),
        "rand": lambda rs, n: rs.rand(n),
        "randint": lambda rs, n: rs.randint(0, 1000, n),
    }
    return [
        Case(f"{name}", (10**7,), length,
             lambda n, draw=draw: draw(np.random.RandomState(0), n),
             lambda n, draw=draw: draw(nv.random.RandomState(0), n), 1.0, EXACT,
             note="0..1000" if name == "randint" else "")
        for name, draw in draws.items()
    ]


def square_pair(dtype: Any = np.float64) -> Setup:
    """Two standard-normal ``shape[0]`` x ``shape[0]`` matrices of ``dtype``."""
    def setup(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
        n = shape[0]
        return (rng.standard_normal((n, n)).astype(dtype), rng.standard_normal((n, n)).astype(dtype))
    return setup


def batched_pair(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """``(b, m, k)`` and ``(b, k, m)`` batches for ``shape = (b, m, k)``."""
    b, m, k = shape
    return rng.standard_normal((b, m, k)), rng.standard_normal((b, k, m))


def attention_pair(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Queries and keys of ``shape = (batch, heads, tokens, dim)``."""
    return rng.standard_normal(shape), rng.standard_normal(shape)


def bilinear_setup(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """A vector, a square matrix and a vector of length ``shape[0]``."""
    n = shape[0]
    return rng.standard_normal(n), rng.standard_normal((n, n)), rng.standard_normal(n)


def chain_setup(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """``ij,jk,kl,lm`` operands with sizes 10/n/10/n/10 for ``shape = (n,)``."""
    n = shape[0]
    return tuple(rng.standard_normal(s) for s in [(10, n), (n, 10), (10, n), (n, 10)])


def two_vectors_2d(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Two standard-normal float64 arrays of ``shape``."""
    return rng.standard_normal(shape), rng.standard_normal(shape)


def einsum_cases() -> list[Case]:
    """The einsum and matmul cases (NumPy: OpenBLAS for ``@``; einsum's
    own loop by default, BLAS with ``optimize=True``)."""
    attention = "bhid,bhjd->bhij"
    chain = "ij,jk,kl,lm->im"
    single = Tol(rtol=1e-4, atol=1e-4)
    return [
        Case("einsum ij,jk->ik vs A@B", (1024,), square_pair(), lambda A, B: A @ B,
             lambda A, B: nv.einsum("ij,jk->ik", A, B), 0.8),
        Case("matmul float64", (1024,), square_pair(), np.matmul, lambda A, B: nv.matmul(A, B), 0.8),
        Case("matmul float32", (1024,), square_pair(np.float32), np.matmul,
             lambda A, B: nv.matmul(A, B), 0.8, single),
        Case("einsum bij,bjk->bik", (64, 128, 256), batched_pair,
             lambda X, Y: np.einsum("bij,bjk->bik", X, Y),
             lambda X, Y: nv.einsum("bij,bjk->bik", X, Y), 5.0),
        Case("einsum bij,bjk->bik vs optimize", (64, 128, 256), batched_pair,
             lambda X, Y: np.einsum("bij,bjk->bik", X, Y, optimize=True),
             lambda X, Y: nv.einsum("bij,bjk->bik", X, Y), 1.0),
        Case("einsum ij,ij->i", (10**6, 32), two_vectors_2d,
             lambda C, D: np.einsum("ij,ij->i", C, D),
             lambda C, D: nv.einsum("ij,ij->i", C, D), 1.2),
        Case("einsum i,ij,j-> vs optimize", (4000,), bilinear_setup,
             lambda x, M, y: np.einsum("i,ij,j->", x, M, y, optimize=True),
             lambda x, M, y: nv.einsum("i,ij,j->", x, M, y), 1.0, Tol(rtol=1e-9, atol=1e-9)),
        Case("einsum attention", (8, 16, 512, 64), attention_pair,
             lambda Q, K: np.einsum(attention, Q, K) / np.sqrt(Q.shape[-1]),
             lambda Q, K: nv.divide(nv.einsum(attention, Q, K), np.sqrt(Q.shape[-1])), 5.0),
        Case("einsum attention vs optimize", (8, 16, 512, 64), attention_pair,
             lambda Q, K: np.einsum(attention, Q, K, optimize=True) / np.sqrt(Q.shape[-1]),
             lambda Q, K: nv.divide(nv.einsum(attention, Q, K), np.sqrt(Q.shape[-1])), 1.5),
        Case("einsum ii->", (4000, 4000), normal, lambda M: np.einsum("ii->", M),
             lambda M: nv.einsum("ii->", M), 1.0, Tol(rtol=1e-9, atol=1e-9)),
        Case("einsum chain vs optimize", (1000,), chain_setup,
             lambda *ops: np.einsum(chain, *ops, optimize=True),
             lambda *ops: nv.einsum(chain, *ops), 1.0, note="10/n/10/n/10"),
        Case("einsum ij,jk->ik small", (4,), square_pair(), lambda A, B: np.einsum("ij,jk->ik", A, B),
             lambda A, B: nv.einsum("ij,jk->ik", A, B), 1.0),
    ]


def gather_rows(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """A table of ``shape`` and ``shape[0] // 10`` random row indices."""
    return rng.standard_normal(shape), rng.integers(0, shape[0], shape[0] // 10)


def scatter_rows(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Two zero targets of ``shape`` (one per library), ``shape[0] // 10``
    row indices (with duplicates) and their update rows."""
    n = shape[0] // 10
    idx = rng.integers(0, shape[0], n)
    return np.zeros(shape), np.zeros(shape), idx, rng.standard_normal((n, shape[1]))


def scatter_bins(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Two zero targets of 1000 bins, ``shape[0]`` bin indices and weights."""
    return np.zeros(1000), np.zeros(1000), rng.integers(0, 1000, shape[0]), rng.standard_normal(shape[0])


def np_add_at(target_np: np.ndarray, _target_nv: np.ndarray, idx: np.ndarray, b: np.ndarray) -> np.ndarray:
    np.add.at(target_np, idx, b)
    return target_np


def nv_add_at(_target_np: np.ndarray, target_nv: np.ndarray, idx: np.ndarray, b: np.ndarray) -> np.ndarray:
    nv.add_at(target_nv, idx, b)
    return target_nv


def batch_diagonal_indices(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """A (B, N, N) batch and the seed's b_idx (B, 1), n_idx (1, N)."""
    return rng.standard_normal(shape), np.arange(shape[0])[:, None], np.arange(shape[1])[None, :]


def two_scores_and_mask(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Two copies of a score matrix (one per library) and its causal mask."""
    s = rng.standard_normal(shape)
    return s, s.copy(), np.triu(np.ones(shape, dtype=bool), 1)


def np_causal_fill(s_np: np.ndarray, _s_nv: np.ndarray, _mask: np.ndarray) -> np.ndarray:
    s_np[np.triu(np.ones(s_np.shape, dtype=bool), 1)] = -np.inf
    return s_np


def nv_triu_fill(_s_np: np.ndarray, s_nv: np.ndarray, _mask: np.ndarray) -> np.ndarray:
    nv.triu_fill(s_nv, -np.inf, 1)
    return s_nv


def nv_masked_fill(_s_np: np.ndarray, s_nv: np.ndarray, mask: np.ndarray) -> np.ndarray:
    nv.masked_fill(s_nv, mask, -np.inf)
    return s_nv


def broadcast_pair_indices(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """A matrix of ``shape``, row indices (n, 1) and 10 column indices (1, 10)."""
    rows = rng.integers(0, shape[0], (shape[0], 1))
    return rng.standard_normal(shape), rows, rng.integers(0, shape[1], (1, 10))


def indexing_cases() -> list[Case]:
    """The advanced-indexing cases: gather, scatter-add, diagonals, masks."""
    return [
        Case("gather rows", (10**6, 128), gather_rows, lambda E, idx: E[idx],
             lambda E, idx: nv.getitem(E, idx), 1.5, EXACT, note="1e5 rows"),
        Case("add_at rows", (10**6, 128), scatter_rows, np_add_at, nv_add_at, 5.0, EXACT,
             note="1e5 rows"),
        Case("add_at bins", (10**6,), scatter_bins, np_add_at, nv_add_at, 5.0, EXACT,
             note="1e3 bins"),
        Case("add_at v bincount", (10**6,), scatter_bins,
             lambda _a, _b, idx, w: np.bincount(idx, weights=w, minlength=1000), nv_add_at, 1.0,
             Tol(rtol=1e-12, atol=1e-9), note="1e3 bins"),
        Case("batch diagonal", (10000, 64, 64), batch_diagonal_indices,
             lambda bm, b, n: bm[b, n, n], lambda bm, b, n: nv.diagonal(bm, 0, 1, 2), 2.0, EXACT),
        Case("triu_fill", (4096, 4096), two_scores_and_mask, np_causal_fill, nv_triu_fill, 4.0, EXACT),
        Case("masked_fill triu", (4096, 4096), two_scores_and_mask, np_causal_fill, nv_masked_fill,
             2.0, EXACT),
        Case("triu", (4096, 4096), normal, np.triu, lambda m: nv.triu(m), 1.5, EXACT),
        Case("getitem 2 arrays", (10**5, 1000), broadcast_pair_indices, lambda X, r, c: X[r, c],
             lambda X, r, c: nv.getitem(X, (r, c)), 1.5, EXACT, note="(1e5,1),(1,10)"),
    ]


CASES: list[Case] = [
    Case("cumsum", (10**7,), normal, np.cumsum, lambda x: nv.cumsum(x), 1.5,
         # Any summation order is fine: allow rounding drift along 1e7 terms.
         Tol(rtol=1e-7, atol=1e-6)),
    Case("outer", (4000,), two_vectors, np.outer,
         lambda a, b: nv.outer(a, b), 1.5, EXACT),
    Case("window_mean", (10**7,), window_setup(100), np_window_mean,
         lambda x, w: nv.window_mean(x, w), 3.0, Tol(rtol=1e-7, atol=1e-6),
         note="w=100"),
    Case("relu", (4000, 4000), normal, lambda X: np.maximum(X, 0),
         lambda X: nv.maximum(X, 0), 1.5, EXACT),
    Case("argmax_onehot", (10**6, 16), normal, np_argmax_onehot,
         lambda X: nv.argmax_onehot(X, axis=1), 3.0, EXACT),
    *reduction_cases(),
    Case("center_rows", (2000, 2000), normal,
         lambda X: X - X.mean(axis=1, keepdims=True),
         lambda X: nv.subtract(X, nv.mean(X, axis=1, keepdims=True)), 1.5),
    Case("l2_normalize_rows", (2000, 2000), normal,
         lambda X: X / np.linalg.norm(X, axis=1, keepdims=True),
         lambda X: nv.divide(X, nv.norm(X, axis=1, keepdims=True)), 1.5),
    Case("weighted_average", (3, 1000, 1000), weights_and_stack,
         lambda w, M: (w[:, None, None] * M).sum(axis=0),
         lambda w, M: nv.einsum("i,ijk->jk", w, M), 1.5),
    *random_cases(),
    *einsum_cases(),
    *sort_cases(),
    *indexing_cases(),
    Case("zscore out=X", (10**6, 64), two_copies, seed_normalize,
         lambda _, X: nv.zscore(X, axis=0, out=X), 4.0, Tol(rtol=1e-9, atol=1e-9)),
    Case("cdist euclidean", (20000, 5000, 64), point_sets, seed_chunked_distance,
         lambda A, B: nv.cdist(A, B), 3.0, Tol(rtol=1e-9, atol=1e-9)),
    *scipy_cases(),
    # Both called directly: a wrapper would add a Python call to a 0.4 us one.
    Case("shares_memory", (10**6,), interleaved_views, np.shares_memory,
         getattr(nv, "shares_memory", None), 1.0, EXACT),
]


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


def quick_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Divide every dimension >= 100 by 10 (the ``--quick`` sizes)."""
    return tuple(n // 10 if n >= 100 else n for n in shape)


def size_label(shape: tuple[int, ...], note: str = "") -> str:
    """Human label such as ``1e7``, ``4000x4000`` or ``1e7, w=100``."""
    def dim(n: int) -> str:
        k = round(math.log10(n)) if n > 0 else 0
        return f"1e{k}" if n >= 10**5 and n == 10**k else str(n)

    label = "x".join(dim(n) for n in shape)
    return f"{label}, {note}" if note else label


# OpenBLAS's worker threads spin for about 0.1 s after a threaded call; on two
# cores a spinning thread takes a core from whatever runs next. Each timed call
# therefore starts after this pause, which lets the other library's threads
# fall asleep.
SETTLE_S = 0.2

# After the pause, untimed calls of the same library run for at least WARM_S
# before the timed one. On a virtual machine an idle virtual CPU is given
# away: after 0.2 s idle, the second core of this 2-core machine takes some
# 50 ms to be fully back (compute-bound work on two threads runs about 1.6x
# slower meanwhile, one thread is unaffected), so without this warm-up every
# multi-threaded library is timed half on one core.
WARM_S = 0.1

# Calls shorter than BATCH_MIN_S are timed as a batch of at least BATCH_S:
# one such call is near the timer's resolution and its noise.
BATCH_MIN_S = 0.002
BATCH_S = 0.02


def time_once(fn: Callable[..., Any], args: tuple[Any, ...]) -> float:
    """Seconds taken by one call ``fn(*args)`` (excluding freeing the result),
    timed after a ``SETTLE_S`` pause and untimed calls for ``WARM_S``. Calls
    faster than ``BATCH_MIN_S`` are timed as a batch lasting at least
    ``BATCH_S`` (like ``timeit``'s autorange); the result is the batch's time
    per call."""
    time.sleep(SETTLE_S)
    warm_until = time.perf_counter() + WARM_S
    while True:
        t0 = time.perf_counter()
        fn(*args)
        t1 = time.perf_counter()
        if t1 >= warm_until:
            break
    last = t1 - t0
    calls = 1 if last >= BATCH_MIN_S else max(2, int(BATCH_S / max(last, 1e-7)) + 1)
    t0 = time.perf_counter()
    for _ in range(calls - 1):
        fn(*args)
    out = fn(*args)
    t1 = time.perf_counter()
    del out
    return (t1 - t0) / calls


def compare(expected: Any, actual: Any, tol: Tol) -> str | None:
    """None if ``actual`` matches ``expected`` under ``tol``, else why not."""
    expected, actual = np.asarray(expected), np.asarray(actual)
    if expected.shape != actual.shape:
        return f"shape {actual.shape} != NumPy's {expected.shape}"
    if tol.exact:
        if np.array_equal(expected, actual):
            return None
    elif np.allclose(actual, expected, rtol=tol.rtol, atol=tol.atol):
        return None
    diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    bad = int(np.count_nonzero(diff > tol.atol + tol.rtol * np.abs(expected)))
    return f"max |diff| {np.nanmax(diff):.3g}, {bad} of {diff.size} elements off"


def run_case(case: Case, shape: tuple[int, ...], repeat: int) -> dict[str, Any]:
    """Check and time one case; return its result row."""
    row: dict[str, Any] = {
        "name": case.name, "size": size_label(shape, case.note),
        "numpy_ms": None, "numvec_ms": None, "ratio": None,
        "target": case.target, "met": False, "ok": False, "error": None,
    }
    args = case.setup(np.random.default_rng(0), shape)
    try:
        # Warm-up calls; their results are the ones checked.
        expected, actual = case.numpy(*args), case.numvec(*args)
        if case.canonical is not None:
            expected, actual = case.canonical(expected, *args), case.canonical(actual, *args)
        row["error"] = compare(expected, actual, case.tol)
    except Exception as exc:  # numvec missing a function, bad signature, ...
        row["error"] = f"{type(exc).__name__}: {exc}"
        return row
    row["ok"] = row["error"] is None
    np_times, nv_times = [], []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            np_times.append(time_once(case.numpy, args))
            nv_times.append(time_once(case.numvec, args))
    finally:
        if gc_was_enabled:
            gc.enable()
    row["numpy_ms"] = statistics.median(np_times) * 1e3
    row["numvec_ms"] = statistics.median(nv_times) * 1e3
    row["ratio"] = row["numpy_ms"] / row["numvec_ms"]
    row["met"] = row["ok"] and row["ratio"] >= case.target
    return row


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

COLUMNS = [  # (title, width, format of the row's values)
    ("operation", 18, "{name:<18}"),
    ("size", 15, "{size:<15}"),
    ("numpy ms", 10, "{numpy_ms:>10}"),
    ("numvec ms", 10, "{numvec_ms:>10}"),
    ("ratio", 7, "{ratio:>7}"),
    ("target", 6, "{target:>6}"),
    ("met", 5, "{met:<5}"),
]


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (or platform as a fallback)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> list[str]:
    """Header lines describing the machine and library versions."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()}" + (f" ({usable} usable)" if usable else "")
    return [
        f"CPU:     {cpu_model()}",
        f"cores:   {cores}",
        f"python:  {platform.python_version()}",
        f"numpy:   {np.__version__}",
        f"numvec:  {getattr(nv, '__version__', 'unknown')} ({nv._numvec.__file__})",
    ]


def format_row(row: dict[str, Any]) -> str:
    """One table line for a result row."""
    def ms(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    values = {
        "name": row["name"], "size": row["size"],
        "numpy_ms": ms(row["numpy_ms"]), "numvec_ms": ms(row["numvec_ms"]),
        "ratio": "-" if row["ratio"] is None else f"{row['ratio']:.2f}",
        "target": f"{row['target']:g}",
        "met": "FAIL" if not row["ok"] else ("yes" if row["met"] else "no"),
    }
    return "  ".join(fmt.format(**values) for _, _, fmt in COLUMNS).rstrip()


def table_header() -> str:
    """Column titles and a rule."""
    titles = "  ".join(f"{t:<{w}}" if i < 2 or t == "met" else f"{t:>{w}}"
                       for i, (t, w, _) in enumerate(COLUMNS))
    titles = titles.rstrip()
    return f"{titles}\n{'-' * len(titles)}"


def summary(rows: list[dict[str, Any]]) -> str:
    """Targets met and geometric mean of the ratios."""
    ratios = [r["ratio"] for r in rows if r["ratio"]]
    met = sum(r["met"] for r in rows)
    gmean = math.exp(statistics.fmean(map(math.log, ratios))) if ratios else float("nan")
    return f"targets met: {met}/{len(rows)}   geometric mean ratio: {gmean:.2f}"


def report_failure(row: dict[str, Any]) -> None:
    """Print a numvec/NumPy disagreement loudly on stderr."""
    print(f"!!! FAIL {row['name']} [{row['size']}]: numvec disagrees with "
          f"NumPy: {row['error']}", file=sys.stderr, flush=True)


def require_matplotlib() -> Any:
    """Return pyplot on the Agg backend, or exit with a clear message."""
    try:
        import matplotlib
    except ImportError:
        sys.exit("error: --plot needs matplotlib, which is not installed "
                 "(pip install matplotlib)")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot(rows: list[dict[str, Any]], path: str, plt: Any) -> None:
    """Horizontal bars of the ratios (log x) with a line at 1.0 and targets.

    Bars grow from 1.0 (right: numvec faster, left: slower); green bars meet
    their target, red ones do not; black ticks mark the targets.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    rows = [r for r in rows if r["ratio"]]
    ratios = [r["ratio"] for r in rows]
    targets = [r["target"] for r in rows]
    y = np.arange(len(rows))[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(rows) + 1.8))
    ax.barh(y, [q - 1.0 for q in ratios], left=1.0,
            color=["tab:green" if r["met"] else "tab:red" for r in rows])
    for yi, q in zip(y, ratios):
        ax.annotate(f"{q:.2f}x", (q, yi), xytext=(3 if q >= 1 else -3, 0),
                    textcoords="offset points", va="center",
                    ha="left" if q >= 1 else "right", fontsize=8)
    ax.scatter(targets, y, marker="|", s=300, color="black", zorder=3,
               label="target")
    ax.axvline(1.0, color="gray", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    lo, hi = min(ratios + [1.0]), max(ratios + targets + [1.0])
    ax.set_xlim(lo / 1.6, hi * 1.6)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 1.5, 2.0, 3.0, 5.0, 7.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, [f"{r['name']} [{r['size']}]" for r in rows])
    ax.set_xlabel("NumPy time / numvec time (log scale, higher is better)")
    ax.set_title(f"numvec {getattr(nv, '__version__', '?')} vs NumPy "
                 f"{np.__version__} on {cpu_model()}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        description="Time numvec against NumPy (ratio = NumPy / numvec).")
    p.add_argument("--repeat", type=int, default=7,
                   help="timed runs per library and case (default: 7)")
    p.add_argument("--quick", action="store_true",
                   help="10x smaller sizes, for a smoke test")
    p.add_argument("--filter", metavar="SUBSTR", action="append",
                   help="run only cases whose name contains SUBSTR (repeatable: any)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of rows instead of the table")
    p.add_argument("--plot", metavar="FILE.png",
                   help="save a bar chart of the ratios (needs matplotlib)")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the selected cases; return the exit status."""
    args = parse_args(argv)
    if nv is None:
        sys.exit(f"error: cannot import numvec ({NUMVEC_IMPORT_ERROR}); "
                 "build and install the numvec Python module first")
    if nv._numvec.__debug_build__ and not args.quick:
        sys.exit(f"error: {nv._numvec.__file__} is a debug build (scripts/test installs one "
                 "with `maturin develop`); time a --release build, see README")
    plt = require_matplotlib() if args.plot else None
    cases = [c for c in CASES if not args.filter
             or any(f.lower() in c.name.lower() for f in args.filter)]
    if not cases:
        print(f"error: no case name contains any of {args.filter!r}", file=sys.stderr)
        return 2

    out = sys.stderr if args.json else sys.stdout
    for line in machine_info():
        print(line, file=out)
    print(f"repeat:  {args.repeat} (median){'   sizes: --quick' if args.quick else ''}\n",
          file=out, flush=True)
    if not args.json:
        print(table_header(), flush=True)

    rows = []
    for case in cases:
        shape = quick_shape(case.shape) if args.quick else case.shape
        row = run_case(case, shape, args.repeat)
        rows.append(row)
        if not row["ok"]:
            report_failure(row)
        if not args.json:
            print(format_row(row), flush=True)

    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"\n{summary(rows)}")
    if plt is not None:
        plot(rows, args.plot, plt)
        print(f"plot written to {args.plot}", file=out)

    failed = [r for r in rows if not r["ok"]]
    if failed:
        print(f"\n!!! {len(failed)} case(s) where numvec disagrees with NumPy: "
              + ", ".join(r["name"] for r in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
