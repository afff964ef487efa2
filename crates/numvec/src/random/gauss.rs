//! NumPy's legacy standard normals: the polar method, one at a time and in
//! bulk.
//!
//! Every polar attempt takes two doubles (four words), accepted or not, so a
//! batch of attempts uses the very words the one-at-a-time method would. The
//! bulk fill draws attempts sequentially, keeps the accepted pairs, and then
//! turns the pairs into normals in parallel (the logarithm and square root
//! are most of the cost). Each normal is computed by the same operations as
//! one at a time, so the results are identical whatever the thread count.

use rayon::prelude::*;

use super::state::RandomState;

/// Accepted pairs gathered before they are turned into normals.
const BLOCK_PAIRS: usize = 1 << 14;
/// Pairs per parallel task.
const TASK_PAIRS: usize = 1 << 11;

/// One polar attempt on two uniform doubles: the point `(x1, x2)` if it lies
/// strictly inside the unit circle and is not the origin.
#[inline(always)]
fn polar_attempt(u1: f64, u2: f64) -> Option<(f64, f64)> {
    let x1 = 2.0 * u1 - 1.0;
    let x2 = 2.0 * u2 - 1.0;
    let r2 = x1 * x1 + x2 * x2;
    (r2 < 1.0 && r2 != 0.0).then_some((x1, x2))
}

/// The two normals of an accepted point, in NumPy's order: `f * x2` is
/// returned first, `f * x1` is the cached second value.
#[inline(always)]
fn polar_normals(x1: f64, x2: f64) -> (f64, f64) {
    let r2 = x1 * x1 + x2 * x2;
    let f = (-2.0 * r2.ln() / r2).sqrt();
    (f * x2, f * x1)
}

impl RandomState {
    /// One standard normal: the cached second value if there is one, else
    /// the first of a new accepted pair, caching the second.
    pub(super) fn next_gauss(&mut self) -> f64 {
        if self.has_gauss {
            self.has_gauss = false;
            return std::mem::take(&mut self.gauss);
        }
        loop {
            let u1 = self.mt.next_f64();
            let u2 = self.mt.next_f64();
            if let Some((x1, x2)) = polar_attempt(u1, u2) {
                let (first, second) = polar_normals(x1, x2);
                self.gauss = second;
                self.has_gauss = true;
                return first;
            }
        }
    }

    /// Fills `out` with `map(z)` for the next `out.len()` standard normals
    /// `z`, the same values and the same final state as that many
    /// [`next_gauss`](Self::next_gauss) calls.
    pub(super) fn fill_gauss(&mut self, out: &mut [f64], map: impl Fn(f64) -> f64 + Sync) {
        let rest = match out.split_first_mut() {
            Some((first, tail)) if self.has_gauss => {
                *first = map(self.next_gauss());
                tail
            }
            _ => out,
        };
        let whole_pairs = rest.len() / 2 * 2;
        let (paired, odd) = rest.split_at_mut(whole_pairs);
        for block in paired.chunks_mut(2 * BLOCK_PAIRS) {
            self.draw_accepted_points(block);
            block.par_chunks_mut(2 * TASK_PAIRS).for_each(|task| {
                for point in task.chunks_exact_mut(2) {
                    let (first, second) = polar_normals(point[0], point[1]);
                    point[0] = map(first);
                    point[1] = map(second);
                }
            });
        }
        if let [last] = odd {
            *last = map(self.next_gauss());
        }
    }

    /// Fills `points` with accepted polar points `x1, x2`, one after the
    /// other, drawing exactly the attempts the one-at-a-time method makes.
    ///
    /// As long as `k` points are missing, the next `k` attempts are all
    /// made whatever their outcome, so they are drawn in one go into the
    /// unfilled tail and compacted in place.
    fn draw_accepted_points(&mut self, points: &mut [f64]) {
        let mut done = 0;
        while done < points.len() {
            let tail = &mut points[done..];
            self.mt.fill_f64(tail, |u| u);
            let mut kept = 0;
            for k in 0..tail.len() / 2 {
                if let Some((x1, x2)) = polar_attempt(tail[2 * k], tail[2 * k + 1]) {
                    tail[2 * kept] = x1;
                    tail[2 * kept + 1] = x2;
                    kept += 1;
                }
            }
            done += 2 * kept;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bulk fill against one-at-a-time draws, from a state with and
    /// without a cached value, across blocks and odd lengths.
    #[test]
    fn bulk_fill_matches_single_draws() {
        for (start_cached, len) in [(false, 0), (false, 1), (true, 1), (true, 2), (false, 7), (true, 40_001)] {
            let mut bulk = RandomState::new(11);
            if start_cached {
                bulk.next_gauss();
            }
            let mut single = bulk.clone();
            let mut out = vec![0.0; len];
            bulk.fill_gauss(&mut out, |z| z);
            for (i, z) in out.iter().enumerate() {
                assert_eq!(z.to_bits(), single.next_gauss().to_bits(), "element {i} of {len}");
            }
            assert_eq!(bulk.get_state(), single.get_state());
        }
    }
}
