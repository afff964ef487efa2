"""The seed's challenges 1 to 5: its loop versions and assertions unchanged,
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


def test_challenge_2():
    np.random.seed(42)
    A = np.random.randn(3, 4)
    B = np.random.randn(4, 5)
    v = np.random.randn(4)  # noqa: F841 - drawn as in the seed
    X = np.random.randn(8, 3, 4)  # batch of matrices
    Y = np.random.randn(8, 4, 5)  # batch of matrices

    # 1. Matrix multiply: A @ B
    result1 = nv.einsum("ij,jk->ik", A, B)
    assert np.allclose(result1, A @ B)

    # 2. Dot product: a . b
    a, b = np.random.randn(5), np.random.randn(5)
    result2 = nv.einsum("i,i->", a, b)
    assert np.allclose(result2, np.dot(a, b))

    # 3. Outer product: a outer b
    result3 = nv.einsum("i,j->ij", a, b)
    assert np.allclose(result3, np.outer(a, b))

    # 4. Trace: sum of diagonal elements
    result4 = nv.einsum("ii->", np.random.randn(4, 4).astype(float))  # noqa: F841
    M = np.random.randn(4, 4)
    assert np.allclose(nv.einsum("ii->", M), np.trace(M))

    # 5. Batch matrix multiply: X[b] @ Y[b] for each b
    result5 = nv.einsum("bij,bjk->bik", X, Y)
    expected5 = np.array([X[i] @ Y[i] for i in range(8)])
    assert np.allclose(result5, expected5)

    # 6. Matrix transpose
    result6 = nv.einsum("ij->ji", A)
    assert np.allclose(result6, A.T)

    # 7. Row-wise dot product: sum(A * B, axis=1) for matching-dimension matrices
    C = np.random.randn(10, 5)
    D = np.random.randn(10, 5)
    result7 = nv.einsum("ij,ij->i", C, D)
    assert np.allclose(result7, (C * D).sum(axis=1))

    # 8. Bilinear form: x^T M x
    x = np.random.randn(4)
    M = np.random.randn(4, 4)
    result8 = nv.einsum("i,ij,j->", x, M, x)
    assert np.allclose(result8, x @ M @ x)

    # 9. Attention scores: Q @ K^T / sqrt(d) for batched multi-head attention
    B, H, T, D = 2, 4, 8, 16  # batch, heads, seq_len, dim
    Q = np.random.randn(B, H, T, D)
    K = np.random.randn(B, H, T, D)
    scores = nv.einsum("bhid,bhjd->bhij", Q, K) / np.sqrt(D)
    expected_scores = np.zeros((B, H, T, T))
    for bi in range(B):
        for hi in range(H):
            expected_scores[bi, hi] = Q[bi, hi] @ K[bi, hi].T / np.sqrt(D)
    assert np.allclose(scores, expected_scores)


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


def test_challenge_5e():
    np.random.seed(42)
    # The seed draws the inputs of problems A to D first.
    V, D, N = 10000, 128, 64
    np.random.randn(V, D)
    np.random.randint(0, V, N)
    np.random.randn(N, D)
    np.random.randn(5, 5)
    np.random.randn(8, 4, 4)

    # Problem E: top-k per row with values, in one call
    X = np.random.randn(100, 50)
    k = 5
    top_k_vals_sorted, top_k_idx_sorted = nv.top_k(X, k, axis=1)
    assert np.allclose(top_k_vals_sorted[:, 0], X.max(axis=1))

    # The seed's three steps give the same result.
    top_k_idx = np.argpartition(X, -k, axis=1)[:, -k:]
    top_k_vals = X[np.arange(100)[:, None], top_k_idx]
    sort_idx = np.argsort(-top_k_vals, axis=1)
    assert np.array_equal(top_k_idx_sorted, np.take_along_axis(top_k_idx, sort_idx, axis=1))
    assert np.array_equal(top_k_vals_sorted, np.take_along_axis(top_k_vals, sort_idx, axis=1))
def test_challenge5_advanced_indexing():
    """The seed's challenge 5 (problem E, top-k, has its own test), numvec
    supplying each indexing operation."""
    np.random.seed(42)

    # Problem A: gather (embedding lookup)
    V, D, N = 10000, 128, 64
    E = np.random.randn(V, D)
    idx = np.random.randint(0, V, N)
    embeddings = nv.getitem(E, idx)
    assert embeddings.shape == (N, D)
    assert np.array_equal(embeddings[0], E[idx[0]])
    assert np.array_equal(nv.take(E, idx, axis=0), E[idx])

    # Problem B: scatter-add
    grad_output = np.random.randn(N, D)
    grad_E = np.zeros_like(E)
    nv.add_at(grad_E, idx, grad_output)
    expected = np.zeros_like(E)
    np.add.at(expected, idx, grad_output)
    assert np.array_equal(grad_E, expected)

    # Problem C: diagonals
    M = np.random.randn(5, 5)
    main_diag = nv.diag(M)
    super_diag = nv.diag(M, k=1)
    sub_diag = nv.diag(M, k=-1)
    assert len(main_diag) == 5
    assert len(super_diag) == 4
    assert np.array_equal(sub_diag, np.diag(M, k=-1))

    # Problem D: batch diagonals
    batch_matrices = np.random.randn(8, 4, 4)
    B, N_dim = batch_matrices.shape[0], batch_matrices.shape[1]
    b_idx = np.arange(B)[:, None]
    n_idx = np.arange(N_dim)[None, :]
    batch_diags = nv.getitem(batch_matrices, (b_idx, n_idx, n_idx))
    assert batch_diags.shape == (B, N_dim)
    for b in range(B):
        assert np.array_equal(batch_diags[b], np.diag(batch_matrices[b]))
    assert np.array_equal(nv.diagonal(batch_matrices, axis1=1, axis2=2), batch_diags)

    # Problem E (top-k) draws its X here; the stream continues as in the seed.
    np.random.randn(100, 50)

    # Problem F: masked fill (causal attention)
    seq_len = 8
    causal_mask = nv.triu(np.ones((seq_len, seq_len), dtype=bool), k=1)
    attention_scores = np.random.randn(seq_len, seq_len)
    fused = attention_scores.copy()
    nv.setitem(attention_scores, causal_mask, -np.inf)
    assert np.all(attention_scores[0, 1:] == -np.inf), "Future positions should be -inf"
    assert attention_scores[0, 0] != -np.inf, "Current position should not be masked"
    nv.triu_fill(fused, -np.inf, k=1)
    assert np.array_equal(fused, attention_scores)


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
