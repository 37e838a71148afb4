//! A function and a class with methods and properties.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

// ANCHOR: mean
/// Arithmetic mean of a sequence of numbers.
#[pyfunction]
pub fn mean(values: Vec<f64>) -> PyResult<f64> {
    if values.is_empty() {
        return Err(PyValueError::new_err("mean() of an empty sequence"));
    }
    Ok(values.iter().sum::<f64>() / values.len() as f64)
}
// ANCHOR_END: mean

// ANCHOR: class
/// Count, mean and variance of a stream of numbers, updated in O(1) per value
/// (Welford's algorithm).
#[pyclass(module = "snakebridge")]
pub struct RunningStats {
    /// How many values were pushed; readable from Python as `.count`.
    #[pyo3(get)]
    count: u64,
    mean: f64,
    m2: f64, // sum of squared distances from the mean
}

#[pymethods]
impl RunningStats {
    #[new]
    #[pyo3(signature = (values = Vec::new()))]
    fn new(values: Vec<f64>) -> Self {
        let mut stats = RunningStats {
            count: 0,
            mean: 0.0,
            m2: 0.0,
        };
        stats.extend(values);
        stats
    }

    /// Add one value.
    fn push(&mut self, value: f64) {
        self.count += 1;
        let delta = value - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (value - self.mean);
    }

    /// Add every value of a sequence.
    fn extend(&mut self, values: Vec<f64>) {
        for value in values {
            self.push(value);
        }
    }

    /// The mean so far, or None before the first value.
    #[getter]
    fn mean(&self) -> Option<f64> {
        (self.count > 0).then_some(self.mean)
    }

    /// The sample variance; raises ValueError with fewer than two values.
    #[getter]
    fn variance(&self) -> PyResult<f64> {
        if self.count < 2 {
            return Err(PyValueError::new_err("variance needs at least two values"));
        }
        Ok(self.m2 / (self.count - 1) as f64)
    }

    fn __len__(&self) -> usize {
        self.count as usize
    }

    fn __repr__(&self) -> String {
        match self.mean() {
            Some(mean) => format!("RunningStats(count={}, mean={mean:?})", self.count),
            None => "RunningStats(count=0)".to_string(),
        }
    }
}
// ANCHOR_END: class
