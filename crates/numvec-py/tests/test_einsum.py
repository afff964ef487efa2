"""numvec's einsum, einsum_path and matmul against NumPy's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from oracle import assert_same, numpy_result
from strategies import layouts

import numvec as nv

LETTERS = "abcdeA"
OPTIMIZE = [False, True, "greedy", "optimal"]
EXACT_DTYPES = [np.int32, np.int64, np.float32, np.float64, np.bool_]


@st.composite
def expressions(draw, dtypes=EXACT_DTYPES):
    """A valid einsum call: 1-5 operands of rank 0-4 (with `...`), sizes
    0-5, repeated labels, size-1 axes broadcasting, any layout. Values are
    small integers, so every order of summation gives the same result."""
    dtype = np.dtype(draw(st.sampled_from(dtypes)))
    sizes = {c: draw(st.sampled_from([0, 1, 2, 3, 4, 5] if draw(st.booleans()) else [1, 2, 3, 4])) for c in LETTERS}
    broadcast = draw(st.lists(st.integers(1, 3), max_size=2))
    n = draw(st.integers(1, 5))
    terms, operands = [], []
    for _ in range(n):
        labels = draw(st.lists(st.sampled_from(LETTERS), max_size=4 if n < 4 else 2))
        ellipsis = draw(st.booleans()) and len(labels) < 4
        shape = []
        for k, c in enumerate(labels):
            repeated = labels.count(c) > 1
            shape.append(1 if not repeated and draw(st.integers(0, 4)) == 0 else sizes[c])
        term = "".join(labels)
        if ellipsis:
            at = draw(st.integers(0, len(labels)))
            dims = broadcast[len(broadcast) - draw(st.integers(0, len(broadcast))) :]
            dims = [d if draw(st.integers(0, 3)) else 1 for d in dims]
            term = term[:at] + "..." + term[at:]
            shape = shape[:at] + dims + shape[at:]
        values = draw(hnp.arrays(dtype, tuple(shape), elements=st.integers(-3, 3) if dtype.kind != "b" else st.booleans()))
        terms.append(term)
        operands.append(draw(layouts(values)))
    subscripts = ",".join(terms)
    if draw(st.booleans()):
        used = sorted({c for t in terms for c in t if c != "."})
        out = draw(st.permutations(used))[: draw(st.integers(0, len(used)))]
        ellipsis_out = "..." if any("..." in t for t in terms) else ""
        subscripts += "->" + ellipsis_out + "".join(out)
    return subscripts, operands


@settings(max_examples=300, deadline=None)
@given(expressions(), st.sampled_from(OPTIMIZE))
def test_einsum_matches_numpy(expression, optimize):
    subscripts, operands = expression
    expected, error = numpy_result(np.einsum, subscripts, *operands)
    if error is not None:
        with pytest.raises(ValueError):
            nv.einsum(subscripts, *operands, optimize=optimize)
        return
    assert_same(nv.einsum(subscripts, *operands, optimize=optimize), expected, check_zero_sign=False)


@settings(max_examples=100, deadline=None)
@given(expressions(dtypes=[np.float32, np.float64]))
def test_explicit_paths_from_numpy_run(expression):
    subscripts, operands = expression
    path, error = numpy_result(np.einsum_path, subscripts, *operands, optimize="greedy")
    if error is not None:
        return
    expected = np.einsum(subscripts, *operands)
    assert_same(nv.einsum(subscripts, *operands, optimize=path[0]), expected, check_zero_sign=False)


@st.composite
def float_contractions(draw):
    """Matrix-product-shaped contractions on random floats."""
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    b, i, j, k = (draw(st.integers(1, 9)) for _ in range(4))
    case = draw(st.sampled_from(["bij,bjk->bik", "ij,jk->ik", "bij,bkj->bki", "ij,ij->i", "i,ij,j->", "bhid,bhjd->bhij"]))
    shapes = {
        "bij,bjk->bik": [(b, i, j), (b, j, k)],
        "ij,jk->ik": [(i, j), (j, k)],
        "bij,bkj->bki": [(b, i, j), (b, k, j)],
        "ij,ij->i": [(i, j), (i, j)],
        "i,ij,j->": [(i,), (i, j), (j,)],
        "bhid,bhjd->bhij": [(b, 2, i, k), (b, 2, j, k)],
    }[case]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    operands = [draw(layouts(rng.standard_normal(s).astype(dtype))) for s in shapes]
    return case, operands


@settings(max_examples=150, deadline=None)
@given(float_contractions(), st.sampled_from(OPTIMIZE))
def test_float_contractions_agree_within_rounding(case, optimize):
    subscripts, operands = case
    expected = np.einsum(subscripts, *operands)
    rtol = 1e-4 if operands[0].dtype == np.float32 else 1e-10
    actual = nv.einsum(subscripts, *operands, optimize=optimize)
    scale = np.einsum(subscripts, *[np.abs(op) for op in operands])
    assert np.asarray(actual).dtype == np.asarray(expected).dtype
    np.testing.assert_array_less(np.abs(actual - expected), rtol * scale + 1e-30)


def test_special_values_propagate():
    a = np.array([[np.inf, 1.0], [np.nan, -0.0]])
    b = np.array([[0.0, 1.0], [2.0, 3.0]])
    for optimize in OPTIMIZE:
        assert_same(nv.einsum("ij,jk->ik", a, b, optimize=optimize), np.einsum("ij,jk->ik", a, b), check_zero_sign=False)
    assert_same(nv.matmul(a, b), a @ b, check_zero_sign=False)


def test_integers_wrap_like_numpy():
    a = np.full((3, 3), 2**30, dtype=np.int32)
    assert_same(nv.einsum("ij,jk->ik", a, a), np.einsum("ij,jk->ik", a, a))
    assert_same(nv.matmul(a, a), a @ a)
    b = np.full((2, 2), 2**62, dtype=np.int64)
    assert_same(nv.einsum("ij,jk", b, b), np.einsum("ij,jk", b, b))


@pytest.mark.parametrize(
    ("subscripts", "shapes"),
    [
        ("ij,jk->ii", [(2, 3), (3, 2)]),
        ("ij->k", [(2, 3)]),
        ("ij", [(2, 3), (2, 3)]),
        ("ij,jk", [(2, 3)]),
        ("i", [(2, 3)]),
        ("ijk", [(2, 3)]),
        ("ii", [(2, 3)]),
        ("i,i", [(2,), (3,)]),
        ("i$", [(2, 3)]),
        ("ij->j.", [(2, 3)]),
        ("..i", [(2, 3)]),
        ("ij->i->j", [(2, 3)]),
        ("...i,...i", [(2, 3), (4, 3)]),
        ("ii->i", [(1, 3)]),
    ],
)
def test_invalid_subscripts_raise_value_error(subscripts, shapes):
    operands = [np.ones(s) for s in shapes]
    for optimize in OPTIMIZE:
        with pytest.raises(ValueError):
            np.einsum(subscripts, *operands, optimize=optimize)
        with pytest.raises(ValueError):
            nv.einsum(subscripts, *operands, optimize=optimize)


def test_dropped_broadcast_axes_raise_value_error():
    # NumPy's optimized path sums them; its default (and numvec, always) raises.
    with pytest.raises(ValueError):
        np.einsum("...i->i", np.ones((2, 3)))
    with pytest.raises(ValueError):
        nv.einsum("...i->i", np.ones((2, 3)), optimize=True)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab.,->$ A", max_size=10), st.lists(st.integers(1, 3), min_size=0, max_size=3))
def test_random_strings_fail_like_numpy(subscripts, shape):
    operands = [np.ones(shape)] * (subscripts.split("->")[0].count(",") + 1)
    expected, error = numpy_result(np.einsum, subscripts, *operands)
    if isinstance(error, ValueError):
        with pytest.raises(ValueError):
            nv.einsum(subscripts, *operands)
    elif error is None:
        assert_same(nv.einsum(subscripts, *operands), expected)


def test_interleaved_form_and_scalars():
    a, b = np.arange(6).reshape(2, 3), np.arange(12).reshape(3, 4)
    assert_same(nv.einsum(a, [0, 1], b, [1, 2], [0, 2]), np.einsum(a, [0, 1], b, [1, 2], [0, 2]))
    assert_same(nv.einsum(a, [Ellipsis, 1], [Ellipsis]), np.einsum(a, [Ellipsis, 1], [Ellipsis]))
    assert_same(nv.einsum("i,i", [1, 2], [3, 4]), np.einsum("i,i", [1, 2], [3, 4]))
    assert_same(nv.einsum(",", 2, 3.5), np.einsum(",", 2, 3.5))


def test_out_including_an_operand():
    x = np.arange(9.0).reshape(3, 3)
    expected = x @ x
    out = x.copy()
    result = nv.einsum("ij,jk->ik", out, out, out=out)
    assert result is out
    np.testing.assert_array_equal(out, expected)
    y = np.arange(9.0).reshape(3, 3)
    assert nv.matmul(y, y, out=y) is y
    np.testing.assert_array_equal(y, expected)
    wide = np.zeros(3)
    nv.einsum("ij->i", np.arange(9).reshape(3, 3), out=wide)
    np.testing.assert_array_equal(wide, [3.0, 12.0, 21.0])
    with pytest.raises(ValueError):
        nv.einsum("ij->i", x, out=np.zeros(4))


def test_optimize_values():
    a = np.ones((2, 3))
    with pytest.raises(KeyError):
        nv.einsum("ij,jk", a, a.T, optimize="fastest")
    with pytest.raises(TypeError):
        nv.einsum("ij,jk", a, a.T, optimize=3.5)
    assert_same(nv.einsum("ij,jk", a, a.T, optimize=("greedy", 10**6)), a @ a.T)
    assert_same(nv.einsum("ij,jk", a, a.T, optimize=None), a @ a.T)


@pytest.mark.parametrize(
    ("subscripts", "shapes"),
    [
        ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
        ("ea,fb,abcd,gc,hd->efgh", [(10, 10), (10, 10), (10, 10, 10, 10), (10, 10), (10, 10)]),
        ("ij,jk,kl,lm->im", [(10, 1000), (1000, 10), (10, 1000), (1000, 10)]),
        ("bhid,bhjd->bhij", [(2, 3, 4, 5), (2, 3, 6, 5)]),
        ("ii,i", [(3, 3), (3,)]),
    ],
)
@pytest.mark.parametrize("optimize", ["greedy", "optimal", False])
def test_einsum_path_matches_numpy(subscripts, shapes, optimize):
    operands = [np.ones(s) for s in shapes]
    path, report = nv.einsum_path(subscripts, *operands, optimize=optimize)
    np_path, np_report = np.einsum_path(subscripts, *operands, optimize=optimize)
    if optimize == "optimal":
        # Paths of equal cost may differ in order; the cost may not.
        assert flops(report) == flops(np_report)
    else:
        assert path == np_path
        assert report == np_report


def flops(report):
    """The optimized FLOP count of an einsum_path report."""
    line = next(line for line in report.splitlines() if "Optimized FLOP" in line)
    return float(line.split()[-1])


def test_einsum_path_costs_no_more_than_numpy():
    # NumPy's intermediates may be no larger than its largest operand; with
    # that limit its greedy path here costs more.
    shapes = [(8, 9, 10), (9, 10, 11), (10, 11, 12), (11, 12, 13)]
    operands = [np.ones(s) for s in shapes]
    for optimize in ["greedy", "optimal"]:
        _, report = nv.einsum_path("abc,bcd,cde,def->af", *operands, optimize=optimize)
        _, np_report = np.einsum_path("abc,bcd,cde,def->af", *operands, optimize=optimize)
        assert flops(report) <= flops(np_report)


@st.composite
def matmul_operands(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(signature=np.matmul.signature, max_dims=3, max_side=5))
    dtype = draw(st.sampled_from(EXACT_DTYPES))
    elements = st.integers(-3, 3) if np.dtype(dtype).kind != "b" else st.booleans()
    return [draw(layouts(draw(hnp.arrays(dtype, s, elements=elements)))) for s in shapes.input_shapes]


@settings(max_examples=200, deadline=None)
@given(matmul_operands())
def test_matmul_matches_numpy(operands):
    a, b = operands
    assert_same(nv.matmul(a, b), np.matmul(a, b), check_zero_sign=False)


def test_matmul_errors_and_promotion():
    with pytest.raises(ValueError):
        nv.matmul(np.ones(3), np.ones(4))
    with pytest.raises(ValueError):
        nv.matmul(np.float64(2.0), np.ones(3))
    with pytest.raises(ValueError):
        nv.matmul(np.ones((2, 2, 2)), np.ones((3, 2, 2)))
    a = np.arange(4, dtype=np.int32).reshape(2, 2)
    assert_same(nv.matmul(a, a.astype(np.float32)), np.matmul(a, a.astype(np.float32)))
    assert_same(nv.matmul([[1, 2]], [[3], [4]]), np.matmul([[1, 2]], [[3], [4]]))
