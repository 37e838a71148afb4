//! Mapping Rust errors to Python exceptions.

// ANCHOR: errors
use pyo3::PyErr;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;

use csv_count::CsvError;

// A new Python exception class, `snakebridge.CsvFormatError`, that
// subclasses ValueError, so `except ValueError` still catches it.
create_exception!(
    snakebridge,
    CsvFormatError,
    PyValueError,
    "The CSV input is malformed."
);

/// A local wrapper: the orphan rule forbids `impl From<CsvError> for PyErr`
/// here, because neither type belongs to this crate.
pub struct CountError(pub CsvError);

impl From<CsvError> for CountError {
    fn from(err: CsvError) -> Self {
        CountError(err)
    }
}

impl From<CountError> for PyErr {
    fn from(err: CountError) -> PyErr {
        match err.0 {
            // PyO3 turns io::Error into the matching OSError subclass:
            // NotFound becomes FileNotFoundError, and so on.
            CsvError::Io(io) => io.into(),
            other => CsvFormatError::new_err(other.to_string()),
        }
    }
}
// ANCHOR_END: errors
