//! One module per command. Each returns the process exit code: 0 ok, 1 problems in the
//! site's input (already printed), 2 usage.

pub mod build;
pub mod new;
pub mod serve;
pub mod test;

use crate::error::Diagnostics;

/// Prints every diagnostic to stderr, sorted by file and position.
pub fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

/// Bytes as a short human-readable size.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / f64::from(1 << 10)),
        b => format!("{b} B"),
    }
}
