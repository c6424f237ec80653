//! A small seeded PRNG (SplitMix64) for the corpus generator.
//!
//! Hand-rolled rather than taken from `rand`: `rand` documents that the output of its distributions
//! (`random_range`, shuffles) may change between minor versions, and the corpus must stay byte-identical
//! for a given seed across dependency upgrades. SplitMix64 is ten lines, has no state beyond one `u64`,
//! and passes BigCrush, which is more than a text generator needs.

/// SplitMix64 (Steele, Lea, Flood 2014), as used to seed xoshiro.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The generator of one file: independent of how many other files the corpus has, so the first ten
    /// documents of a 1,000-document corpus are the ten documents of a 10-document corpus.
    pub fn for_file(seed: u64, kind: &str, index: usize) -> Rng {
        let mut mix = Rng::new(seed ^ 0x5DEE_CE66_D1CE_4E5B);
        let mut h = mix.next_u64();
        for b in kind.bytes().chain((index as u64).to_le_bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
        Rng::new(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi` (Lemire's multiply-shift; the tiny bias does not matter here).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        let span = hi.saturating_sub(lo).saturating_add(1);
        lo + ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as u64
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.range(0, n.saturating_sub(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A log-uniform integer in `lo..=hi` (values spread over orders of magnitude, as amounts are).
    pub fn log_range(&mut self, lo: u64, hi: u64) -> u64 {
        let (a, b) = ((lo.max(1) as f64).ln(), (hi.max(1) as f64).ln());
        ((a + (b - a) * self.unit()).exp().round() as u64).clamp(lo, hi)
    }
}
