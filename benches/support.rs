//! Shared by the benchmarks: a deterministic generator (no extra crate for
//! a benchmark) and percentiles.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

use std::time::Duration;

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-12), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    pub fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() * words.len() as f64) as usize % words.len()]
    }

    pub fn sentence(&mut self, words: &[&str], n: usize) -> String {
        (0..n).map(|_| self.pick(words)).collect::<Vec<_>>().join(" ")
    }
}

/// The value below which a share `p` of the sorted timings fall.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Towns the generated listings gather around: (name, latitude, longitude).
pub const TOWNS: &[(&str, f64, f64)] = &[
    ("Leeds", 53.80, -1.55),
    ("Glasgow", 55.86, -4.25),
    ("Cardiff", 51.48, -3.18),
    ("Belfast", 54.60, -5.93),
    ("Sheffield", 53.38, -1.47),
    ("Bristol", 51.45, -2.59),
    ("Manchester", 53.48, -2.24),
    ("London", 51.51, -0.13),
];
