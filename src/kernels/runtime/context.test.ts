// GpuContext on the Node WebGPU adapter: tensors round-trip through write/read, pipelines are cached by what was
// compiled, trackBuffers/destroyBuffers keep allocatedBytes exact (nothing outlives its owner), shared tensors are
// not owned by a scope, and uniforms pack u32/i32/f32 fields.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';

const code = `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
override K: f32 = 1.0;
@compute @workgroup_size(1) fn main() { a[0] = a[0] * K; }`;

describe.sequential('GpuContext', () => {
  it('writes and reads tensors, and caches pipelines by name, code and constants', async () => {
    const ctx = await testCtx();
    const t = ctx.tensorFrom('t', [3], Float32Array.of(1, 2, 3));
    expect(Array.from(await ctx.read(t))).toEqual([1, 2, 3]);
    const p1 = ctx.pipeline({ name: 'scale', code, constants: { K: 2 } });
    expect(ctx.pipeline({ name: 'scale', code, constants: { K: 2 } })).toBe(p1);
    expect(ctx.pipeline({ name: 'scale', code, constants: { K: 3 } })).not.toBe(p1);
    ctx.run([ctx.dispatch({ name: 'scale', code, constants: { K: 2 } }, [t], [1])]);
    expect((await ctx.read(t))[0]).toBe(2);
    ctx.destroyBuffers([t.buffer]);
  });

  it('tracks the buffers of an owner so destroying them returns allocatedBytes to where it was', async () => {
    const ctx = await testCtx();
    const before = ctx.allocatedBytes;
    const scope = ctx.trackBuffers();
    ctx.tensor('a', [100]);
    ctx.uniform('u', [['u32', 1], ['i32', -2], ['f32', 0.5]]);
    const shared = ctx.sharedTensor('ctx.test.shared', [4]);
    const owned = scope.stop();
    expect(owned).not.toContain(shared.buffer);
    expect(ctx.allocatedBytes).toBeGreaterThan(before);
    ctx.destroyBuffers(owned);
    ctx.destroyBuffers(owned); // each buffer is counted out once
    expect(ctx.allocatedBytes).toBe(before + shared.buffer.size);
    expect(ctx.sharedTensor('ctx.test.shared', [4])).toBe(shared);
    expect(() => ctx.sharedTensor('ctx.test.shared', [5])).toThrow('differs from the shared tensor');
  });
});
