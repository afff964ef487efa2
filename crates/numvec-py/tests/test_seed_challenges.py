"""The seed's challenges 1, 3 and 4: its loop versions and assertions unchanged,
its vectorized solutions calling numvec."""

import numpy as np

import numvec as nv

# ---- Challenge 1: loop versions, as in the seed ----


def running_sum_loop(x):
    result = np.zeros_like(x)
    total = 0
    for i in range(len(x)):
        total += x[i]
        result[i] = total
    return result


def pairwise_products_loop(a, b):
    M, N = len(a), len(b)
    result = np.zeros((M, N))
    for i in range(M):
        for j in range(N):
            result[i, j] = a[i] * b[j]
    return result


def window_mean_loop(x, w):
    n = len(x) - w + 1
    result = np.zeros(n)
    for i in range(n):
        result[i] = x[i : i + w].mean()
    return result


def replace_negatives_loop(X):
    result = X.copy()
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if result[i, j] < 0:
                result[i, j] = 0
    return result


def argmax_onehot_loop(X):
    N, C = X.shape
    result = np.zeros_like(X)
    for i in range(N):
        j = 0
        for k in range(1, C):
            if X[i, k] > X[i, j]:
                j = k
        result[i, j] = 1
    return result


# ---- Challenge 1: vectorized solutions, with numvec ----


def running_sum_vec(x):
    return nv.cumsum(x)


def pairwise_products_vec(a, b):
    return nv.outer(a, b)


def window_mean_vec(x, w):
    return nv.window_mean(x, w)


def replace_negatives_vec(X):
    return nv.maximum(X, 0)


def argmax_onehot_vec(X):
    return nv.argmax_onehot(X, axis=1)


def test_challenge_1():
    np.random.seed(42)
    x = np.random.randn(1000)
    assert np.allclose(running_sum_loop(x), running_sum_vec(x))
    a, b = np.random.randn(50), np.random.randn(60)
    assert np.allclose(pairwise_products_loop(a, b), pairwise_products_vec(a, b))
    x = np.random.randn(100)
    assert np.allclose(window_mean_loop(x, 5), window_mean_vec(x, 5))
    X = np.random.randn(100, 50)
    assert np.allclose(replace_negatives_loop(X), replace_negatives_vec(X))
    X = np.random.randn(100, 10)
    assert np.allclose(argmax_onehot_loop(X), argmax_onehot_vec(X))


def test_challenge_4():
    np.random.seed(42)

    # Problem A: multiplication table
    r = np.arange(1, 11)
    mult_table = nv.multiply(r[:, None], r[None, :])
    assert mult_table[0, 0] == 1 and mult_table[9, 9] == 100
    assert mult_table[2, 3] == 12

    # Problem B: subtract row mean
    X = np.random.randn(5, 4)
    X_centered = nv.subtract(X, nv.mean(X, axis=1, keepdims=True))
    assert np.allclose(X_centered.mean(axis=1), 0)

    # Problem C: divide each row by its L2 norm
    norms = nv.norm(X, axis=1, keepdims=True)
    X_normalized = nv.divide(X, norms)
    assert np.allclose(np.linalg.norm(X_normalized, axis=1), 1.0)

    # Problem D: distance matrix between 1-D points
    points = np.array([1.0, 3.0, 5.0, 7.0])
    dist_1d = nv.abs(nv.subtract(points[:, None], points[None, :]))
    assert dist_1d[0, 3] == 6.0 and dist_1d[1, 2] == 2.0

    # Problem E: per-feature thresholds
    X = np.random.randn(100, 5)
    thresholds = np.array([0.0, 0.5, -0.5, 1.0, -1.0])
    mask = nv.greater(X, thresholds)
    assert mask.shape == (100, 5)
    assert np.array_equal(mask, X > thresholds)

    # Problem F: temperature scaling
    logits = np.random.randn(10, 5)
    temperatures = np.array([0.1, 0.5, 1.0, 2.0, 5.0])
    scaled = nv.divide(logits, temperatures[None, :])
    assert scaled.shape == (10, 5)
    assert np.allclose(scaled, logits / temperatures[None, :])

    # Problem G: weighted average of feature matrices
    matrices = np.random.randn(3, 100, 64)
    weights = np.array([0.5, 0.3, 0.2])
    weighted_avg = nv.sum(nv.multiply(weights[:, None, None], matrices), axis=0)
    assert weighted_avg.shape == (100, 64)
    assert np.allclose(weighted_avg, (weights[:, None, None] * matrices).sum(axis=0))


# ---- Challenge 3: the seed's verification, with numvec's solutions ----


def memory_efficient_normalize(X):
    return nv.zscore(X, axis=0, out=X)


def chunked_pairwise_distance(A, B, chunk_size=1000):
    out = np.empty((A.shape[0], B.shape[0]))
    for start in range(0, A.shape[0], chunk_size):
        nv.cdist(A[start : start + chunk_size], B, out=out[start : start + chunk_size])
    return out


def test_challenge_3():
    X = np.random.randn(100, 10).copy()
    X_id = id(X)
    result = memory_efficient_normalize(X)
    assert id(result) == X_id, "Should return the same array (in-place)"
    assert np.allclose(X.mean(axis=0), 0, atol=1e-10), "Mean should be ~0"

    A = np.random.randn(500, 64)
    B = np.random.randn(300, 64)
    dist_chunked = chunked_pairwise_distance(A, B, chunk_size=100)
    A_sq = np.sum(A**2, axis=1, keepdims=True)
    B_sq = np.sum(B**2, axis=1, keepdims=True)
    dist_full = np.sqrt(np.maximum(A_sq + B_sq.T - 2 * A @ B.T, 0))
    assert np.allclose(dist_chunked, dist_full, atol=1e-6), "Chunked should match full"
    assert np.allclose(nv.cdist(A, B), dist_full, atol=1e-6)

    X = np.arange(12).reshape(3, 4)
    row_view = X[0]
    row_copy = X[0].copy()
    assert nv.shares_memory(X, row_view), "Slicing creates views"
    assert not nv.shares_memory(X, row_copy), "copy() creates independent array"
    transpose_view = X.T
    assert nv.shares_memory(X, transpose_view), "Transpose is a view"
    fancy_copy = X[[0, 2]]
    assert not nv.shares_memory(X, fancy_copy), "Fancy indexing creates copies"
