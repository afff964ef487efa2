//! Runs a checked contraction list on arrays: repeated labels become
//! diagonal views, each step runs as planned (batched matrix product or
//! fused sum of products), and the last step writes into the output.

use ndarray::{ArrayBase, ArrayD, ArrayViewD, ArrayViewMutD, Axis, CowArray, IxDyn, RawData};

use crate::elementwise::multiply_into;
use crate::error::Result;
use crate::kernels::einsum::{diagonal_view, sum_of_products};
use crate::linalg::LinalgElement;
use crate::linalg::matmul::batched_product_into;
use crate::output::{stored, zeros};

use super::parse::Label;
use super::path::{LabelSet, Step, label_set};
use super::plan::{Lowering, MatrixStep, after_own_sums, lower};

/// An operand or intermediate with one distinct label per axis.
pub(crate) struct Tensor<'a, A> {
    data: CowArray<'a, A, IxDyn>,
    labels: Vec<Label>,
}

impl<'a, A> Tensor<'a, A> {
    /// An input operand: axes with a repeated label become one diagonal axis (a view).
    pub(crate) fn input(view: ArrayViewD<'a, A>, labels: &[Label]) -> Self {
        let mut distinct: Vec<Label> = Vec::with_capacity(labels.len());
        let mut groups: Vec<Vec<usize>> = Vec::with_capacity(labels.len());
        for (axis, &label) in labels.iter().enumerate() {
            match distinct.iter().position(|&l| l == label) {
                Some(d) => groups[d].push(axis),
                None => {
                    distinct.push(label);
                    groups.push(vec![axis]);
                }
            }
        }
        let view = if distinct.len() < labels.len() { diagonal_view(view, &groups) } else { view };
        Tensor { data: CowArray::from(view), labels: distinct }
    }
}

/// Runs `steps` on `operands`; the last step writes into `out`, whose axes
/// carry `output` labels.
///
/// # Errors
/// [`Error::TooLarge`](crate::Error::TooLarge) when an intermediate cannot be allocated.
pub(crate) fn run<A: LinalgElement>(
    mut operands: Vec<Tensor<'_, A>>,
    steps: &[Step],
    output: &[Label],
    out: ArrayViewMutD<'_, A>,
) -> Result<()> {
    let Some((last, intermediate)) = steps.split_last() else { return Ok(()) };
    for step in intermediate {
        let taken = take(&mut operands, &step.positions);
        if let [single] = taken.as_slice()
            && label_set(&single.labels) == step.result
        {
            // A transpose: nothing to compute.
            operands.extend(taken);
            continue;
        }
        let order = appearance_order(&taken, step.result);
        let lowering = lower(&labels_of(&taken), step.result, &order);
        let labels = match &lowering {
            Lowering::Matrix(matrix) => matrix.result_order(),
            Lowering::SumProduct => order,
        };
        let refs: Vec<&Tensor<'_, A>> = taken.iter().collect();
        let shape: Vec<usize> = labels.iter().map(|&l| local_size(&refs, l)).collect();
        let mut result = zeros::<A, _>(IxDyn(&shape))?;
        contract(taken, &lowering, &labels, result.view_mut())?;
        operands.push(Tensor { data: CowArray::from(result), labels });
    }
    let taken = take(&mut operands, &last.positions);
    let lowering = lower(&labels_of(&taken), last.result, output);
    contract(taken, &lowering, output, out)
}

/// Removes the operands at `positions` (decreasing), in that order.
fn take<'a, A>(operands: &mut Vec<Tensor<'a, A>>, positions: &[usize]) -> Vec<Tensor<'a, A>> {
    positions.iter().map(|&p| operands.remove(p)).collect()
}

