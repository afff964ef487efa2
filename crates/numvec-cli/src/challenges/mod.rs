//! The seed's challenges: each problem verified (loop version against numvec
//! on the seed's inputs, with the seed's assertions) and timed (both versions
//! at a size where speed shows).

mod broadcasting;
pub mod check;
mod einsum;
mod indexing;
mod memory;
mod vectorized;

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::timing::{Timing, format_duration, format_speedup};

/// Any error of a verification or a timing run.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The result of a verification or a timing run.
pub type Outcome<T = ()> = Result<T, BoxError>;

/// One problem of a seed challenge.
#[derive(Clone, Copy)]
pub struct Problem {
    /// The challenge's number in the seed document.
    pub challenge: u8,
    /// The problem's letter within its challenge.
    pub letter: char,
    /// What the problem computes.
    pub name: &'static str,
    /// Runs the loop version and numvec's on the seed's inputs and checks
    /// them like the seed's assertions.
    pub verify: fn() -> Outcome,
    /// Times both versions at the timing size.
    pub time: fn(&Settings) -> Outcome<Timing>,
}

impl Problem {
    /// The problem's label, `1A`.
    pub fn label(&self) -> String {
        format!("{}{}", self.challenge, self.letter)
    }
}

/// How the problems are timed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Runs per version; the median is reported.
    pub repeat: usize,
    /// The factor applied to the number of elements of each timing input.
    pub scale: f64,
}

impl Settings {
    /// A length of `n` elements at full scale, scaled (at least 1).
    pub fn len(&self, n: usize) -> usize {
        scale_count(n, self.scale)
    }

    /// The side of a square of `n` x `n` elements at full scale, scaled so
    /// that the square's size follows the scale (at least 1).
    pub fn side(&self, n: usize) -> usize {
        scale_count(n, self.scale.sqrt())
    }
}

fn scale_count(n: usize, factor: f64) -> usize {
    // Saturating float-to-int conversion; sizes are far below 2^53.
    ((n as f64) * factor).round().max(1.0) as usize
}

/// The numbers of the challenges implemented, in order.
pub const IMPLEMENTED: [u8; 5] = [1, 2, 3, 4, 5];

/// Every problem of the given challenges, in the seed's order.
pub fn problems(challenges: &[u8]) -> Vec<Problem> {
    let mut all = vectorized::problems();
    all.extend(einsum::problems());
    all.extend(memory::problems());
    all.extend(broadcasting::problems());
    all.extend(indexing::problems());
    all.retain(|p| challenges.contains(&p.challenge));
    all
}

/// What running one problem gave.
pub struct Report {
    /// The problem.
    pub problem: Problem,
    /// Whether the verification passed.
    pub verified: Outcome,
    /// The timing, or why it failed.
    pub timing: Outcome<Timing>,
}

impl Report {
    /// Whether both the verification and the timing succeeded.
    pub fn passed(&self) -> bool {
        self.verified.is_ok() && self.timing.is_ok()
    }
}

/// Verifies and times every problem, showing a progress bar on a terminal.
pub fn run(problems: &[Problem], settings: &Settings) -> Vec<Report> {
    let bar = progress_bar(problems.len());
    let reports = problems
        .iter()
        .map(|&problem| {
            bar.set_message(format!("{} {}: verifying", problem.label(), problem.name));
            let verified = (problem.verify)();
            bar.set_message(format!("{} {}: timing", problem.label(), problem.name));
            let timing = (problem.time)(settings);
            bar.inc(1);
            Report { problem, verified, timing }
        })
        .collect();
    bar.finish_and_clear();
    reports
}

/// A progress bar on standard error, hidden when that is not a terminal.
fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// The table of results, one row per problem, then the reason of every failure.
pub fn render(reports: &[Report]) -> String {
    let header = ["challenge", "problem", "verified", "size", "loop", "numvec", "speed-up"].map(String::from);
    let rows: Vec<[String; 7]> = reports.iter().map(row).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().chain([&header]).map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for cells in [&header].into_iter().chain(&rows) {
        let line: Vec<String> = cells.iter().zip(&widths).map(|(cell, &w)| format!("{cell:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    for report in reports {
        let label = format!("{} {}", report.problem.label(), report.problem.name);
        if let Err(e) = &report.verified {
            out.push_str(&format!("{label}: verification failed: {e}\n"));
        }
        if let Err(e) = &report.timing {
            out.push_str(&format!("{label}: timing failed: {e}\n"));
        }
    }
    out
}

/// The cells of one problem's row.
fn row(report: &Report) -> [String; 7] {
    let p = &report.problem;
    let verified = if report.verified.is_ok() { "yes" } else { "NO" };
    let (size, looped, numvec, speedup) = match &report.timing {
        Ok(t) => (t.size.clone(), format_duration(t.looped), format_duration(t.numvec), format_speedup(t.speedup())),
        Err(_) => ("-".into(), "error".into(), "error".into(), "-".into()),
    };
    [p.challenge.to_string(), format!("{} {}", p.letter, p.name), verified.into(), size, looped, numvec, speedup]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(verified: Outcome, timing: Outcome<Timing>) -> Report {
        let problem =
            Problem { challenge: 9, letter: 'Z', name: "fake", verify: || Ok(()), time: |_| Err("unused".into()) };
        Report { problem, verified, timing }
    }

    #[test]
    fn sizes_scale_by_element_count() {
        let s = Settings { repeat: 1, scale: 0.01 };
        assert_eq!((s.len(1_000_000), s.side(4000)), (10_000, 400));
        assert_eq!(Settings { repeat: 1, scale: 1e-12 }.len(10), 1);
    }

    #[test]
    fn selection_keeps_the_seed_order() {
        let labels: Vec<String> = problems(&[5, 4, 1, 3]).iter().map(Problem::label).collect();
        assert_eq!(labels.join(" "), "1A 1B 1C 1D 1E 3A 3B 3C 4A 4B 4C 4D 4E 4F 4G 5A 5B 5C 5D 5E 5F");
        assert!(problems(&[4]).iter().all(|p| p.challenge == 4));
    }

    #[test]
    fn table_shows_failures_below_it() {
        let ms = Duration::from_millis;
        let good = Timing { size: "10".into(), looped: ms(30), numvec: ms(10) };
        let reports =
            [fake(Ok(()), Ok(good)), fake(Err("1.0 and 2.0 not close at index [0]".into()), Err("boom".into()))];
        let text = render(&reports);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("challenge  problem  verified"), "{text}");
        assert!(lines[1].contains("yes") && lines[1].ends_with("3.00x"), "{text}");
        assert!(lines[2].contains("NO") && lines[2].contains("error"), "{text}");
        assert_eq!(lines[3], "9Z fake: verification failed: 1.0 and 2.0 not close at index [0]");
        assert_eq!(lines[4], "9Z fake: timing failed: boom");
        assert!(!reports[1].passed() && reports[0].passed());
    }
}
