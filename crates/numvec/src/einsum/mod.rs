//! NumPy's `einsum` and `einsum_path`: the whole subscripts grammar,
//! contraction-path search and execution on matrix-product kernels.
//!
//! - [`parse`]: subscripts and shapes to labels and label sizes (pure).
//! - [`path`]: greedy, optimal or explicit contraction paths and their
//!   FLOP counts (pure).
//! - [`plan`]: each step as a batched matrix product or a fused sum of
//!   products (pure).
//! - `exec`: the steps on arrays. Repeated labels are diagonal views, a
//!   transpose is a view, and operands go to the matrix product with their
//!   strides when their axes can be merged. A call that is one product of
//!   two matrices (`ij,jk->ik` up to transposes) skips the steps' bookkeeping
//!   and runs straight on the matrix kernel.
//!
//! Unlike NumPy, whose `einsum` defaults to `optimize=False`, numvec's
//! [`einsum`] optimizes the path (greedy). Floating-point sums run in a
//! fixed order for a given path, whatever the thread count; integers are
//! exact (wrapping).

pub mod parse;
pub mod path;
pub mod plan;

mod exec;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use ndarray::{ArrayD, ArrayView, ArrayView2, ArrayViewMutD, Dimension, Ix2};

use crate::error::{Error, Result};
use crate::linalg::LinalgElement;

pub use path::Optimize;

use exec::Tensor;
use parse::{BROADCAST_BASE, Label, Subscripts};
use path::{LabelSet, Step, label_set, set_size};

/// NumPy's `numpy.einsum(subscripts, *operands, optimize='greedy')`: the
/// Einstein summation of `operands` (see [`einsum_with`] for the path options).
///
/// # Errors
/// As [`einsum_with`].
///
/// # Example
/// ```
/// use ndarray::{Array, array};
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![[5.0, 6.0], [7.0, 8.0]];
/// assert_eq!(numvec::einsum("ij,jk->ik", &[a.view(), b.view()])?, array![[19.0, 22.0], [43.0, 50.0]].into_dyn());
/// assert_eq!(numvec::einsum("ii", &[a.view()])?, ndarray::arr0(5.0).into_dyn());
/// let q = Array::<f32, _>::ones((2, 3, 4, 8));
/// let scores = numvec::einsum("bhid,bhjd->bhij", &[q.view(), q.view()])?;
/// assert_eq!(scores.shape(), &[2, 3, 4, 4]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn einsum<A: LinalgElement, D: Dimension>(subscripts: &str, operands: &[ArrayView<'_, A, D>]) -> Result<ArrayD<A>> {
    einsum_with(subscripts, operands, &Optimize::Greedy)
}

/// [`einsum`] with NumPy's `optimize=` choice of contraction path:
/// [`Optimize::None`] contracts pairwise from left to right (NumPy's
/// `False` runs one unoptimized loop over all operands instead).
///
/// # Errors
/// [`Error::Einsum`] for subscripts NumPy rejects (see [`parse::parse`]), no
/// operands, or an explicit path that is invalid for the operands;
/// [`Error::TooLarge`] when the result or an intermediate cannot be allocated.
///
/// # Example
/// ```
/// use ndarray::array;
/// use numvec::einsum::{Optimize, einsum_with};
/// let v = array![1, 2, 3];
/// let path = Optimize::Path(vec![vec![0, 1], vec![0, 1]]);
/// assert_eq!(einsum_with("i,i,i->", &[v.view(), v.view(), v.view()], &path)?, ndarray::arr0(36).into_dyn());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn einsum_with<A: LinalgElement, D: Dimension>(
    subscripts: &str,
    operands: &[ArrayView<'_, A, D>],
    optimize: &Optimize,
) -> Result<ArrayD<A>> {
    let plan = prepare(subscripts, operands, optimize)?;
    exec::computed(&plan.spec.output, &plan.spec.sizes, |out| run(&plan, operands, out))
}

