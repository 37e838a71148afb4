//! Production concerns: Python objects held by Rust, a class that is safe on
//! free-threaded Python, panics, and logging into Python's `logging`.

use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;
use pyo3::pyclass::{PyTraverseError, PyVisit};
use pyo3::sync::MutexExt;

// ANCHOR: hub
/// Calls every subscribed callable with each published message.
///
/// `frozen`: Python gets no `&mut self`, so no runtime borrow errors; the
/// mutable state sits behind a Mutex, which makes the class safe to share
/// between threads with or without a GIL.
#[pyclass(module = "snakebridge", frozen)]
pub struct Hub {
    // Py<T>: a reference that is not tied to an attached thread, so a Rust
    // struct can store it for as long as it likes.
    subscribers: Mutex<Vec<Py<PyAny>>>,
}

impl Hub {
    /// Lock the list; `lock_py_attached` detaches while it waits, so a
    /// thread blocked here cannot hold up the interpreter.
    fn subscribers(&self, py: Python<'_>) -> MutexGuard<'_, Vec<Py<PyAny>>> {
        self.subscribers
            .lock_py_attached(py)
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl Hub {
    #[new]
    fn new() -> Self {
        Hub {
            subscribers: Mutex::new(Vec::new()),
        }
    }

    /// Register a callable; Bound (tied to this call) becomes Py (storable).
    fn subscribe(&self, callback: Bound<'_, PyAny>) {
        self.subscribers(callback.py()).push(callback.unbind());
    }

    /// Call every subscriber with `message`; return how many were called.
    fn publish(&self, py: Python<'_>, message: Bound<'_, PyAny>) -> PyResult<usize> {
        // Take new references (clone_ref) and let go of the lock before
        // running Python code: a callback may subscribe, or publish again.
        let callbacks: Vec<Py<PyAny>> = self
            .subscribers(py)
            .iter()
            .map(|callback| callback.clone_ref(py))
            .collect();
        for callback in &callbacks {
            callback.call1(py, (&message,))?;
        }
        Ok(callbacks.len())
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.subscribers(py).len()
    }

    /// Tell the cycle collector which Python objects this one references.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        // No Python calls and no blocking here. If another thread holds the
        // lock, skipping is safe: unvisited references only make the
        // collector keep objects alive longer.
        if let Ok(subscribers) = self.subscribers.try_lock() {
            for callback in subscribers.iter() {
                visit.call(callback)?;
            }
        }
        Ok(())
    }

    /// Break reference cycles: drop the stored callables.
    fn __clear__(&self) {
        let dropped = match self.subscribers.try_lock() {
            Ok(mut subscribers) => std::mem::take(&mut *subscribers),
            Err(_) => return,
        };
        // The lock is released here, before the references are dropped:
        // dropping one can run arbitrary Python code (a __del__ method).
        drop(dropped);
    }
}
// ANCHOR_END: hub

// ANCHOR: explode
/// Panics on purpose, to show what Python sees when Rust code panics.
#[pyfunction]
pub fn explode(message: &str) {
    panic!("explode() was asked to fail: {message}");
}
// ANCHOR_END: explode

// ANCHOR: checksum
/// FNV-1a hash of a bytes object; logs a line through Python's `logging`.
#[pyfunction]
pub fn checksum(py: Python<'_>, data: &[u8]) -> u64 {
    let hash = py.detach(|| {
        data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    });
    // The target becomes the Python logger's name.
    log::info!(target: "snakebridge", "checksum of {} bytes: {hash:016x}", data.len());
    hash
}
// ANCHOR_END: checksum
