//! Axis normalization (NumPy's negative axes) and checked shape arithmetic.

use crate::error::{Error, Result};

/// Maps an axis in `-ndim..ndim` to `0..ndim`, like NumPy's `normalize_axis_index`.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] when the axis is outside `-ndim..ndim`.
///
/// # Example
/// ```
/// assert_eq!(numvec::axis::normalize_axis(-1, 3)?, 2);
/// assert!(numvec::axis::normalize_axis(3, 3).is_err());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn normalize_axis(axis: isize, ndim: usize) -> Result<usize> {
    let out_of_bounds = Error::AxisOutOfBounds { axis, ndim };
    let ndim_signed = isize::try_from(ndim).map_err(|_| out_of_bounds.clone())?;
    let normalized = if axis < 0 { axis + ndim_signed } else { axis };
    if (0..ndim_signed).contains(&normalized) { Ok(normalized as usize) } else { Err(out_of_bounds) }
}

/// Normalizes a set of axes; `None` means every axis. Returns a mask with
/// `true` for each selected axis.
///
/// # Errors
/// [`Error::AxisOutOfBounds`] for an axis out of range, [`Error::DuplicateAxis`]
/// when an axis is named twice.
///
/// # Example
/// ```
/// assert_eq!(numvec::axis::axis_mask(Some(&[0, -1]), 3)?, vec![true, false, true]);
/// assert_eq!(numvec::axis::axis_mask(None, 2)?, vec![true, true]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn axis_mask(axes: Option<&[isize]>, ndim: usize) -> Result<Vec<bool>> {
    let Some(axes) = axes else {
        return Ok(vec![true; ndim]);
    };
    // Like NumPy, report an axis out of bounds before a duplicate.
    let axes = axes.iter().map(|&axis| normalize_axis(axis, ndim)).collect::<Result<Vec<_>>>()?;
    let mut mask = vec![false; ndim];
    for axis in axes {
        if std::mem::replace(&mut mask[axis], true) {
            return Err(Error::DuplicateAxis);
        }
    }
    Ok(mask)
}

/// The number of elements of `shape`, or [`Error::TooLarge`] when it overflows
/// what an allocation can hold.
///
/// # Errors
/// [`Error::TooLarge`] when the product overflows `isize::MAX` bytes of `elem_size`.
///
/// # Example
/// ```
/// assert_eq!(numvec::axis::checked_size(&[3, 4], 8)?, 12);
/// assert!(numvec::axis::checked_size(&[usize::MAX, 2], 8).is_err());
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn checked_size(shape: &[usize], elem_size: usize) -> Result<usize> {
    let too_large = || Error::TooLarge { what: format!("shape {shape:?}") };
    let size = shape.iter().try_fold(1usize, |acc, &n| acc.checked_mul(n)).ok_or_else(too_large)?;
    let bytes = size.checked_mul(elem_size.max(1)).ok_or_else(too_large)?;
    if bytes > isize::MAX as usize {
        return Err(too_large());
    }
    Ok(size)
}

/// Which axes a reduction runs over: NumPy's `axis=None`, `axis=1` or
/// `axis=(0, 2)`. Build it from `None`, an `isize`, an array or a slice.
///
/// # Example
/// ```
/// use numvec::axis::Axes;
/// assert_eq!(Axes::from(None), Axes::All);
/// assert_eq!(Axes::from(-1), Axes::List(vec![-1]));
/// assert_eq!(Axes::from([0, 2]), Axes::List(vec![0, 2]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Axes {
    /// Every axis (`axis=None`).
    All,
    /// The listed axes, negative counting from the end.
    List(Vec<isize>),
}

impl Axes {
    /// The mask of selected axes for an array of rank `ndim`, as [`axis_mask`].
    ///
    /// # Errors
    /// As [`axis_mask`].
    pub fn mask(&self, ndim: usize) -> Result<Vec<bool>> {
        match self {
            Axes::All => axis_mask(None, ndim),
            Axes::List(axes) => axis_mask(Some(axes), ndim),
        }
    }
}

impl From<Option<isize>> for Axes {
    fn from(axis: Option<isize>) -> Self {
        axis.map_or(Axes::All, |axis| Axes::List(vec![axis]))
    }
}

impl From<isize> for Axes {
    fn from(axis: isize) -> Self {
        Axes::List(vec![axis])
    }
}

impl<const N: usize> From<[isize; N]> for Axes {
    fn from(axes: [isize; N]) -> Self {
        Axes::List(axes.to_vec())
    }
}

impl From<&[isize]> for Axes {
    fn from(axes: &[isize]) -> Self {
        Axes::List(axes.to_vec())
    }
}

impl From<Vec<isize>> for Axes {
    fn from(axes: Vec<isize>) -> Self {
        Axes::List(axes)
    }
}
