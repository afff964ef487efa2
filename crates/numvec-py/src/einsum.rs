//! `einsum`, `einsum_path` and `matmul`: convert -> release the GIL ->
//! numvec -> convert back.

use numvec::DType;
use numvec::einsum::Optimize;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyList, PyString, PyTuple};

use crate::convert::{Arg, Kind, Out, classify, dispatch, numpy, readonly, result_dtype};
use crate::elementwise::{deliver, separate_from_out};
use crate::errors::to_py_err;

/// NumPy's letters for the integer labels of the interleaved form.
const EINSUM_SYMBOLS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// `numvec.einsum(subscripts, *operands, out=None, optimize=True)`, as
/// `numpy.einsum` (also the interleaved form `einsum(a, [0, 1], b, [1, 2])`),
/// but optimizing the contraction path by default.
#[pyfunction]
#[pyo3(signature = (*operands, out=None, optimize=None))]
pub fn einsum<'py>(
    py: Python<'py>,
    operands: &Bound<'py, PyTuple>,
    out: Option<&Bound<'py, PyAny>>,
    optimize: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (subscripts, operands) = subscripts_and_operands(operands)?;
    let optimize = optimize.map_or(Ok(Optimize::Greedy), optimize_of)?;
    let args = operands.iter().map(|op| classify(op, "einsum").map(as_array_kind)).collect::<PyResult<Vec<_>>>()?;
    let dtype = result_dtype(&args.iter().map(|a| a.kind).collect::<Vec<_>>());
    let out = out.map(|o| Out::new(o, "einsum")).transpose()?;
    let (args, _) = separate_from_out(args, out.as_ref(), dtype, false)?;
    dispatch!(
        dtype,
        "einsum",
        |T| {
            let arrays = args.iter().map(readonly::<T>).collect::<PyResult<Vec<_>>>()?;
            let views: Vec<_> = arrays.iter().map(|a| a.as_array()).collect();
            deliver(
                py,
                "einsum",
                out.as_ref(),
                || numvec::einsum::einsum_with(&subscripts, &views, &optimize),
                |target| numvec::einsum::einsum_into(&subscripts, &views, &optimize, target),
            )
        },
        [bool, i32, i64, f32, f64]
    )
}

/// `numvec.einsum_path(subscripts, *operands, optimize='greedy')`, as
/// `numpy.einsum_path`: `(['einsum_path', (i, j), ...], report)`.
#[pyfunction]
#[pyo3(signature = (*operands, optimize=None))]
pub fn einsum_path<'py>(
    py: Python<'py>,
    operands: &Bound<'py, PyTuple>,
    optimize: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let (subscripts, operands) = subscripts_and_operands(operands)?;
    let optimize = optimize.map_or(Ok(Optimize::Greedy), optimize_of)?;
    let shapes = operands
        .iter()
        .map(|op| numpy(py)?.call_method1("shape", (op,))?.extract::<Vec<usize>>())
        .collect::<PyResult<Vec<_>>>()?;
    let shape_refs: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
    let (path, report) = numvec::einsum_path(&subscripts, &shape_refs, &optimize).map_err(to_py_err)?;
    let list = PyList::new(py, [PyString::new(py, "einsum_path").into_any()])?;
    for step in path {
        list.append(PyTuple::new(py, step)?)?;
    }
    PyTuple::new(py, [list.into_any(), PyString::new(py, &report).into_any()])
}

/// `numvec.matmul(x1, x2, /, out=None)`, as `numpy.matmul`.
#[pyfunction]
#[pyo3(signature = (x1, x2, /, out=None))]
pub fn matmul<'py>(
    py: Python<'py>,
    x1: &Bound<'py, PyAny>,
    x2: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let args = vec![classify(x1, "matmul")?, classify(x2, "matmul")?];
    let dtype = result_dtype(&[args[0].kind, args[1].kind]);
    let out = out.map(|o| Out::new(o, "matmul")).transpose()?;
    let (args, _) = separate_from_out(args, out.as_ref(), dtype, false)?;
    dispatch!(
        dtype,
        "matmul",
        |T| {
            let (a, b) = (readonly::<T>(&args[0])?, readonly::<T>(&args[1])?);
            let (a, b) = (a.as_array(), b.as_array());
            deliver(
                py,
                "matmul",
                out.as_ref(),
                || numvec::linalg::matmul(&a, &b),
                |target| numvec::linalg::matmul_into(&a, &b, target),
            )
        },
        [bool, i32, i64, f32, f64]
    )
}

