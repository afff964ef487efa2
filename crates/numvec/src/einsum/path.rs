//! Contraction paths: the order in which einsum contracts its operands, and
//! what each step costs. Pure: label sets and sizes in, steps out.
//!
//! A path is NumPy's list of position tuples: each step names positions in
//! the current operand list, those operands are removed and their
//! contraction is appended at the end. Costs are NumPy's and opt_einsum's
//! FLOP count: the size of all labels a step touches, times the number of
//! terms minus one (at least one), plus one when a label is summed away.

use crate::error::{Error, Result};

use super::parse::Label;

/// A set of labels, bit `l` for label `l`.
pub type LabelSet = u128;

/// The largest operand count the exhaustive (`"optimal"`) search takes on;
/// above it the greedy search runs.
pub const OPTIMAL_MAX_OPERANDS: usize = 16;

/// How to choose the contraction path (NumPy's `optimize=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Optimize {
    /// `optimize=False`: `einsum_path` reports one step over all operands
    /// (NumPy's); `einsum` contracts pairwise from left to right.
    None,
    /// `optimize=True` or `'greedy'`: the cheapest pair first.
    Greedy,
    /// `optimize='optimal'`: the cheapest path over all pairwise orders.
    Optimal,
    /// An explicit path, NumPy's `['einsum_path', (0, 1), ...]` without the
    /// leading string.
    Path(Vec<Vec<usize>>),
}

/// One step of a path, with NumPy's bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Positions in the current operand list, in decreasing order.
    pub positions: Vec<usize>,
    /// The labels the result of the step keeps.
    pub result: LabelSet,
    /// Every label of the contracted operands.
    pub touched: LabelSet,
    /// The FLOP count of the step.
    pub flops: u128,
}

/// The set of `labels`.
pub fn label_set(labels: &[Label]) -> LabelSet {
    labels.iter().fold(0, |set, &l| set | (1u128 << l))
}

/// The number of elements spanned by `set`.
pub fn set_size(set: LabelSet, sizes: &[usize]) -> u128 {
    labels_of(set).fold(1u128, |acc, l| acc.saturating_mul(sizes[usize::from(l)] as u128))
}

/// The labels of `set`, in increasing order.
pub fn labels_of(set: LabelSet) -> impl Iterator<Item = Label> {
    let mut rest = set;
    std::iter::from_fn(move || {
        let label = Label::try_from(rest.trailing_zeros()).ok().filter(|_| rest != 0)?;
        rest &= rest - 1;
        Some(label)
    })
}

/// NumPy's FLOP count of one contraction.
pub fn flop_count(touched: LabelSet, inner: bool, terms: usize, sizes: &[usize]) -> u128 {
    let factor = terms.saturating_sub(1).max(1) + usize::from(inner);
    set_size(touched, sizes).saturating_mul(factor as u128)
}

/// The path for `optimize` over operands with label sets `inputs` (an
/// explicit path as given: [`steps`] checks it). Like NumPy, one or two
/// operands, or an output keeping every label, take one step.
pub fn find_path(inputs: &[LabelSet], output: LabelSet, sizes: &[usize], optimize: &Optimize) -> Vec<Vec<usize>> {
    let n = inputs.len();
    let all: LabelSet = inputs.iter().fold(0, |a, &s| a | s);
    let single_step = n <= 2 || all == output;
    match optimize {
        Optimize::Path(path) => path.clone(),
        Optimize::None => vec![(0..n).collect()],
        Optimize::Greedy | Optimize::Optimal if single_step => vec![(0..n).collect()],
        Optimize::Greedy => greedy_path(inputs, output, sizes),
        Optimize::Optimal if n <= OPTIMAL_MAX_OPERANDS => optimal_path(inputs, output, sizes),
        Optimize::Optimal => greedy_path(inputs, output, sizes),
    }
}

/// Pairwise from left to right: `[(0, 1), (0, 1), ...]` (`[(0,)]` for one operand).
pub fn left_to_right(n: usize) -> Vec<Vec<usize>> {
    if n <= 1 { vec![(0..n).collect()] } else { vec![vec![0, 1]; n - 1] }
}

