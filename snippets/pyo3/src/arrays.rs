//! NumPy arrays in and out of Rust: borrowed views, new arrays, and a
//! parallel loop that runs with the thread detached from the interpreter.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use rayon::prelude::*;

// ANCHOR: total
/// Sum of a float64 array, read in place: any stride, no copy.
#[pyfunction]
pub fn total(values: PyReadonlyArray1<'_, f64>) -> f64 {
    // An ndarray view walks the array with its own strides.
    values.as_array().sum()
}
// ANCHOR_END: total

// ANCHOR: total_contiguous
/// Sum of a contiguous float64 array, read as a plain Rust slice.
///
/// Raises TypeError for a strided view such as `a[::2]`.
#[pyfunction]
pub fn total_contiguous(values: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    let slice: &[f64] = values.as_slice()?;
    Ok(slice.iter().sum())
}
// ANCHOR_END: total_contiguous

// ANCHOR: total_list
/// Sum of a list of floats: every element is converted into a new Vec first.
#[pyfunction]
pub fn total_list(values: Vec<f64>) -> f64 {
    values.iter().sum()
}
// ANCHOR_END: total_list

// ANCHOR: scaled
/// A new array holding `values * factor`.
///
/// The Vec is built in Rust, then handed to NumPy as the array's buffer:
/// `into_pyarray` moves it, nothing is copied on the way out.
#[pyfunction]
pub fn scaled<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    factor: f64,
) -> Bound<'py, PyArray1<f64>> {
    let out: Vec<f64> = values.as_array().iter().map(|v| v * factor).collect();
    out.into_pyarray(py)
}
// ANCHOR_END: scaled

// ANCHOR: softplus
/// `ln(1 + e^x)`, written so that it neither overflows for large x nor
/// loses precision for very negative x.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// Sum of softplus over the array, on one thread.
#[pyfunction]
pub fn softplus_sum(py: Python<'_>, values: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    let slice = values.as_slice()?;
    // The slice is plain memory, not a Python object: it may cross into
    // the detached closure, and other Python threads run meanwhile.
    Ok(py.detach(|| slice.iter().map(|&x| softplus(x)).sum()))
}

/// The same sum, split across rayon's thread pool.
#[pyfunction]
pub fn softplus_sum_parallel(py: Python<'_>, values: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    let slice = values.as_slice()?;
    Ok(py.detach(|| slice.par_iter().map(|&x| softplus(x)).sum()))
}
// ANCHOR_END: softplus
