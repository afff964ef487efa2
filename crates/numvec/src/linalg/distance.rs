//! SciPy's `scipy.spatial.distance.cdist`: the distance between every row
//! of `XA` (`M x D`) and every row of `XB` (`N x D`), for the `euclidean`,
//! `sqeuclidean`, `cosine` and `cityblock` metrics.
//!
//! # How
//!
//! The Euclidean-type metrics and `cosine` expand into a matrix product:
//! `|a - b|^2 = |a|^2 + |b|^2 - 2 a.b` and `cos = a.b / (|a| |b|)`. The
//! output is cut into tiles of `TILE_ROWS` x `TILE_COLS`; each tile gets
//! its `a.b` block from [`matmul_into`] (the one GEMM entry point), written
//! straight into the output, then, while the tile is in cache, an epilogue
//! turns the products into distances (norms, clamp at 0, square root). No
//! `(M, N, D)` intermediate and no temporary of the output's size exist:
//! peak memory is the inputs, the output and the row norms.
//!
//! # Accuracy
//!
//! The expansion cancels when a distance is small compared with the
//! norms: its absolute error is about `D * eps * (|a|^2 + |b|^2)`. Every
//! pair whose squared distance falls below `1e-5 * D * (|a|^2 + |b|^2)`
//! (for `cosine`: whose distance falls below `1e-5 * D`) is recomputed with
//! the direct difference formula, so identical points are exactly 0 apart
//! and the relative error of every distance stays below about `1e-11` in
//! `f64`. `cityblock` is always computed directly (`sum |a - b|`).

use std::str::FromStr;

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut, ArrayViewMut2, AsArray, Axis, Dimension, Ix2, Zip, s};
use rayon::prelude::*;

use super::matmul::{LinalgElement, matmul_into};
use crate::element::Float;
use crate::error::{Error, Result};
use crate::output::zeros;

/// Output rows per tile (rows of `XA` multiplied together).
const TILE_ROWS: usize = 256;
/// Output columns per tile: a tile of `f64` is 1 MiB, cache-resident for its epilogue.
const TILE_COLS: usize = 512;
/// Pairs whose squared distance is below this times `D` times the sum of
/// the squared norms are recomputed directly.
const CANCELLATION: f64 = 1e-5;

/// A distance metric of [`cdist`], by SciPy's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// `sqrt(sum((a - b)^2))`.
    Euclidean,
    /// `sum((a - b)^2)`.
    SqEuclidean,
    /// `1 - a.b / (|a| |b|)`, NaN for a zero vector.
    Cosine,
    /// `sum(|a - b|)`.
    Cityblock,
}

impl FromStr for Metric {
    type Err = Error;

    /// SciPy's metric names.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming an unknown metric, as SciPy words it.
    fn from_str(name: &str) -> Result<Self> {
        match name {
            "euclidean" => Ok(Metric::Euclidean),
            "sqeuclidean" => Ok(Metric::SqEuclidean),
            "cosine" => Ok(Metric::Cosine),
            "cityblock" => Ok(Metric::Cityblock),
            _ => Err(Error::InvalidArgument(format!("Unknown Distance Metric: {name}"))),
        }
    }
}

/// SciPy's `scipy.spatial.distance.cdist(XA, XB, metric)`: the `M x N`
/// matrix of distances between the rows of `xa` (`M x D`) and of `xb`
/// (`N x D`). See the [module documentation](self) for the method and its
/// accuracy.
///
/// # Errors
/// [`Error::Shape`] when an input is not 2-D or the column counts differ
/// (SciPy's messages), [`Error::TooLarge`] when the output cannot be allocated.
///
/// # Example
/// ```
/// use ndarray::array;
/// use numvec::linalg::distance::{Metric, cdist};
/// let a = array![[0.0, 0.0], [1.0, 1.0]];
/// let b = array![[3.0, 4.0], [0.0, 0.0]];
/// assert_eq!(cdist(&a, &b, Metric::Euclidean)?, array![[5.0, 0.0], [13.0_f64.sqrt(), 2.0_f64.sqrt()]]);
/// assert_eq!(cdist(&a, &b, Metric::Cityblock)?, array![[7.0, 0.0], [5.0, 2.0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn cdist<'a, F: Float + LinalgElement, D1: Dimension, D2: Dimension>(
    xa: impl AsArray<'a, F, D1>,
    xb: impl AsArray<'a, F, D2>,
    metric: Metric,
) -> Result<Array2<F>> {
    let (xa, xb) = points(xa.into(), xb.into())?;
    let mut out = zeros(Ix2(xa.nrows(), xb.nrows()))?;
    fill(xa, xb, metric, out.view_mut());
    Ok(out)
}

