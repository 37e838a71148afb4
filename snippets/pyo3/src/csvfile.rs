//! The chapter 6 row counter, callable from Python.

use std::path::PathBuf;

use pyo3::prelude::*;

use crate::errors::CountError;

// ANCHOR: count_rows
/// Count the data rows of a CSV file (the header row is not counted).
///
/// Raises FileNotFoundError (or another OSError) if the file cannot be read,
/// and CsvFormatError if a row is ragged or a quoted field is malformed.
#[pyfunction]
pub fn count_rows(py: Python<'_>, path: PathBuf) -> Result<u64, CountError> {
    // Reading and parsing touch no Python objects, so let other Python
    // threads run meanwhile.
    let rows = py.detach(|| csv_count::count_rows_in_file(&path))?;
    Ok(rows)
}
// ANCHOR_END: count_rows
