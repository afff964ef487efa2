//! NumPy's einsum subscripts grammar, checked against the operands' shapes:
//! letters, `...` broadcasting, explicit (`->`) and implicit output, and the
//! size of every label. Pure: shapes in, labels and sizes out.

use crate::error::{Error, Result};

/// An axis label: `0..26` are `A..=Z`, `26..52` are `a..=z` (so label order
/// is NumPy's ASCII order), and `52 + d` is broadcast (`...`) axis `d`,
/// counted so that operands with fewer broadcast axes align on the right.
pub type Label = u8;

/// The first label of the broadcast (`...`) axes.
pub const BROADCAST_BASE: Label = 52;

/// Parsed subscripts: the labels of each operand's axes (repeats kept), the
/// output labels and the size of every label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscripts {
    /// The labels of each operand's axes, in axis order.
    pub inputs: Vec<Vec<Label>>,
    /// The labels of the output axes, in axis order.
    pub output: Vec<Label>,
    /// The size of each label (broadcast: the largest over the operands);
    /// unused labels have size 0.
    pub sizes: Vec<usize>,
    /// The number of broadcast (`...`) axes.
    pub broadcast_ndim: usize,
}

/// The label of an ASCII letter.
fn letter_label(c: u8) -> Option<Label> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        _ => None,
    }
}

/// The letter of a letter label.
pub fn label_letter(label: Label) -> char {
    char::from(if label < 26 { b'A' + label } else { b'a' + label - 26 })
}

/// One side of a term: letters with an optional `...` at a position.
struct Term {
    letters: Vec<Label>,
    /// Where `...` stands among `letters`.
    ellipsis: Option<usize>,
}

fn invalid(message: String) -> Error {
    Error::Einsum(message)
}

/// Parses one comma-separated term (`place` names it in messages).
fn parse_term(term: &str, place: impl FnOnce() -> String) -> Result<Term> {
    let bytes = term.as_bytes();
    let (mut letters, mut ellipsis, mut i) = (Vec::new(), None, 0);
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(label) = letter_label(c) {
            letters.push(label);
            i += 1;
        } else if c == b' ' {
            // Spaces are ignored, as NumPy does (but not inside `->` or `...`).
            i += 1;
        } else if c == b'.' {
            if ellipsis.is_some() || !term[i..].starts_with("...") {
                return Err(invalid(format!(
                    "einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in {}",
                    place()
                )));
            }
            ellipsis = Some(letters.len());
            i += 3;
        } else {
            let c = term[i..].chars().next().unwrap_or('?');
            return Err(invalid(format!(
                "invalid subscript '{c}' in einstein sum subscripts string, subscripts must be letters"
            )));
        }
    }
    Ok(Term { letters, ellipsis })
}

/// Parses `subscripts` for operands of the given shapes, as `numpy.einsum`.
///
/// # Errors
/// [`Error::Einsum`] with NumPy's meaning for: an invalid character, a `.`
/// outside `...`, more or fewer operands than terms, a term with more or
/// fewer letters than its operand's dimensions (without `...`), an output
/// label repeated or not in any input, broadcast axes dropped from an
/// explicit output without `...`, a repeated label on axes of different
/// sizes, a label (or broadcast axis) with sizes that neither match nor are 1.
///
/// # Example
/// ```
/// use numvec::einsum::parse::parse;
/// let s = parse("ij,jk", &[&[2, 3], &[3, 4]])?;
/// assert_eq!(s.output, vec![34, 36]); // 'i', 'k'
/// assert_eq!(s.sizes[35], 3); // 'j'
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn parse(subscripts: &str, shapes: &[&[usize]]) -> Result<Subscripts> {
    let (input_part, output_part) = match subscripts.split_once("->") {
        Some((inputs, output)) => (inputs, Some(output)),
        None => (subscripts, None),
    };
    let raw_terms: Vec<&str> = input_part.split(',').collect();
    let mut terms = Vec::with_capacity(raw_terms.len());
    for (n, raw) in raw_terms.iter().enumerate() {
        if n >= shapes.len() {
            return Err(invalid(
                "fewer operands provided to einstein sum function than specified in the subscripts string".into(),
            ));
        }
        terms.push(parse_term(raw, || format!("operand {n}"))?);
    }
    if terms.len() < shapes.len() {
        return Err(invalid(
            "more operands provided to einstein sum function than specified in the subscripts string".into(),
        ));
    }
    let broadcast_dims = terms
        .iter()
        .zip(shapes)
        .enumerate()
        .map(|(n, (term, shape))| broadcast_dims_of(term, shape.len(), n))
        .collect::<Result<Vec<_>>>()?;
    let broadcast_ndim = broadcast_dims.iter().copied().max().unwrap_or(0);
    let inputs: Vec<Vec<Label>> =
        terms.iter().zip(&broadcast_dims).map(|(term, &dims)| expand(term, dims, broadcast_ndim)).collect();
    let output = match output_part {
        Some(out) => explicit_output(out, &inputs, broadcast_ndim)?,
        None => implicit_output(&inputs, broadcast_ndim),
    };
    let sizes = label_sizes(&inputs, shapes)?;
    Ok(Subscripts { inputs, output, sizes, broadcast_ndim })
}

