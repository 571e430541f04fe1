// Counter-based random numbers for kernels (no state carried between dispatches): a uniform in [0, 1) from
// (seed, a, b) by chaining the PCG hash (Jarzynski & Olano, "Hash Functions for GPU Rendering", 2020).
// Prepended by launchers that need it (sampling.ts). Its exact TypeScript twin is pcgHash/counterUniform in
// sampling.ref.ts; sampling.test.ts checks that GPU and CPU draw the same numbers.

/** PCG-RXS-M-XS: a bijective 32-bit hash with good avalanche. */
fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

/** Uniform in [0, 1) from the top 24 bits of hash(hash(hash(seed) ^ a) ^ b): exact in f32 and in float64. */
fn counter_uniform(seed: u32, a: u32, b: u32) -> f32 {
  let h = pcg_hash(pcg_hash(pcg_hash(seed) ^ a) ^ b);
  return f32(h >> 8u) * (1.0 / 16777216.0);
}