/// The steps of `path`, with the labels each result keeps and its cost.
///
/// # Errors
/// [`Error::Einsum`] when a step names a position twice or out of range, is
/// empty, or the path leaves more than one operand.
pub fn steps(inputs: &[LabelSet], output: LabelSet, sizes: &[usize], path: &[Vec<usize>]) -> Result<Vec<Step>> {
    let mut sets = inputs.to_vec();
    let mut steps = Vec::with_capacity(path.len());
    for positions in path {
        let mut positions = positions.clone();
        positions.sort_unstable_by(|a, b| b.cmp(a));
        let distinct = positions.windows(2).all(|w| w[0] != w[1]);
        if positions.is_empty() || !distinct || positions[0] >= sets.len() {
            return Err(Error::Einsum(format!("invalid einsum_path step {positions:?} for {} operands", sets.len())));
        }
        let touched = positions.iter().fold(0, |a, &p| a | sets[p]);
        for &p in &positions {
            sets.remove(p);
        }
        let keep = sets.iter().fold(output, |a, &s| a | s);
        let result = touched & keep;
        let flops = flop_count(touched, touched != result, positions.len(), sizes);
        sets.push(result);
        steps.push(Step { positions, result, touched, flops });
    }
    if sets.len() != 1 {
        return Err(Error::Einsum(format!(
            "Invalid einsum_path is specified: {} more operands has to be contracted.",
            sets.len() - 1
        )));
    }
    Ok(steps)
}

/// The total FLOP count of a path.
fn path_cost(inputs: &[LabelSet], output: LabelSet, sizes: &[usize], path: &[Vec<usize>]) -> u128 {
    steps(inputs, output, sizes, path).map_or(u128::MAX, |s| s.iter().map(|s| s.flops).sum())
}

/// The greedy path: the cheaper of two pair-first searches that both
/// contract first the pair removing the most elements (ties: fewest FLOPs).
/// One is NumPy's (intermediates no larger than the largest operand or
/// output), the other opt_einsum's (no size limit).
pub fn greedy_path(inputs: &[LabelSet], output: LabelSet, sizes: &[usize]) -> Vec<Vec<usize>> {
    let limit = inputs.iter().chain([&output]).map(|&s| set_size(s, sizes)).max().unwrap_or(1);
    let candidates = [greedy_search(inputs, output, sizes, Some(limit)), greedy_search(inputs, output, sizes, None)];
    candidates.into_iter().min_by_key(|path| path_cost(inputs, output, sizes, path)).unwrap_or_default()
}

/// One greedy search; `limit` bounds the size of intermediates.
fn greedy_search(inputs: &[LabelSet], output: LabelSet, sizes: &[usize], limit: Option<u128>) -> Vec<Vec<usize>> {
    let mut sets = inputs.to_vec();
    let mut path = Vec::new();
    while sets.len() > 1 {
        let best =
            best_pair(&sets, output, sizes, limit, true).or_else(|| best_pair(&sets, output, sizes, limit, false));
        let Some((i, j, result)) = best else {
            path.push((0..sets.len()).collect());
            break;
        };
        sets.remove(j);
        sets.remove(i);
        sets.push(result);
        path.push(vec![i, j]);
    }
    path
}

/// The pair `(i, j)`, `i < j`, of the greedy rule and its result; with
/// `sharing`, only pairs with a common label.
fn best_pair(
    sets: &[LabelSet],
    output: LabelSet,
    sizes: &[usize],
    limit: Option<u128>,
    sharing: bool,
) -> Option<(usize, usize, LabelSet)> {
    let mut best: Option<((i128, u128), usize, usize, LabelSet)> = None;
    for i in 0..sets.len() {
        for j in i + 1..sets.len() {
            if sharing && sets[i] & sets[j] == 0 {
                continue;
            }
            let keep = sets.iter().enumerate().filter(|&(k, _)| k != i && k != j).fold(output, |a, (_, &s)| a | s);
            let touched = sets[i] | sets[j];
            let result = touched & keep;
            let new_size = set_size(result, sizes);
            if limit.is_some_and(|limit| new_size > limit) {
                continue;
            }
            let removed = set_size(sets[i], sizes) as i128 + set_size(sets[j], sizes) as i128 - new_size as i128;
            let key = (-removed, flop_count(touched, touched != result, 2, sizes));
            if best.as_ref().is_none_or(|b| key < b.0) {
                best = Some((key, i, j, result));
            }
        }
    }
    best.map(|(_, i, j, result)| (i, j, result))
}

