//! Wall-clock timing: the median of several runs, and how to print it.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The median times of a loop version and of numvec's version of one problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// The size the two versions were timed at, as printed (`4000x4000`).
    pub size: String,
    /// The median time of the loop version.
    pub looped: Duration,
    /// The median time of numvec's version.
    pub numvec: Duration,
}

impl Timing {
    /// How many times faster numvec's version ran than the loop version.
    pub fn speedup(&self) -> f64 {
        self.looped.as_secs_f64() / self.numvec.as_secs_f64().max(1e-9)
    }
}

/// Times the loop version `looped` and numvec's version `vectorized` of the
/// same computation, each the median of `repeat` runs (at least one).
/// Results are dropped outside the timed region.
///
/// # Errors
/// The first error of `vectorized`.
pub fn compare<T, U, E>(
    size: String,
    repeat: usize,
    mut looped: impl FnMut() -> T,
    vectorized: impl FnMut() -> Result<U, E>,
) -> Result<Timing, E> {
    let looped = median_time(repeat, || Ok(looped()))?;
    let numvec = median_time(repeat, vectorized)?;
    Ok(Timing { size, looped, numvec })
}

/// The median wall-clock time of `repeat` runs of `run` (at least one run).
///
/// # Errors
/// The first error of `run`.
pub fn median_time<T, E>(repeat: usize, mut run: impl FnMut() -> Result<T, E>) -> Result<Duration, E> {
    let mut times = Vec::with_capacity(repeat.max(1));
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let result = black_box(run()?);
        times.push(start.elapsed());
        drop(result);
    }
    times.sort_unstable();
    Ok(median_of_sorted(&times))
}

/// The median of sorted durations (the mean of the middle two for an even count).
fn median_of_sorted(times: &[Duration]) -> Duration {
    match times.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => times[n / 2],
        n => (times[n / 2 - 1] + times[n / 2]) / 2,
    }
}

/// A duration with three significant digits and a unit that fits: `812 ns`,
/// `45.2 µs`, `1.50 ms`, `2.31 s`.
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    let (value, unit) = match secs {
        s if s >= 1.0 => (s, "s"),
        s if s >= 1e-3 => (s * 1e3, "ms"),
        s if s >= 1e-6 => (s * 1e6, "µs"),
        s => (s * 1e9, "ns"),
    };
    format!("{} {unit}", three_digits(value))
}

/// A speed-up factor with three significant digits: `0.95x`, `12.3x`, `240x`.
pub fn format_speedup(factor: f64) -> String {
    format!("{}x", three_digits(factor))
}

/// `value` with three significant digits (at least its integer digits).
fn three_digits(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        _ => format!("{value:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median_of_sorted(&[ms(1), ms(2), ms(9)]), ms(2));
        assert_eq!(median_of_sorted(&[ms(1), ms(3)]), ms(2));
    }

    #[test]
    fn durations_and_factors_print_with_three_digits() {
        assert_eq!(format_duration(Duration::from_nanos(812)), "812 ns");
        assert_eq!(format_duration(Duration::from_nanos(45_200)), "45.2 µs");
        assert_eq!(format_duration(Duration::from_micros(1_500)), "1.50 ms");
        assert_eq!(format_duration(Duration::from_millis(2_310)), "2.31 s");
        assert_eq!(format_speedup(12.345), "12.3x");
        assert_eq!(format_speedup(0.951), "0.95x");
    }

    #[test]
    fn median_time_runs_repeat_times_and_stops_at_an_error() {
        let mut runs = 0;
        median_time(4, || {
            runs += 1;
            Ok::<_, ()>(runs)
        })
        .unwrap();
        assert_eq!(runs, 4);
        assert_eq!(median_time(3, || Err::<(), _>("failed")), Err("failed"));
    }
}
