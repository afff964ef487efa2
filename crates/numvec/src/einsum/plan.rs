//! How one contraction step runs: as a (batched) matrix product when two
//! operands share a summed label and keep labels of their own, otherwise as
//! a fused sum of products. Pure: labels in, a lowering out.

use super::parse::Label;
use super::path::LabelSet;

/// The labels of a step lowered to a batched matrix product
/// `c[batch, left, right] = sum_contracted a[batch, left, contracted] * b[batch, contracted, right]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixStep {
    /// Labels of both operands and the result.
    pub batch: Vec<Label>,
    /// Labels of the first operand only, kept.
    pub left: Vec<Label>,
    /// Labels of both operands, summed away.
    pub contracted: Vec<Label>,
    /// Labels of the second operand only, kept.
    pub right: Vec<Label>,
}

impl MatrixStep {
    /// The result's labels in the product's natural order: batch, left, right.
    pub fn result_order(&self) -> Vec<Label> {
        [self.batch.as_slice(), &self.left, &self.right].concat()
    }
}

/// How a step runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lowering {
    /// A batched matrix product (after summing away the labels that only
    /// one operand has and the result drops).
    Matrix(MatrixStep),
    /// The fused sum of products of all operands.
    SumProduct,
}

/// The labels of `labels` that the step's result keeps or another operand
/// of the step has: what is left of an operand after summing away its own
/// dropped labels.
pub fn after_own_sums(labels: &[Label], others: LabelSet, result: LabelSet) -> Vec<Label> {
    labels.iter().copied().filter(|&l| (others | result) & (1u128 << l) != 0).collect()
}

/// The lowering of a step over operands with (distinct) labels `operands`
/// into a result with labels `result`; `order` is the result's label order
/// when the caller fixes it (the last step), the label order to compare
/// against when grouping labels.
pub fn lower(operands: &[Vec<Label>], result: LabelSet, order: &[Label]) -> Lowering {
    let [a, b] = operands else { return Lowering::SumProduct };
    let (sa, sb) = (super::path::label_set(a), super::path::label_set(b));
    let a = after_own_sums(a, sb, result);
    let b = after_own_sums(b, sa, result);
    let has = |labels: &[Label], l: Label| labels.contains(&l);
    let in_result = |l: Label| result & (1u128 << l) != 0;
    // Kept labels follow the result's order, so a fixed result can be
    // written through merged axes; contracted labels follow `a`.
    let kept: Vec<Label> = order.iter().copied().filter(|&l| has(&a, l) || has(&b, l)).collect();
    let step = MatrixStep {
        batch: kept.iter().copied().filter(|&l| has(&a, l) && has(&b, l)).collect(),
        left: kept.iter().copied().filter(|&l| has(&a, l) && !has(&b, l)).collect(),
        contracted: a.iter().copied().filter(|&l| has(&b, l) && !in_result(l)).collect(),
        right: kept.iter().copied().filter(|&l| !has(&a, l) && has(&b, l)).collect(),
    };
    if step.contracted.is_empty() || (step.left.is_empty() && step.right.is_empty()) {
        Lowering::SumProduct
    } else {
        Lowering::Matrix(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::einsum::path::label_set;

    #[test]
    fn attention_scores_are_a_batched_product() {
        // bhid,bhjd->bhij with b=1, h=7, i=8, d=3, j=9.
        let (b, h, i, d, j) = (1, 7, 8, 3, 9);
        let order = [b, h, i, j];
        match lower(&[vec![b, h, i, d], vec![b, h, j, d]], label_set(&order), &order) {
            Lowering::Matrix(step) => {
                assert_eq!(step, MatrixStep { batch: vec![b, h], left: vec![i], contracted: vec![d], right: vec![j] });
                assert_eq!(step.result_order(), order);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn row_dots_and_outer_products_are_fused() {
        let (i, j) = (8, 9);
        assert_eq!(lower(&[vec![i, j], vec![i, j]], label_set(&[i]), &[i]), Lowering::SumProduct);
        assert_eq!(lower(&[vec![i], vec![j]], label_set(&[i, j]), &[i, j]), Lowering::SumProduct);
        assert_eq!(lower(&[vec![i]], 0, &[]), Lowering::SumProduct);
    }

    #[test]
    fn own_labels_are_summed_first() {
        // ijk,jl->il: k is summed out of the first operand before the product.
        let (i, j, k, l) = (8, 9, 10, 11);
        let Lowering::Matrix(step) = lower(&[vec![i, j, k], vec![j, l]], label_set(&[i, l]), &[i, l]) else {
            panic!("a matrix product")
        };
        assert_eq!((step.left, step.contracted, step.right), (vec![i], vec![j], vec![l]));
    }
}