/// The number of axes `...` stands for in operand `n` of rank `ndim`.
fn broadcast_dims_of(term: &Term, ndim: usize, n: usize) -> Result<usize> {
    let letters = term.letters.len();
    if letters > ndim {
        return Err(invalid(format!("einstein sum subscripts string contains too many subscripts for operand {n}")));
    }
    if term.ellipsis.is_none() && letters < ndim {
        return Err(invalid(
            "operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions."
                .into(),
        ));
    }
    Ok(ndim - letters)
}

/// The labels of a term with its `...` replaced by the last `dims` of the
/// `total` broadcast labels.
fn expand(term: &Term, dims: usize, total: usize) -> Vec<Label> {
    let mut labels = term.letters.clone();
    if let Some(at) = term.ellipsis {
        let broadcast = (total - dims..total).map(|d| BROADCAST_BASE + d as Label);
        labels.splice(at..at, broadcast);
    }
    labels
}

fn explicit_output(out: &str, inputs: &[Vec<Label>], broadcast_ndim: usize) -> Result<Vec<Label>> {
    if out.contains("->") {
        return Err(invalid(
            "invalid subscript '-' in einstein sum subscripts string, subscripts must be letters".into(),
        ));
    }
    let term = parse_term(out, || "the output".into())?;
    for (i, &label) in term.letters.iter().enumerate() {
        let letter = label_letter(label);
        if term.letters[..i].contains(&label) {
            return Err(invalid(format!(
                "einstein sum subscripts string includes output subscript '{letter}' multiple times"
            )));
        }
        if !inputs.iter().any(|labels| labels.contains(&label)) {
            return Err(invalid(format!(
                "einstein sum subscripts string included output subscript '{letter}' which never appeared in an input"
            )));
        }
    }
    if term.ellipsis.is_none() && broadcast_ndim > 0 {
        return Err(invalid(
            "output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions."
                .into(),
        ));
    }
    Ok(expand(&term, broadcast_ndim, broadcast_ndim))
}

/// NumPy's implicit output: the broadcast axes, then the letters that occur
/// exactly once, in ASCII order.
fn implicit_output(inputs: &[Vec<Label>], broadcast_ndim: usize) -> Vec<Label> {
    let mut counts = [0usize; BROADCAST_BASE as usize];
    for &label in inputs.iter().flatten().filter(|&&l| l < BROADCAST_BASE) {
        counts[usize::from(label)] += 1;
    }
    let broadcast = (0..broadcast_ndim).map(|d| BROADCAST_BASE + d as Label);
    broadcast.chain((0..BROADCAST_BASE).filter(|&l| counts[usize::from(l)] == 1)).collect()
}