/// [`einsum_with`] writing into `out` (NumPy's `out=`), whose shape must be
/// the result's shape.
///
/// # Errors
/// As [`einsum_with`], and [`Error::OutputShape`] when `out` has another
/// shape; on error `out` is untouched.
///
/// # Example
/// ```
/// use ndarray::{Array1, array};
/// use numvec::einsum::{Optimize, einsum_into};
/// let mut out = Array1::zeros(2);
/// einsum_into("ij->i", &[array![[1, 2], [3, 4]].view()], &Optimize::Greedy, out.view_mut().into_dyn())?;
/// assert_eq!(out, array![3, 7]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn einsum_into<A: LinalgElement, D: Dimension>(
    subscripts: &str,
    operands: &[ArrayView<'_, A, D>],
    optimize: &Optimize,
    out: ArrayViewMutD<'_, A>,
) -> Result<()> {
    let plan = prepare(subscripts, operands, optimize)?;
    let expected: Vec<usize> = plan.spec.output.iter().map(|&l| plan.spec.sizes[usize::from(l)]).collect();
    if out.shape() != expected.as_slice() {
        return Err(Error::OutputShape { out: out.shape().to_vec(), expected });
    }
    run(&plan, operands, out)
}

/// How many recent plans each thread keeps (see [`prepare`]).
const RECENT_PLANS: usize = 16;

/// Parsed subscripts and checked steps for one call's arguments.
struct CallPlan {
    subscripts: String,
    shapes: Vec<Vec<usize>>,
    optimize: Optimize,
    spec: Subscripts,
    steps: Vec<Step>,
    /// Set when the call is one product of two matrices.
    matrix: Option<MatrixCall>,
}

