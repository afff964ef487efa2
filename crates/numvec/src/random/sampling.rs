//! NumPy's legacy sampling from a population: `choice` and `shuffle` along the
//! first axis of an array.

use ndarray::{ArrayD, ArrayViewMut, Axis, Dimension, IxDyn, Slice, Zip};

use super::state::RandomState;
use crate::axis::checked_size;
use crate::error::{Error, Result};

/// NumPy's `kahan_sum` over the probabilities (compensated summation).
fn kahan_sum(p: &[f64]) -> f64 {
    let Some((&first, rest)) = p.split_first() else { return 0.0 };
    let (mut sum, mut c) = (first, 0.0);
    for &x in rest {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

/// The normalized running sum of `p` (sequential, as NumPy's `cumsum`).
fn normalized_cdf(p: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = p
        .iter()
        .map(|&x| {
            acc += x;
            acc
        })
        .collect();
    let last = *cdf.last().expect("p is not empty");
    cdf.iter_mut().for_each(|c| *c /= last);
    cdf
}

/// `cdf.searchsorted(x, side='right')`, kept inside the population.
fn search_right(cdf: &[f64], x: f64) -> usize {
    cdf.partition_point(|&c| c <= x).min(cdf.len() - 1)
}

/// Validates `p` as NumPy's legacy `choice` does, in its order.
fn check_probabilities(p: &[f64], pop_size: usize) -> Result<()> {
    if p.len() != pop_size {
        return Err(Error::InvalidArgument("'a' and 'p' must have same size".into()));
    }
    let total = kahan_sum(p);
    if total.is_nan() {
        return Err(Error::InvalidArgument("probabilities contain NaN".into()));
    }
    if p.iter().any(|&x| x < 0.0) {
        return Err(Error::InvalidArgument("probabilities are not non-negative".into()));
    }
    if (total - 1.0).abs() > f64::EPSILON.sqrt() {
        return Err(Error::InvalidArgument("probabilities do not sum to 1".into()));
    }
    Ok(())
}

impl RandomState {
    /// NumPy's `RandomState.choice(a, size, replace, p)` for an integer
    /// population `a`: indices into `0..a`, drawn as NumPy's legacy code
    /// draws them (`randint` with replacement, a `permutation` prefix
    /// without, and inverse-CDF lookups of `random_sample` draws when `p` is
    /// given, redrawing duplicates without replacement).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] with NumPy's message if `a == 0` while
    /// samples are requested, if more samples than `a` are requested without
    /// replacement, or if `p` has the wrong length, a NaN, a negative entry,
    /// a sum off 1 by more than `sqrt(eps)`, or (without replacement) fewer
    /// non-zero entries than samples; [`Error::TooLarge`] if the shape's size
    /// overflows.
    ///
    /// ```
    /// use numvec::random::RandomState;
    ///
    /// // numpy.random.RandomState(0).choice(5, 3, replace=False) -> [2, 0, 1]
    /// let idx = RandomState::new(0).choice(5, &[3], false, None)?;
    /// assert_eq!(idx.as_slice().unwrap(), &[2, 0, 1]);
    /// # Ok::<(), numvec::Error>(())
    /// ```
    pub fn choice(&mut self, a: usize, shape: &[usize], replace: bool, p: Option<&[f64]>) -> Result<ArrayD<i64>> {
        let size = checked_size(shape, size_of::<i64>())?;
        if a == 0 && size != 0 {
            return Err(Error::InvalidArgument("a must be greater than 0 unless no samples are taken".into()));
        }
        if let Some(p) = p {
            check_probabilities(p, a)?;
        }
        if !replace && size > a {
            return Err(Error::InvalidArgument(
                "Cannot take a larger sample than population when 'replace=False'".into(),
            ));
        }
        match (replace, p) {
            _ if a == 0 => Ok(ArrayD::zeros(IxDyn(shape))),
            (true, None) => self.randint(0, a as i64, shape),
            (true, Some(p)) => {
                let cdf = normalized_cdf(p);
                let u = self.random_sample(shape)?;
                Ok(u.mapv(|x| search_right(&cdf, x) as i64))
            }
            (false, None) => {
                let mut idx = self.permutation(a)?.into_raw_vec_and_offset().0;
                idx.truncate(size);
                Ok(ArrayD::from_shape_vec(IxDyn(shape), idx).expect("size checked against the shape"))
            }
            (false, Some(p)) => {
                if p.iter().filter(|&&x| x > 0.0).count() < size {
                    return Err(Error::InvalidArgument("Fewer non-zero entries in p than size".into()));
                }
                let mut p = p.to_vec();
                let mut found: Vec<i64> = Vec::with_capacity(size);
                while found.len() < size {
                    let x = self.random_sample(&[size - found.len()])?;
                    for &f in &found {
                        p[f as usize] = 0.0;
                    }
                    let cdf = normalized_cdf(&p);
                    let start = found.len();
                    for &u in x.iter() {
                        let i = search_right(&cdf, u) as i64;
                        if !found[start..].contains(&i) {
                            found.push(i);
                        }
                    }
                }
                Ok(ArrayD::from_shape_vec(IxDyn(shape), found).expect("size checked against the shape"))
            }
        }
    }

    /// NumPy's `RandomState.shuffle(x)` for an array: shuffles the
    /// sub-arrays along the first axis in place, with the same draws as
    /// [`shuffle`](Self::shuffle) on a slice of that length. A 0-d array is
    /// left as it is.
    ///
    /// ```
    /// use ndarray::array;
    /// use numvec::random::RandomState;
    ///
    /// let mut x = array![[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]];
    /// RandomState::new(0).shuffle_array(&mut x.view_mut());
    /// assert_eq!(x, array![[2, 2], [0, 0], [1, 1], [3, 3], [4, 4]]);
    /// ```
    pub fn shuffle_array<T, D: Dimension>(&mut self, x: &mut ArrayViewMut<'_, T, D>) {
        if x.ndim() == 0 || x.is_empty() {
            return;
        }
        for i in (1..x.len_of(Axis(0))).rev() {
            let j = self.interval(i as u64) as usize;
            if i == j {
                continue;
            }
            // j < i: row j lies in the first part, row i starts the second.
            let (mut lo, mut hi) = x.view_mut().split_at(Axis(0), i);
            let row_j = lo.slice_axis_mut(Axis(0), Slice::from(j..j + 1));
            let row_i = hi.slice_axis_mut(Axis(0), Slice::from(0..1));
            Zip::from(row_j).and(row_i).for_each(std::mem::swap);
        }
    }
}
