//! Embedding: a Rust program that starts a Python interpreter.
//! Run with `cargo run --example embed --features embed`.

// ANCHOR: embed
use pyo3::prelude::*;
use pyo3::types::PyModule;

fn main() -> PyResult<()> {
    // With the `auto-initialize` feature, the first `attach` starts Python.
    Python::attach(|py| {
        let platform = py.import("platform")?;
        let version: String = platform.call_method0("python_version")?.extract()?;
        println!("embedded Python {version}");

        // Load Python source as a module and call a function from it.
        let helpers = PyModule::from_code(
            py,
            c"def describe(values):\n    import statistics\n    return f'median {statistics.median(values)}'\n",
            c"helpers.py",
            c"helpers",
        )?;
        let text: String = helpers
            .getattr("describe")?
            .call1((vec![3, 1, 2],))?
            .extract()?;
        println!("{text}");
        Ok(())
    })
}
// ANCHOR_END: embed