impl CallPlan {
    fn fits<A, D: Dimension>(&self, subscripts: &str, operands: &[ArrayView<'_, A, D>], optimize: &Optimize) -> bool {
        self.subscripts == subscripts
            && self.optimize == *optimize
            && self.shapes.len() == operands.len()
            && self.shapes.iter().zip(operands).all(|(shape, op)| shape.as_slice() == op.shape())
    }
}

thread_local! {
    /// The plans of this thread's latest calls, newest first.
    static RECENT: RefCell<VecDeque<Rc<CallPlan>>> = const { RefCell::new(VecDeque::new()) };
}

/// Parses and plans an einsum over `operands`: the subscripts and the
/// checked steps that `exec` runs. Plans depend only on the subscripts, the
/// shapes and `optimize`, so the latest [`RECENT_PLANS`] are reused: repeated
/// calls on small arrays skip parsing and the path search.
fn prepare<A, D: Dimension>(
    subscripts: &str,
    operands: &[ArrayView<'_, A, D>],
    optimize: &Optimize,
) -> Result<Rc<CallPlan>> {
    let recent = RECENT.with_borrow(|plans| plans.iter().find(|p| p.fits(subscripts, operands, optimize)).cloned());
    if let Some(plan) = recent {
        return Ok(plan);
    }
    let shapes: Vec<&[usize]> = operands.iter().map(|op| op.shape()).collect();
    let (spec, inputs, output) = parse_sets(subscripts, &shapes)?;
    let path = match optimize {
        Optimize::None => path::left_to_right(inputs.len()),
        other => path::find_path(&inputs, output, &spec.sizes, other),
    };
    let steps = path::steps(&inputs, output, &spec.sizes, &path)?;
    let matrix = MatrixCall::of(&spec, &shapes);
    let shapes = shapes.iter().map(|s| s.to_vec()).collect();
    let (subscripts, optimize) = (subscripts.to_owned(), optimize.clone());
    let plan = Rc::new(CallPlan { subscripts, shapes, optimize, spec, steps, matrix });
    RECENT.with_borrow_mut(|plans| {
        plans.push_front(Rc::clone(&plan));
        plans.truncate(RECENT_PLANS);
    });
    Ok(plan)
}

fn run<A: LinalgElement, D: Dimension>(
    plan: &CallPlan,
    operands: &[ArrayView<'_, A, D>],
    out: ArrayViewMutD<'_, A>,
) -> Result<()> {
    if let Some(matrix) = plan.matrix {
        matrix.run(operands, out);
        return Ok(());
    }
    let spec = &plan.spec;
    let tensors = operands.iter().zip(&spec.inputs).map(|(op, labels)| Tensor::input(op.view().into_dyn(), labels));
    exec::run(tensors.collect(), &plan.steps, &spec.output, out)
}

/// A call that is one product of two matrices up to transposes
/// (`ij,jk->ik`, `ji,kj->ki`, ...), without broadcast or empty axes: it runs
/// straight on the matrix kernel, as its one step would, without the
/// general steps' bookkeeping.
#[derive(Debug, Clone, Copy)]
struct MatrixCall {
    /// The first operand's axes are (summed, kept) rather than (kept, summed).
    transpose_a: bool,
    /// The second operand's axes are (kept, summed) rather than (summed, kept).
    transpose_b: bool,
    /// The result's axes are (second's, first's) rather than (first's, second's).
    transpose_out: bool,
}

impl MatrixCall {
    fn of(spec: &Subscripts, shapes: &[&[usize]]) -> Option<Self> {
        let ([a, b], &[o0, o1]) = (spec.inputs.as_slice(), spec.output.as_slice()) else { return None };
        let (&[a0, a1], &[b0, b1]) = (a.as_slice(), b.as_slice()) else { return None };
        let (summed, left) = if b.contains(&a0) { (a0, a1) } else { (a1, a0) };
        let right = if b0 == summed { b1 } else { b0 };
        let labels_fit = a0 != a1 && b0 != b1 && b.contains(&summed) && !b.contains(&left) && !a.contains(&right);
        let output_fits = (o0, o1) == (left, right) || (o0, o1) == (right, left);
        let full_sizes = [a, b]
            .iter()
            .zip(shapes)
            .all(|(labels, shape)| labels.iter().zip(*shape).all(|(&l, &n)| n == spec.sizes[usize::from(l)] && n > 0));
        (labels_fit && output_fits && full_sizes).then_some(MatrixCall {
            transpose_a: a0 == summed,
            transpose_b: b1 == summed,
            transpose_out: o0 == right,
        })
    }

    fn run<A: LinalgElement, D: Dimension>(self, operands: &[ArrayView<'_, A, D>], out: ArrayViewMutD<'_, A>) {
        let out = out.into_dimensionality::<Ix2>().expect("a matrix result");
        let out = if self.transpose_out { out.reversed_axes() } else { out };
        let (a, b) = (matrix(&operands[0], self.transpose_a), matrix(&operands[1], self.transpose_b));
        A::product_into(a, b, out, true);
    }
}

/// A 2-D operand as a matrix, transposed or not.
fn matrix<'v, A, D: Dimension>(operand: &'v ArrayView<'_, A, D>, transpose: bool) -> ArrayView2<'v, A> {
    let m = operand.view().into_dimensionality::<Ix2>().expect("a matrix operand");
    if transpose { m.reversed_axes() } else { m }
}

/// Parses `subscripts` and returns the label sets of the inputs and output.
fn parse_sets(subscripts: &str, shapes: &[&[usize]]) -> Result<(Subscripts, Vec<LabelSet>, LabelSet)> {
    if shapes.is_empty() {
        return Err(Error::Einsum("No input operands".into()));
    }
    let spec = parse::parse(subscripts, shapes)?;
    let inputs = spec.inputs.iter().map(|labels| label_set(labels)).collect();
    let output = label_set(&spec.output);
    Ok((spec, inputs, output))
}

/// NumPy's `numpy.einsum_path(subscripts, *operands, optimize=...)` on the
/// operands' shapes: the contraction path (without NumPy's leading
/// `'einsum_path'`) and NumPy's printed report (FLOP counts, speed-up,
/// largest intermediate, one line per step). [`Optimize::None`] gives
/// NumPy's single step over all operands.
///
/// # Errors
/// As [`einsum_with`].
///
/// # Example
/// ```
/// use numvec::einsum::{Optimize, einsum_path};
/// let (path, report) = einsum_path("ij,jk,kl->il", &[&[2, 30], &[30, 40], &[40, 2]], &Optimize::Greedy)?;
/// assert_eq!(path, vec![vec![1, 2], vec![0, 1]]);
/// assert!(report.contains("Optimized FLOP count:  5.041e+03"));
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn einsum_path(subscripts: &str, shapes: &[&[usize]], optimize: &Optimize) -> Result<(Vec<Vec<usize>>, String)> {
    let (spec, inputs, output) = parse_sets(subscripts, shapes)?;
    let path = path::find_path(&inputs, output, &spec.sizes, optimize);
    let steps = path::steps(&inputs, output, &spec.sizes, &path)?;
    Ok((path, report(&spec, &inputs, &steps)))
}

/// The letter each label prints as: its own, or for broadcast axes one of
/// the letters the subscripts do not use.
fn label_letters(spec: &Subscripts) -> Vec<char> {
    let used: LabelSet = spec.inputs.iter().fold(0, |acc, labels| acc | label_set(labels));
    let unused: Vec<char> =
        (0..BROADCAST_BASE).filter(|&l| used & (1u128 << l) == 0).map(parse::label_letter).collect();
    (0..=u8::MAX)
        .map(|l| match l {
            l if l < BROADCAST_BASE => parse::label_letter(l),
            l => {
                let d = usize::from(l - BROADCAST_BASE);
                let from = unused.len().saturating_sub(spec.broadcast_ndim);
                unused.get(from + d).copied().unwrap_or('?')
            }
        })
        .collect()
}

/// NumPy's `einsum_path` report.
fn report(spec: &Subscripts, inputs: &[LabelSet], steps: &[Step]) -> String {
    let letters = label_letters(spec);
    let word = |labels: &[Label]| labels.iter().map(|&l| letters[usize::from(l)]).collect::<String>();
    let output = word(&spec.output);
    let mut terms: Vec<String> = spec.inputs.iter().map(|labels| word(labels)).collect();
    let all: LabelSet = inputs.iter().fold(0, |a, &s| a | s);
    let num_indices = all.count_ones() as usize;
    let inner = inputs.iter().map(|s| s.count_ones() as usize).sum::<usize>() > num_indices;
    let naive = path::flop_count(all, inner, inputs.len(), &spec.sizes);
    let optimized = steps.iter().map(|s| s.flops).sum::<u128>() + 1;
    let largest = steps.iter().map(|s| set_size(s.result, &spec.sizes)).max().unwrap_or(1);
    let scaling = steps.iter().map(|s| s.touched.count_ones()).max().unwrap_or(0);
    let mut lines = vec![
        format!("  Complete contraction:  {}->{output}", terms.join(",")),
        format!("         Naive scaling:  {num_indices}"),
        format!("     Optimized scaling:  {scaling}"),
        format!("      Naive FLOP count:  {}", scientific(naive as f64)),
        format!("  Optimized FLOP count:  {}", scientific(optimized as f64)),
        format!("   Theoretical speedup:  {:.3}", naive as f64 / optimized as f64),
        format!("  Largest intermediate:  {} elements", scientific(largest as f64)),
        "-".repeat(74),
        format!("{:>6} {:>24} {:>40}", "scaling", "current", "remaining"),
        "-".repeat(74),
    ];
    for (n, step) in steps.iter().enumerate() {
        let current: Vec<String> = step.positions.iter().map(|&p| terms.remove(p)).collect();
        let result = if n + 1 == steps.len() {
            output.clone()
        } else {
            let mut kept: Vec<Label> = path::labels_of(step.result).collect();
            kept.sort_by_key(|&l| (spec.sizes[usize::from(l)], letters[usize::from(l)]));
            word(&kept)
        };
        terms.push(result.clone());
        let current = format!("{}->{result}", current.join(","));
        let remaining = format!("{}->{output}", terms.join(","));
        lines.push(format!("{:>4}    {current:>24} {remaining:>40}", step.touched.count_ones()));
    }
    lines.join("\n")
}

/// `x` as Python's `%.3e` prints it (`1.600e+02`).
fn scientific(x: f64) -> String {
    let formatted = format!("{x:.3e}");
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_matches_python() {
        assert_eq!(scientific(160.0), "1.600e+02");
        assert_eq!(scientific(1.0), "1.000e+00");
        assert_eq!(scientific(0.00012), "1.200e-04");
    }
}