/// NumPy converts einsum operands with `asanyarray`: Python scalars are
/// arrays of their default dtype, not weak scalars.
fn as_array_kind(mut arg: Arg<'_>) -> Arg<'_> {
    arg.kind = match arg.kind {
        Kind::WeakBool => Kind::Strong(DType::Bool),
        Kind::WeakInt => Kind::Strong(DType::Int64),
        Kind::WeakFloat => Kind::Strong(DType::Float64),
        strong => strong,
    };
    arg
}

/// The subscripts string and the operands, from either calling form.
fn subscripts_and_operands<'py>(args: &Bound<'py, PyTuple>) -> PyResult<(String, Vec<Bound<'py, PyAny>>)> {
    let items: Vec<Bound<'py, PyAny>> = args.iter().collect();
    let Some(first) = items.first() else {
        return Err(PyValueError::new_err("No input operands"));
    };
    if let Ok(subscripts) = first.cast::<PyString>() {
        return Ok((subscripts.extract::<String>()?, items[1..].to_vec()));
    }
    // Interleaved: operand, sublist, operand, sublist, ..., [output sublist].
    let mut terms = Vec::new();
    let mut operands = Vec::new();
    for pair in items.chunks(2) {
        if let [operand, sublist] = pair {
            operands.push(operand.clone());
            terms.push(sublist_word(sublist)?);
        }
    }
    let mut subscripts = terms.join(",");
    if items.len() % 2 == 1 {
        subscripts = format!("{subscripts}->{}", sublist_word(&items[items.len() - 1])?);
    }
    Ok((subscripts, operands))
}

/// A sublist of the interleaved form (`[0, Ellipsis, 1]`) as subscripts.
fn sublist_word(sublist: &Bound<'_, PyAny>) -> PyResult<String> {
    let ellipsis = sublist.py().Ellipsis();
    let mut word = String::new();
    for item in sublist.try_iter()? {
        let item = item?;
        if item.is(&ellipsis) {
            word.push_str("...");
            continue;
        }
        let index: isize = item
            .extract()
            .map_err(|_| PyTypeError::new_err("For this input type lists must contain either int or Ellipsis"))?;
        let letter = usize::try_from(index)
            .ok()
            .and_then(|i| EINSUM_SYMBOLS.get(i))
            .ok_or_else(|| PyValueError::new_err("subscript is not within the valid range [0, 52)"))?;
        word.push(char::from(*letter));
    }
    Ok(word)
}

/// NumPy's `optimize=` values: a bool, `None`, `'greedy'`, `'optimal'`, a
/// `(strategy, memory_limit)` pair (the limit is not applied), or an
/// explicit `['einsum_path', (0, 1), ...]`.
fn optimize_of(obj: &Bound<'_, PyAny>) -> PyResult<Optimize> {
    if obj.is_none() {
        return Ok(Optimize::None);
    }
    if let Ok(flag) = obj.cast::<PyBool>() {
        return Ok(if flag.is_true() { Optimize::Greedy } else { Optimize::None });
    }
    if let Ok(name) = obj.cast::<PyString>() {
        return strategy(&name.extract::<String>()?);
    }
    let items: Vec<Bound<'_, PyAny>> = match obj.try_iter() {
        Ok(iter) => iter.collect::<PyResult<_>>()?,
        Err(_) => return Err(PyTypeError::new_err(format!("Did not understand the path: {obj}"))),
    };
    match items.first().map(|f| f.extract::<String>()) {
        Some(Ok(head)) if head == "einsum_path" => {
            let steps = items[1..].iter().map(|step| step.extract::<Vec<usize>>()).collect::<PyResult<Vec<_>>>()?;
            Ok(Optimize::Path(steps))
        }
        Some(Ok(name)) if items.len() == 2 && items[1].extract::<f64>().is_ok() => strategy(&name),
        _ => Err(PyTypeError::new_err(format!("Did not understand the path: {obj}"))),
    }
}

fn strategy(name: &str) -> PyResult<Optimize> {
    match name {
        "greedy" => Ok(Optimize::Greedy),
        "optimal" => Ok(Optimize::Optimal),
        other => Err(PyKeyError::new_err(format!("Path name {other} not found"))),
    }
}
