//! A small seeded PRNG (SplitMix64) of our own.
//!
//! The generator must give the same bytes for the same seed on every machine and every build, so
//! it depends on no external RNG crate whose stream might change between versions, and it only
//! uses exact floating-point operations (+ − × ÷ and comparisons; no `ln`, `exp` or trig, whose
//! last bit may differ between platform maths libraries).

/// SplitMix64 (Steele, Lea and Flood 2014): one 64-bit state, good statistical quality for
/// simulation, and cheap to fork into independent streams.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: mix(seed) }
    }

    /// An independent stream for one phase of generation, so that a change in how one phase
    /// draws numbers does not shift every later phase.
    pub fn fork(&self, tag: &str) -> Rng {
        let mut h = self.state;
        for b in tag.bytes() {
            h = mix(h ^ u64::from(b));
        }
        Rng::new(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform integer in [lo, hi] (inclusive).
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        let span = u64::from(hi - lo) + 1;
        lo + (self.next_u64() % span) as u32
    }

    /// Uniform index in [0, n); `n` must be positive.
    pub fn index(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Bell-shaped in [lo, hi] with the mode in the middle (mean of three uniforms).
    pub fn bell(&mut self, lo: f64, hi: f64) -> f64 {
        let u = (self.f64() + self.f64() + self.f64()) / 3.0;
        lo + (hi - lo) * u
    }

    /// Rounds `x` up or down at random so that the expectation is `x`.
    pub fn round_stochastic(&mut self, x: f64) -> u32 {
        if x <= 0.0 {
            return 0;
        }
        let floor = x.floor();
        floor as u32 + u32::from(self.chance(x - floor))
    }

    /// Index drawn with probability proportional to `weights` (which must not all be zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut r = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }

    /// Chooses `k` of the indices with positive weight, favouring larger weights (each index gets
    /// the key u ÷ weight and the `k` smallest keys win). Returns them in ascending order.
    pub fn choose_weighted(&mut self, weights: &[f64], k: usize) -> Vec<usize> {
        let mut keyed: Vec<(f64, usize)> = weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0)
            .map(|(i, w)| (self.f64() / w, i))
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut chosen: Vec<usize> = keyed.into_iter().take(k).map(|(_, i)| i).collect();
        chosen.sort_unstable();
        chosen
    }
}

/// Splits `total` into integer parts proportional to `shares` (largest remainder), so the parts
/// add up to exactly `total`.
pub fn apportion(total: u32, shares: &[f64]) -> Vec<u32> {
    let sum: f64 = shares.iter().sum();
    if sum <= 0.0 || shares.is_empty() {
        return vec![0; shares.len()];
    }
    let exact: Vec<f64> = shares.iter().map(|s| f64::from(total) * s / sum).collect();
    let mut parts: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let mut rest = total - parts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in order.into_iter().cycle() {
        if rest == 0 {
            break;
        }
        parts[i] += 1;
        rest -= 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_forks_differ() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut f1 = a.fork("schools");
        let mut f2 = a.fork("teachers");
        assert_ne!(f1.next_u64(), f2.next_u64());
    }

    #[test]
    fn apportion_adds_up() {
        assert_eq!(
            apportion(60, &[0.15, 0.25, 0.35, 0.25]),
            vec![9, 15, 21, 15]
        );
        assert_eq!(apportion(7, &[1.0, 1.0, 1.0]).iter().sum::<u32>(), 7);
    }

    #[test]
    fn choose_weighted_returns_k_distinct() {
        let mut r = Rng::new(1);
        let chosen = r.choose_weighted(&[1.0, 0.0, 2.0, 3.0, 1.0], 3);
        assert_eq!(chosen.len(), 3);
        assert!(!chosen.contains(&1));
    }
}
