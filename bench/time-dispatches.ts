// Wall-clock timing of recorded dispatches on the device, shared by the GPU benchmark scripts in bench/.
import type { Dispatch, GpuContext } from '../src/kernels/runtime/context';

/** Median wall time per copy of `d` over `reps` submissions of `inner` back-to-back copies each. */
export async function timeDispatches(ctx: GpuContext, d: readonly Dispatch[], reps = 5, inner = 10): Promise<number> {
  const many = Array.from({ length: inner }, () => d).flat();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    await ctx.sync();
    const t0 = performance.now();
    ctx.run(many);
    await ctx.sync();
    times.push((performance.now() - t0) / inner);
  }
  return times.sort((x, y) => x - y)[Math.floor(reps / 2)];
}
