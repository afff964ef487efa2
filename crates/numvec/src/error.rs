//! The one error type of numvec. Messages follow NumPy's wording so that the
//! Python layer can pass them through unchanged.

use thiserror::Error;

/// Every way a numvec call can fail. Each variant carries what is needed to fix
/// the call; the Python bindings map each variant to NumPy's exception type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// Two shapes that do not broadcast together (NumPy's `ValueError`).
    #[error("operands could not be broadcast together with shapes {} {}", fmt_shape(.lhs), fmt_shape(.rhs))]
    Broadcast {
        /// The first shape.
        lhs: Vec<usize>,
        /// The second shape.
        rhs: Vec<usize>,
    },
    /// An `out` array whose shape is not the broadcast shape of the inputs.
    #[error("non-broadcastable output operand with shape {} doesn't match the broadcast shape {}", fmt_shape(.out), fmt_shape(.expected))]
    OutputShape {
        /// The shape of the given output.
        out: Vec<usize>,
        /// The broadcast shape of the inputs and the output.
        expected: Vec<usize>,
    },
    /// An axis outside `-ndim..ndim` (NumPy's `AxisError`).
    #[error("axis {axis} is out of bounds for array of dimension {ndim}")]
    AxisOutOfBounds {
        /// The axis as given.
        axis: isize,
        /// The rank of the array.
        ndim: usize,
    },
    /// The same axis named twice (NumPy's `ValueError`).
    #[error("duplicate value in 'axis'")]
    DuplicateAxis,
    /// An index outside its axis (NumPy's `IndexError`).
    #[error("index {index} is out of bounds for axis {axis} with size {size}")]
    IndexOutOfBounds {
        /// The index as given.
        index: isize,
        /// The axis it indexes.
        axis: usize,
        /// The length of that axis.
        size: usize,
    },
    /// An index NumPy rejects with an `IndexError` (too many indices, a
    /// boolean shape mismatch, index arrays that do not broadcast ...).
    #[error("{0}")]
    Index(String),
    /// A reduction without identity over an empty axis (NumPy's `ValueError`).
    #[error("zero-size array to reduction operation {op} which has no identity")]
    EmptyReduction {
        /// The NumPy name of the reduction.
        op: &'static str,
    },
    /// An `argmin`/`argmax` over an empty axis (NumPy's `ValueError`).
    #[error("attempt to get {op} of an empty sequence")]
    EmptyArgReduction {
        /// `argmin` or `argmax`.
        op: &'static str,
    },
    /// An einsum expression NumPy would reject (NumPy's `ValueError`).
    #[error("{0}")]
    Einsum(String),
    /// Shapes that do not fit the operation (NumPy's `ValueError`).
    #[error("{0}")]
    Shape(String),
    /// A result whose size does not fit in memory addressing (NumPy's `ValueError`/`MemoryError`).
    #[error("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size ({what})")]
    TooLarge {
        /// What overflowed.
        what: String,
    },
    /// An overlap problem that needs more work than allowed (NumPy's
    /// `numpy.exceptions.TooHardError` from `shares_memory`).
    #[error("Exceeded max_work")]
    TooHard {
        /// The number of candidate solutions allowed.
        max_work: usize,
    },
    /// Any other argument NumPy rejects with a `ValueError`.
    #[error("{0}")]
    InvalidArgument(String),
}

/// `Result` with numvec's [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Formats a shape as NumPy prints it: `(3,)`, `(2,3)`, `()`.
pub fn fmt_shape(shape: &[usize]) -> String {
    match shape {
        [only] => format!("({only},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(usize::to_string).collect();
            format!("({})", parts.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_print_like_numpy() {
        assert_eq!(fmt_shape(&[]), "()");
        assert_eq!(fmt_shape(&[3]), "(3,)");
        assert_eq!(fmt_shape(&[2, 3]), "(2,3)");
    }

    #[test]
    fn broadcast_message_matches_numpy() {
        let err = Error::Broadcast { lhs: vec![3], rhs: vec![4] };
        assert_eq!(err.to_string(), "operands could not be broadcast together with shapes (3,) (4,)");
    }
}
