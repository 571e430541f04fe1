// CPU reference for scatter.ts (same argument order as the launcher, minus ctx). Used by scatter.test.ts.

/** out[b, pos[b], :] = rows[b, :]; other positions untouched. */
export function scatterRowsRef(
  out: Float32Array, // (B, T, W)
  rows: Float32Array, // (B, W)
  pos: Uint32Array, // (B)
  B: number, T: number, W: number,
): void {
  for (let b = 0; b < B; b++) {
    if (pos[b] >= T) throw new Error(`scatterRowsRef: pos[${b}] = ${pos[b]} is outside the T = ${T} positions`);
    out.set(rows.subarray(b * W, (b + 1) * W), (b * T + pos[b]) * W);
  }
}