/// [`cdist`] written into `out` (SciPy's `out=`), which must be `M x N`.
///
/// # Errors
/// As [`cdist`], and [`Error::Shape`] ("Output array has incorrect shape.")
/// for another shape; `out` is untouched then.
///
/// # Example
/// ```
/// use ndarray::{array, Array2};
/// use numvec::linalg::distance::{Metric, cdist_into};
/// let mut out = Array2::zeros((1, 2));
/// cdist_into(&array![[1.0, 0.0]], &array![[1.0, 0.0], [0.0, 2.0]], Metric::Cosine, &mut out)?;
/// assert_eq!(out, array![[0.0, 1.0]]);
/// # Ok::<(), numvec::Error>(())
/// ```
pub fn cdist_into<'a, 'o, F: Float + LinalgElement, D1: Dimension, D2: Dimension>(
    xa: impl AsArray<'a, F, D1>,
    xb: impl AsArray<'a, F, D2>,
    metric: Metric,
    out: impl Into<ArrayViewMut<'o, F, Ix2>>,
) -> Result<()> {
    let (xa, xb) = points(xa.into(), xb.into())?;
    let out = out.into();
    if out.dim() != (xa.nrows(), xb.nrows()) {
        return Err(Error::Shape("Output array has incorrect shape.".into()));
    }
    fill(xa, xb, metric, out);
    Ok(())
}

/// Checks SciPy's shape rules and returns the inputs as matrices.
fn points<'a, F, D1: Dimension, D2: Dimension>(
    xa: ndarray::ArrayView<'a, F, D1>,
    xb: ndarray::ArrayView<'a, F, D2>,
) -> Result<(ArrayView2<'a, F>, ArrayView2<'a, F>)> {
    let matrix = |x: ndarray::ArrayView<'a, F, _>, name: &str| {
        x.into_dimensionality::<Ix2>().map_err(|_| Error::Shape(format!("{name} must be a 2-dimensional array.")))
    };
    let (xa, xb) = (matrix(xa.into_dyn(), "XA")?, matrix(xb.into_dyn(), "XB")?);
    if xa.ncols() != xb.ncols() {
        return Err(Error::Shape("XA and XB must have the same number of columns (i.e. feature dimension.)".into()));
    }
    Ok((xa, xb))
}

/// Squared norms of the rows.
fn squared_norms<F: Float>(x: ArrayView2<'_, F>) -> Vec<F> {
    x.rows().into_iter().map(|row| row.iter().fold(F::ZERO, |acc, &v| acc.add(v.mul(v)))).collect()
}

/// Writes every distance into `out` (`M x N`), tile by tile.
fn fill<F: Float + LinalgElement>(
    xa: ArrayView2<'_, F>,
    xb: ArrayView2<'_, F>,
    metric: Metric,
    mut out: ArrayViewMut2<'_, F>,
) {
    if out.is_empty() {
        return;
    }
    let norms = match metric {
        Metric::Cityblock => (Vec::new(), Vec::new()),
        _ => (squared_norms(xa), squared_norms(xb)),
    };
    let scale = F::from_f64(CANCELLATION).mul(F::from_usize(xa.ncols().max(1)));
    let row_blocks = xa.axis_chunks_iter(Axis(0), TILE_ROWS).into_par_iter();
    let out_blocks = out.axis_chunks_iter_mut(Axis(0), TILE_ROWS).into_par_iter();
    row_blocks.zip(out_blocks).enumerate().for_each(|(block, (a, mut out))| {
        let first_row = block * TILE_ROWS;
        for (tile, b) in xb.axis_chunks_iter(Axis(0), TILE_COLS).enumerate() {
            let first_col = tile * TILE_COLS;
            let mut out = out.slice_mut(s![.., first_col..first_col + b.nrows()]);
            let tile = Tile { a, b, first_row, first_col, norms: (&norms.0, &norms.1), scale };
            match metric {
                Metric::Cityblock => tile.cityblock(out),
                _ => {
                    matmul_into(&a, &b.t(), out.view_mut().into_dyn()).expect("tile shapes fit");
                    tile.finish(metric, out);
                }
            }
        }
    });
}

