//! In-place masked writes: NumPy's `putmask` and the `masked_fill` of
//! attention masks (`a[mask] = value`).

use ndarray::{ArrayViewMut, AsArray, Dimension, IxDyn, Zip};

use crate::error::{Error, Result};

/// Masks at least this large are applied on rayon's pool.
const PARALLEL_MIN_LEN: usize = 1 << 15;

/// Sets the elements of `a` where `mask` (broadcast to `a`'s shape) is true
/// to `value`, in place: NumPy's `a[mask] = value` for a boolean mask, such
/// as the seed's `attention_scores[causal_mask] = -np.inf`, without
/// collecting the mask's positions.
///
/// # Errors
/// [`Error::Broadcast`] when `mask` does not broadcast to `a`'s shape;
/// nothing is written.
///
/// # Example
/// ```
/// use ndarray::array;
/// let mut scores = array![[0.5, 0.1], [0.3, 0.4]];
/// let causal = array![[false, true], [false, false]];
/// numvec::index::masked_fill(&mut scores, &causal, f64::NEG_INFINITY)?;
/// assert_eq!(scores, array![[0.5, f64::NEG_INFINITY], [0.3, 0.4]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn masked_fill<'o, 'm, A, D, E>(
    a: impl Into<ArrayViewMut<'o, A, D>>,
    mask: impl AsArray<'m, bool, E>,
    value: A,
) -> Result<()>
where
    A: Copy + Send + Sync + 'o,
    D: Dimension,
    E: Dimension,
{
    let mut a = a.into().into_dyn();
    let mask = mask.into().into_dyn();
    let mask = mask
        .broadcast(IxDyn(a.shape()))
        .ok_or_else(|| Error::Broadcast { lhs: mask.shape().to_vec(), rhs: a.shape().to_vec() })?;
    let zip = Zip::from(&mut a).and(&mask);
    let fill = |x: &mut A, &m: &bool| {
        if m {
            *x = value;
        }
    };
    if mask.len() >= PARALLEL_MIN_LEN {
        zip.par_for_each(fill)
    } else {
        zip.for_each(fill)
    }
    Ok(())
}

/// NumPy's `np.putmask(a, mask, values)`: for each position `i` (C order)
/// where `mask` is true, `a[i] = values[i % len(values)]`; `values` repeats.
/// An empty `values` changes nothing.
///
/// # Errors
/// [`Error::InvalidArgument`] when `mask` and `a` differ in size (NumPy's
/// "putmask: mask and data must be the same size").
///
/// # Example
/// ```
/// use ndarray::array;
/// let mut a = array![[0, 0], [0, 0]];
/// numvec::index::putmask(&mut a, &array![[true, true], [false, true]], &array![1, 2])?;
/// assert_eq!(a, array![[1, 2], [0, 2]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn putmask<'o, 'm, 'v, A, D, E, F>(
    a: impl Into<ArrayViewMut<'o, A, D>>,
    mask: impl AsArray<'m, bool, E>,
    values: impl AsArray<'v, A, F>,
) -> Result<()>
where
    A: Copy + 'o + 'v,
    D: Dimension,
    E: Dimension,
    F: Dimension,
{
    let mut a = a.into().into_dyn();
    let mask = mask.into();
    if mask.len() != a.len() {
        return Err(Error::InvalidArgument("putmask: mask and data must be the same size".into()));
    }
    let values: Vec<A> = values.into().iter().copied().collect();
    if values.is_empty() {
        return Ok(());
    }
    for (i, (x, &m)) in a.iter_mut().zip(mask.iter()).enumerate() {
        if m {
            *x = values[i % values.len()];
        }
    }
    Ok(())
}