/// The size of every label: equal on repeated axes of one operand, equal or
/// 1 (broadcast) across operands.
fn label_sizes(inputs: &[Vec<Label>], shapes: &[&[usize]]) -> Result<Vec<usize>> {
    let mut sizes = vec![0usize; 256];
    let mut seen = vec![false; 256];
    for (n, (labels, shape)) in inputs.iter().zip(shapes).enumerate() {
        for (axis, (&label, &len)) in labels.iter().zip(shape.iter()).enumerate() {
            let l = usize::from(label);
            if let Some(first) = labels[..axis].iter().position(|&x| x == label)
                && shape[first] != len
            {
                return Err(invalid(format!(
                    "dimensions in operand {n} for collapsing index '{}' don't match ({} != {len})",
                    display_label(label),
                    shape[first]
                )));
            }
            if !seen[l] || sizes[l] == 1 {
                sizes[l] = len;
                seen[l] = true;
            } else if len != 1 && len != sizes[l] {
                return Err(invalid(format!(
                    "size of label '{}' for operand {n} ({len}) does not match previous terms ({})",
                    display_label(label),
                    sizes[l]
                )));
            }
        }
    }
    Ok(sizes)
}

/// A label as messages show it: its letter, or `...` for a broadcast axis.
fn display_label(label: Label) -> String {
    if label < BROADCAST_BASE { label_letter(label).to_string() } else { "...".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(c: char) -> Label {
        letter_label(c as u8).unwrap()
    }

    #[test]
    fn implicit_output_is_sorted_single_letters() {
        let s = parse("ba,Bc", &[&[2, 3], &[4, 5]]).unwrap();
        assert_eq!(s.output, vec![l('B'), l('a'), l('b'), l('c')]);
        let s = parse("ii", &[&[3, 3]]).unwrap();
        assert!(s.output.is_empty());
        let s = parse(" i ,j -> j i", &[&[2], &[3]]).unwrap();
        assert_eq!(s.output, vec![l('j'), l('i')]);
    }

    #[test]
    fn ellipsis_aligns_right_and_leads_the_implicit_output() {
        let s = parse("...i,...i", &[&[4, 2, 3], &[2, 3]]).unwrap();
        assert_eq!(s.broadcast_ndim, 2);
        assert_eq!(s.inputs[1], vec![BROADCAST_BASE + 1, l('i')]);
        assert_eq!(s.output, vec![BROADCAST_BASE, BROADCAST_BASE + 1]);
        let s = parse("i...->...", &[&[3]]).unwrap();
        assert!(s.output.is_empty());
    }

    #[test]
    fn errors_follow_numpy() {
        let cases: &[(&str, &[&[usize]], &str)] = &[
            ("ij,jk->ii", &[&[2, 3], &[3, 2]], "multiple times"),
            ("ij->k", &[&[2, 3]], "never appeared"),
            ("ij,jk", &[&[2, 3]], "fewer operands"),
            ("ij", &[&[2, 3], &[2, 3]], "more operands"),
            ("i", &[&[2, 3]], "no '...' ellipsis"),
            ("ijk", &[&[2, 3]], "too many subscripts"),
            ("ii", &[&[2, 3]], "collapsing index 'i' don't match (2 != 3)"),
            ("i,i", &[&[2], &[3]], "does not match"),
            ("i$", &[&[2, 3]], "invalid subscript '$'"),
            ("ij->j.", &[&[2, 3]], "not part of an ellipsis"),
            ("..i", &[&[2, 3]], "not part of an ellipsis"),
            ("ij->i->j", &[&[2, 3]], "invalid subscript '-'"),
            ("...i->i", &[&[2, 3]], "output has more dimensions"),
            ("i- >i", &[&[2]], "invalid subscript '-'"),
        ];
        for (subscripts, shapes, message) in cases {
            match parse(subscripts, shapes) {
                Err(Error::Einsum(m)) => assert!(m.contains(message), "{subscripts}: {m}"),
                other => panic!("{subscripts}: {other:?}"),
            }
        }
    }

    #[test]
    fn size_one_labels_broadcast() {
        let s = parse("ij,ij->", &[&[2, 3], &[2, 1]]).unwrap();
        assert_eq!(s.sizes[usize::from(l('j'))], 3);
        let s = parse("i,i", &[&[1], &[4]]).unwrap();
        assert_eq!(s.sizes[usize::from(l('i'))], 4);
        assert!(parse("ii->i", &[&[1, 3]]).is_err());
    }
}