/// One tile of the output: rows `first_row..` of `XA` (`a`) against rows
/// `first_col..` of `XB` (`b`).
struct Tile<'t, 'v, F> {
    a: ArrayView2<'v, F>,
    b: ArrayView2<'v, F>,
    first_row: usize,
    first_col: usize,
    norms: (&'t [F], &'t [F]),
    scale: F,
}

impl<F: Float> Tile<'_, '_, F> {
    /// Turns the products `a.b` in `out` into distances.
    fn finish(&self, metric: Metric, out: ArrayViewMut2<'_, F>) {
        if metric == Metric::Cosine {
            self.finish_cosine(out);
        } else {
            self.finish_squared(metric == Metric::Euclidean, out);
        }
    }

    /// Turns the products `a.b` in `out` into squared distances
    /// `|a|^2 + |b|^2 - 2 a.b` (summed directly where that cancels), then
    /// into distances when `root`; each a pass over a row that vectorizes.
    fn finish_squared(&self, root: bool, mut out: ArrayViewMut2<'_, F>) {
        let two = F::ONE.add(F::ONE);
        let nbs = &self.norms.1[self.first_col..self.first_col + out.ncols()];
        let cancels = |sum: F, squared: F| squared < self.scale.mul(sum);
        for (r, mut row) in out.rows_mut().into_iter().enumerate() {
            let na = self.norms.0[self.first_row + r];
            Zip::from(&mut row).and(nbs).for_each(|value, &nb| *value = na.add(nb).sub(two.mul(*value)));
            let any_cancelled =
                Zip::from(&row).and(nbs).fold(0_u32, |n, &value, &nb| n | u32::from(cancels(na.add(nb), value)));
            if any_cancelled != 0 {
                for (c, value) in row.iter_mut().enumerate() {
                    if cancels(na.add(nbs[c]), *value) {
                        *value = direct_squared(self.a.row(r), self.b.row(c));
                    }
                }
            }
            if root {
                row.map_inplace(|value| *value = value.sqrt());
            }
        }
    }

    /// Turns the products `a.b` in `out` into cosine distances (computed
    /// directly where `1 - cos` cancels).
    fn finish_cosine(&self, mut out: ArrayViewMut2<'_, F>) {
        for (r, mut row) in out.rows_mut().into_iter().enumerate() {
            let na = self.norms.0[self.first_row + r];
            for (c, value) in row.iter_mut().enumerate() {
                let nb = self.norms.1[self.first_col + c];
                let cosine = value.div(na.sqrt().mul(nb.sqrt())).maximum(F::ONE.neg()).minimum(F::ONE);
                let distance = F::ONE.sub(cosine);
                *value =
                    if distance < self.scale { direct_cosine(self.a.row(r), self.b.row(c), na, nb) } else { distance };
            }
        }
    }

    /// `sum(|a - b|)` for every pair of the tile.
    fn cityblock(&self, mut out: ArrayViewMut2<'_, F>) {
        for (a, mut row) in self.a.rows().into_iter().zip(out.rows_mut()) {
            for (b, value) in self.b.rows().into_iter().zip(row.iter_mut()) {
                *value = a.iter().zip(b).fold(F::ZERO, |acc, (&x, &y)| acc.add(x.sub(y).abs()));
            }
        }
    }
}

/// `sum((a - b)^2)`, summed directly.
fn direct_squared<F: Float>(a: ArrayView1<'_, F>, b: ArrayView1<'_, F>) -> F {
    a.iter().zip(b).fold(F::ZERO, |acc, (&x, &y)| {
        let d = x.sub(y);
        acc.add(d.mul(d))
    })
}

/// `1 - cos = |a/|a| - b/|b||^2 / 2`, without the cancellation of `1 - cos`.
fn direct_cosine<F: Float>(a: ArrayView1<'_, F>, b: ArrayView1<'_, F>, na: F, nb: F) -> F {
    let (ra, rb) = (F::ONE.div(na.sqrt()), F::ONE.div(nb.sqrt()));
    let squared = a.iter().zip(b).fold(F::ZERO, |acc, (&x, &y)| {
        let d = x.mul(ra).sub(y.mul(rb));
        acc.add(d.mul(d))
    });
    squared.div(F::ONE.add(F::ONE))
}
