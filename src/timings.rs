//! How long each stage of a build took: recorded on every build (a clock read per stage costs
//! nothing), printed by `build --timings` and by the benchmark.

use std::fmt;
use std::time::{Duration, Instant};

/// The stages of one build, in order, with their wall-clock times.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// The process's peak resident memory when each stage ended, in KiB (Linux only).
    pub peaks: Vec<Option<u64>>,
    /// Parts of the last stage that ran at the same time, each with its own duration.
    pub within: Vec<(&'static str, &'static str, Duration)>,
    /// CPU time spent highlighting code, summed over the threads that rendered pages (it is
    /// part of the `markdown+pages` stage's wall time).
    pub highlighting: Duration,
    /// CPU time spent putting pages through their templates and writing them, likewise.
    pub templates: Duration,
    last: Option<Instant>,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            last: Some(Instant::now()),
            ..Default::default()
        }
    }

    /// Ends the current stage under `name` and starts the next.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        if let Some(last) = self.last.replace(now) {
            self.stages.push((name, now - last));
            self.peaks.push(peak_kib());
        }
    }

    /// Records a part of the stage just ended that ran beside other parts.
    pub fn within(&mut self, name: &'static str, took: Duration) {
        if let Some((stage, _)) = self.stages.last() {
            self.within.push((stage, name, took));
        }
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// The process's peak resident memory so far (`VmHWM`), where the system reports it.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl fmt::Display for Timings {
    /// One line per stage: `  markdown      412.3 ms  61%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total().as_secs_f64().max(1e-9);
        for (i, (name, d)) in self.stages.iter().enumerate() {
            write!(
                f,
                "  {name:<12} {:>8.1} ms  {:>3.0}%",
                d.as_secs_f64() * 1e3,
                d.as_secs_f64() / total * 100.0
            )?;
            match self.peaks.get(i).copied().flatten() {
                Some(kib) => writeln!(f, "  peak {:>6.1} MiB", kib as f64 / 1024.0)?,
                None => writeln!(f)?,
            }
            for (_, part, d) in self.within.iter().filter(|(stage, ..)| stage == name) {
                writeln!(
                    f,
                    "    {part:<12} {:>6.1} ms  (at the same time as the rest of {name})",
                    d.as_secs_f64() * 1e3
                )?;
            }
        }
        for (name, d) in [
            ("highlighting", self.highlighting),
            ("templates", self.templates),
        ] {
            writeln!(
                f,
                "  {name:<12} {:>8.1} ms  (CPU, all threads, inside markdown+pages)",
                d.as_secs_f64() * 1e3
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_are_recorded_in_order() {
        let mut t = Timings::start();
        t.lap("load");
        t.lap("render");
        let names: Vec<&str> = t.stages.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["load", "render"]);
        assert_eq!(t.total(), t.stages[0].1 + t.stages[1].1);
        assert!(t.to_string().contains("render"));
    }
}
