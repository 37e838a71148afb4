//! The guide's PyO3 extension, imported from Python as `snakebridge._native`
//! (and re-exported by `snakebridge`).

mod arrays;
mod csvfile;
mod errors;
mod interop;
mod production;
mod stats;

// ANCHOR: module
/// Rust helpers for the crabsnake guide.
#[pyo3::pymodule]
mod _native {
    #[pymodule_export]
    use super::arrays::{
        scaled, softplus_sum, softplus_sum_parallel, total, total_contiguous, total_list,
    };
    #[pymodule_export]
    use super::csvfile::count_rows;
    #[pymodule_export]
    use super::errors::CsvFormatError;
    #[pymodule_export]
    use super::interop::to_json;
    #[pymodule_export]
    use super::production::{Hub, checksum, explode};
    #[pymodule_export]
    use super::stats::{RunningStats, mean};
    // The exception a Rust panic becomes, so that Python code can name it.
    #[pymodule_export]
    use pyo3::panic::PanicException;

    use pyo3::prelude::*;

    /// Runs once, when Python imports the module.
    #[pymodule_init]
    fn init(_module: &Bound<'_, PyModule>) -> PyResult<()> {
        // Send the `log` crate's records to Python's `logging`.
        pyo3_log::init();
        Ok(())
    }
}
// ANCHOR_END: module
