//! Calling Python from Rust.

use pyo3::prelude::*;
use pyo3::types::PyDict;

// ANCHOR: to_json
/// Serialise any Python value with the standard library's `json.dumps`,
/// keys sorted, and return the text.
#[pyfunction]
pub fn to_json(py: Python<'_>, value: Bound<'_, PyAny>) -> PyResult<String> {
    let json = py.import("json")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("sort_keys", true)?;
    let text = json.call_method("dumps", (value,), Some(&kwargs))?;
    text.extract()
}
// ANCHOR_END: to_json