/// The cheapest pairwise path: dynamic programming over subsets of
/// operands (the labels a subset's contraction keeps depend only on the
/// subset, so the cost of a contraction tree does not depend on its order).
pub fn optimal_path(inputs: &[LabelSet], output: LabelSet, sizes: &[usize]) -> Vec<Vec<usize>> {
    let n = inputs.len();
    let full = (1usize << n) - 1;
    let mut union = vec![0 as LabelSet; 1 << n];
    for subset in 1..=full {
        let low = subset.trailing_zeros() as usize;
        union[subset] = union[subset & (subset - 1)] | inputs[low];
    }
    let kept = |subset: usize| union[subset] & (union[full ^ subset] | output);
    let mut cost = vec![u128::MAX; 1 << n];
    let mut split = vec![0usize; 1 << n];
    for (i, c) in cost.iter_mut().enumerate().take(full + 1) {
        if i.is_power_of_two() {
            *c = 0;
        }
    }
    for subset in 1..=full {
        if subset.is_power_of_two() {
            continue;
        }
        let result = kept(subset);
        // Each unordered split once: the part holding the lowest operand.
        let low = subset & subset.wrapping_neg();
        let mut part = (subset - 1) & subset;
        while part > 0 {
            if part & low != 0 {
                let other = subset ^ part;
                let (a, b) = (cost[part], cost[other]);
                if a != u128::MAX && b != u128::MAX {
                    let touched = kept(part) | kept(other);
                    let total = a.saturating_add(b).saturating_add(flop_count(touched, touched != result, 2, sizes));
                    if total < cost[subset] {
                        cost[subset] = total;
                        split[subset] = part;
                    }
                }
            }
            part = (part - 1) & subset;
        }
    }
    let mut operands: Vec<usize> = (0..n).map(|i| 1 << i).collect();
    let mut path = Vec::with_capacity(n - 1);
    emit(full, &split, &mut operands, &mut path);
    path
}

/// Appends the steps of the contraction tree of `subset` to `path`
/// (children first), keeping `operands` as NumPy's operand list.
fn emit(subset: usize, split: &[usize], operands: &mut Vec<usize>, path: &mut Vec<Vec<usize>>) {
    if subset.is_power_of_two() {
        return;
    }
    let (a, b) = (split[subset], subset ^ split[subset]);
    emit(a, split, operands, path);
    emit(b, split, operands, path);
    let position = |operands: &[usize], s| operands.iter().position(|&o| o == s).expect("child contracted before");
    let (pa, pb) = (position(operands, a), position(operands, b));
    let (i, j) = (pa.min(pb), pa.max(pb));
    operands.remove(j);
    operands.remove(i);
    operands.push(subset);
    path.push(vec![i, j]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Label sets from letters (`a` = 0 ...) and sizes per letter.
    fn sets(terms: &[&str]) -> Vec<LabelSet> {
        terms.iter().map(|t| t.bytes().fold(0, |s, c| s | (1u128 << (c - b'a')))).collect()
    }

    #[test]
    fn numpy_docstring_example() {
        // abd,ac,bdc-> with a=1, b=2, c=3, d=4: NumPy gives [(0, 2), (0, 1)].
        let inputs = sets(&["abd", "ac", "bdc"]);
        let sizes = [1, 2, 3, 4];
        assert_eq!(greedy_path(&inputs, 0, &sizes), vec![vec![0, 2], vec![0, 1]]);
        assert_eq!(optimal_path(&inputs, 0, &sizes), vec![vec![0, 2], vec![0, 1]]);
    }

    #[test]
    fn chain_product_contracts_the_thin_ends_first() {
        // ij,jk,kl,lm->im with sizes 10, 1000, 10, 1000, 10.
        let inputs = sets(&["ab", "bc", "cd", "de"]);
        let output = sets(&["ae"])[0];
        let sizes = [10, 1000, 10, 1000, 10];
        let cost = |p: &[Vec<usize>]| path_cost(&inputs, output, &sizes, p);
        assert_eq!(cost(&optimal_path(&inputs, output, &sizes)), 402_000);
        assert_eq!(cost(&greedy_path(&inputs, output, &sizes)), 402_000);
    }

    #[test]
    fn explicit_paths_are_checked() {
        let inputs = sets(&["ab", "bc", "cd"]);
        assert!(steps(&inputs, 0, &[2; 4], &[vec![0, 1]]).is_err());
        assert!(steps(&inputs, 0, &[2; 4], &[vec![0, 3], vec![0, 1]]).is_err());
        assert!(steps(&inputs, 0, &[2; 4], &[vec![1, 1], vec![0, 1]]).is_err());
        let s = steps(&inputs, 0, &[2; 4], &[vec![2, 1], vec![0, 1]]).unwrap();
        assert_eq!(s[0].positions, vec![2, 1]);
        // bc,cd->b (d is summed away), then ab,b->: 4 elements, an inner product.
        assert_eq!(s[1].flops, 2 * 2 * 2);
    }
}
