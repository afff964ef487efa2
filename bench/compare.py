#!/usr/bin/env python3
"""Compare numvec against NumPy on a fixed set of operations.

Every case runs NumPy and numvec on the same float64 data (generated with
``np.random.default_rng(0)``) in one process.  Each callable gets one warm-up
call, whose result is also used to check numvec against NumPy, and is then
timed ``--repeat`` times with ``time.perf_counter`` (NumPy and numvec runs
alternate so that drift affects both alike).  The table reports the median
time of each, the ratio NumPy/numvec (higher is better for numvec), the
target ratio, and whether the target is met.  A case only meets its target
if numvec's result also agrees with NumPy's.

Usage::

    python bench/compare.py                    # full sizes, table on stdout
    python bench/compare.py --quick            # 10x smaller sizes (smoke test)
    python bench/compare.py --filter axis=1    # only cases whose name matches
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
    """

    name: str
    shape: tuple[int, ...]
    setup: Setup
    numpy: Callable[..., Any]
    numvec: Callable[..., Any]
    target: float
    tol: Tol = CLOSE
    note: str = ""


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
         lambda w, M: nv.sum(nv.multiply(w[:, None, None], M), axis=0), 1.5),
    Case("zscore out=X", (10**6, 64), two_copies, seed_normalize,
         lambda _, X: nv.zscore(X, axis=0, out=X), 4.0, Tol(rtol=1e-9, atol=1e-9)),
    Case("cdist euclidean", (20000, 5000, 64), point_sets, seed_chunked_distance,
         lambda A, B: nv.cdist(A, B), 3.0, Tol(rtol=1e-9, atol=1e-9)),
    Case("shares_memory", (10**6,), interleaved_views, np.shares_memory,
         lambda a, b: nv.shares_memory(a, b), 1.0, EXACT),
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


def time_once(fn: Callable[..., Any], args: tuple[Any, ...]) -> float:
    """Seconds taken by one call ``fn(*args)`` (excluding freeing the result)."""
    t0 = time.perf_counter()
    out = fn(*args)
    t1 = time.perf_counter()
    del out
    return t1 - t0


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
        row["error"] = compare(case.numpy(*args), case.numvec(*args), case.tol)
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
        f"numvec:  {getattr(nv, '__version__', 'unknown')}",
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
    p.add_argument("--filter", metavar="SUBSTR",
                   help="run only cases whose name contains SUBSTR")
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
    plt = require_matplotlib() if args.plot else None
    cases = [c for c in CASES
             if not args.filter or args.filter.lower() in c.name.lower()]
    if not cases:
        print(f"error: no case name contains {args.filter!r}", file=sys.stderr)
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