fn labels_of<A>(tensors: &[Tensor<'_, A>]) -> Vec<Vec<Label>> {
    tensors.iter().map(|t| t.labels.clone()).collect()
}

/// The labels of `result`, in the order they first appear in `tensors`.
fn appearance_order<A>(tensors: &[Tensor<'_, A>], result: LabelSet) -> Vec<Label> {
    let mut order = Vec::new();
    for &l in tensors.iter().flat_map(|t| &t.labels) {
        if result & (1u128 << l) != 0 && !order.contains(&l) {
            order.push(l);
        }
    }
    order
}

/// The size of `label` over `tensors`: a size other than 1 wins (broadcasting).
fn local_size<A>(tensors: &[&Tensor<'_, A>], label: Label) -> usize {
    tensors
        .iter()
        .filter_map(|t| t.labels.iter().position(|&l| l == label).map(|axis| t.data.len_of(Axis(axis))))
        .fold(1, |size, n| if n == 1 { size } else { n })
}

/// Contracts `taken` into `dst`, whose axes carry `labels`.
fn contract<A: LinalgElement>(
    taken: Vec<Tensor<'_, A>>,
    lowering: &Lowering,
    labels: &[Label],
    dst: ArrayViewMutD<'_, A>,
) -> Result<()> {
    match lowering {
        Lowering::SumProduct => {
            fused(&taken, labels, dst);
            Ok(())
        }
        Lowering::Matrix(step) => {
            let result = label_set(labels);
            let [a, b]: [Tensor<'_, A>; 2] = taken.try_into().map_err(|_| ()).expect("a matrix step has two operands");
            let (sa, sb) = (label_set(&a.labels), label_set(&b.labels));
            let a = sum_own_labels(a, sb, result)?;
            let b = sum_own_labels(b, sa, result)?;
            matrix_product(&a, &b, step, labels, dst)
        }
    }
}

/// `t` with the labels that neither `others` nor `result` has summed away.
fn sum_own_labels<'a, A: LinalgElement>(t: Tensor<'a, A>, others: LabelSet, result: LabelSet) -> Result<Tensor<'a, A>> {
    let kept = after_own_sums(&t.labels, others, result);
    if kept.len() == t.labels.len() {
        return Ok(t);
    }
    let shape: Vec<usize> = kept.iter().map(|&l| local_size(&[&t], l)).collect();
    let mut summed = zeros::<A, _>(IxDyn(&shape))?;
    fused(std::slice::from_ref(&t), &kept, summed.view_mut());
    Ok(Tensor { data: CowArray::from(summed), labels: kept })
}

/// The fused sum of products of `taken` into `dst` (axes `labels`).
fn fused<A: LinalgElement>(taken: &[Tensor<'_, A>], labels: &[Label], mut dst: ArrayViewMutD<'_, A>) {
    let mut full = labels.to_vec();
    for &l in taken.iter().flat_map(|t| &t.labels) {
        if !full.contains(&l) {
            full.push(l);
        }
    }
    let mut shape = dst.shape().to_vec();
    let refs: Vec<&Tensor<'_, A>> = taken.iter().collect();
    shape.extend(full[labels.len()..].iter().map(|&l| local_size(&refs, l)));
    let views: Vec<ArrayViewD<'_, A>> = taken.iter().map(|t| align(t, &full)).collect();
    let views: Vec<ArrayViewD<'_, A>> =
        views.iter().map(|v| v.broadcast(IxDyn(&shape)).expect("label sizes are equal or 1")).collect();
    match views.as_slice() {
        // Nothing summed (an outer or elementwise product): NumPy's `multiply`.
        [a, b] if full.len() == labels.len() => multiply_into(a, b, dst).expect("operands broadcast to the result"),
        // Nothing summed of one operand: a copy (a transpose, a diagonal).
        [a] if full.len() == labels.len() => dst.assign(a),
        _ => sum_of_products(&views, dst),
    }
}

/// A view of `t` with axes `labels`: permuted, with unit axes for missing
/// labels (ready to broadcast).
fn align<'v, A>(t: &'v Tensor<'_, A>, labels: &[Label]) -> ArrayViewD<'v, A> {
    let axis_of = |label: Label| t.labels.iter().position(|&l| l == label);
    let permutation: Vec<usize> = labels.iter().filter_map(|&l| axis_of(l)).collect();
    let mut view = t.data.view().permuted_axes(IxDyn(&permutation));
    for (position, &label) in labels.iter().enumerate() {
        if axis_of(label).is_none() {
            view.insert_axis_inplace(Axis(position));
        }
    }
    view
}

/// The batched product of `a` and `b` into `dst` (axes `labels`).
fn matrix_product<'t, A: LinalgElement>(
    a: &Tensor<'t, A>,
    b: &Tensor<'t, A>,
    step: &MatrixStep,
    labels: &[Label],
    dst: ArrayViewMutD<'_, A>,
) -> Result<()> {
    let sizes_of = |ls: &[Label]| IxDyn(&ls.iter().map(|&l| local_size(&[a, b], l)).collect::<Vec<usize>>());
    let a_labels = [step.batch.as_slice(), &step.left, &step.contracted].concat();
    let b_labels = [step.batch.as_slice(), &step.contracted, &step.right].concat();
    let (a_aligned, b_aligned) = (align(a, &a_labels), align(b, &b_labels));
    let a_view = a_aligned.broadcast(sizes_of(&a_labels)).expect("label sizes are equal or 1");
    let b_view = b_aligned.broadcast(sizes_of(&b_labels)).expect("label sizes are equal or 1");
    let nb = step.batch.len();
    let permutation: Vec<usize> =
        step.result_order().iter().map(|l| labels.iter().position(|x| x == l).expect("a result label")).collect();
    let mut dst = dst.permuted_axes(IxDyn(&permutation));
    if dst.is_empty() {
        return Ok(());
    }
    if a_view.is_empty() {
        dst.fill(A::ZERO);
        return Ok(());
    }
    let a_matrix = matrices_of(a_view, nb, step.left.len());
    let b_matrix = matrices_of(b_view, nb, step.contracted.len());
    let groups = (step.left.len(), step.right.len());
    if mergeable(&dst, nb, groups.0) && mergeable(&dst, nb + groups.0, groups.1) {
        let c = merge_groups(dst, nb, groups);
        batched_product_into(a_matrix.view(), b_matrix.view(), c);
    } else {
        let mut temp = zeros::<A, _>(IxDyn(dst.shape()))?;
        batched_product_into(a_matrix.view(), b_matrix.view(), merge_groups(temp.view_mut(), nb, groups));
        dst.assign(&temp);
    }
    Ok(())
}

/// `x` (axes: `nb` batch, `rows` row axes, the rest column axes) with its
/// row and column axes merged into one each: borrowed when the strides
/// allow, copied otherwise.
fn matrices_of<A: Clone>(x: ArrayViewD<'_, A>, nb: usize, rows: usize) -> CowArray<'_, A, IxDyn> {
    let cols = x.ndim() - nb - rows;
    if mergeable(&x, nb, rows) && mergeable(&x, nb + rows, cols) {
        return CowArray::from(merge_groups(x, nb, (rows, cols)));
    }
    let copy = x.as_standard_layout().into_owned();
    CowArray::from(merge_groups(copy, nb, (rows, cols)))
}

/// Whether axes `start..start + len` of `x` can be walked with one stride
/// (ndarray's `merge_axes` rule, inner to outer).
fn mergeable<S: RawData>(x: &ArrayBase<S, IxDyn>, start: usize, len: usize) -> bool {
    let (shape, strides) = (&x.shape()[start..start + len], &x.strides()[start..start + len]);
    let Some((&inner_len, _)) = shape.split_last() else { return true };
    let (mut merged_len, mut stride) = (inner_len, strides[len - 1]);
    for t in (0..len - 1).rev() {
        let (n, s) = (shape[t], strides[t]);
        if n <= 1 {
            merged_len *= n;
        } else if merged_len <= 1 {
            (merged_len, stride) = (merged_len * n, s);
        } else if s == merged_len as isize * stride {
            merged_len *= n;
        } else {
            return false;
        }
    }
    true
}

/// `x` with axes `nb..nb + groups.0` merged into one and the following
/// `groups.1` axes merged into one (an empty group becomes a unit axis).
///
/// # Panics
/// When a group is not [`mergeable`] or `x` is empty (planning errors).
fn merge_groups<S: RawData>(mut x: ArrayBase<S, IxDyn>, nb: usize, groups: (usize, usize)) -> ArrayBase<S, IxDyn> {
    merge_group(&mut x, nb, groups.0);
    merge_group(&mut x, nb + 1, groups.1);
    x
}

fn merge_group<S: RawData>(x: &mut ArrayBase<S, IxDyn>, start: usize, len: usize) {
    if len == 0 {
        x.insert_axis_inplace(Axis(start));
        return;
    }
    let inner = start + len - 1;
    for t in (start..inner).rev() {
        assert!(x.merge_axes(Axis(t), Axis(inner)), "axes checked mergeable");
    }
    for _ in start..inner {
        x.index_axis_inplace(Axis(start), 0);
    }
}

/// The full result of an einsum, with the output labels' sizes, as `run`
/// writes it (every element, each before reading it).
///
/// # Errors
/// [`Error::TooLarge`](crate::Error::TooLarge) when the result cannot be
/// addressed, and whatever `run` returns.
pub(crate) fn computed<A: LinalgElement>(
    output: &[Label],
    sizes: &[usize],
    run: impl FnOnce(ArrayViewMutD<'_, A>) -> Result<()>,
) -> Result<ArrayD<A>> {
    let shape: Vec<usize> = output.iter().map(|&l| sizes[usize::from(l)]).collect();
    stored(IxDyn(&shape), run)
}
