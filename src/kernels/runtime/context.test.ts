// GpuContext on the Node WebGPU adapter: tensors round-trip through write/read, pipelines are cached by what was
// compiled, trackBuffers/destroyBuffers keep allocatedBytes and liveBuffers exact (nothing outlives its owner),
// a shared tensor lives until the last scope that asked for it is destroyed (or for good when asked for outside
// any scope), and uniforms pack u32/i32/f32 fields.
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
    const before = { bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers };
    const scope = ctx.trackBuffers();
    ctx.tensor('a', [100]);
    ctx.uniform('u', [['u32', 1], ['i32', -2], ['f32', 0.5]]);
    const owned = scope.stop();
    expect(owned).toHaveLength(2);
    expect(ctx.allocatedBytes).toBeGreaterThan(before.bytes);
    expect(ctx.liveBuffers).toBe(before.buffers + 2);
    ctx.destroyBuffers(owned);
    ctx.destroyBuffers(owned); // each buffer is counted out once
    expect({ bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers }).toEqual(before);
  });

  it('frees a shared tensor with the last scope that asked for it, and keeps one asked for outside any scope', async () => {
    const ctx = await testCtx();
    const before = { bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers };
    const outer = ctx.trackBuffers();
    const inner = ctx.trackBuffers(); // nested, as a stage around its models: both own what is asked for here
    const shared = ctx.sharedTensor('ctx.test.shared', [4]);
    expect(ctx.sharedTensor('ctx.test.shared', [4])).toBe(shared);
    const innerOwned = inner.stop();
    const other = ctx.trackBuffers();
    expect(ctx.sharedTensor('ctx.test.shared', [4])).toBe(shared);
    const otherOwned = other.stop();
    const outerOwned = outer.stop();
    expect(innerOwned).toEqual([shared.buffer]); // recorded once per scope, however often asked for
    expect(outerOwned).toEqual([shared.buffer]);
    expect(() => ctx.sharedTensor('ctx.test.shared', [5])).toThrow('differs from the shared tensor');

    ctx.destroyBuffers(innerOwned);
    ctx.destroyBuffers(innerOwned); // a second release by the same owner changes nothing
    ctx.destroyBuffers([shared.buffer]); // nor does a list that is not an owner's
    ctx.destroyBuffers(otherOwned);
    expect(ctx.liveBuffers).toBe(before.buffers + 1);
    // The shared tensor is still usable by its remaining owner.
    ctx.write(shared, Float32Array.of(1, 2, 3, 4));
    expect(Array.from(await ctx.read(shared))).toEqual([1, 2, 3, 4]);
    ctx.destroyBuffers(outerOwned);
    expect({ bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers }).toEqual(before);
    // Freed: the label now makes a new tensor, and one asked for outside any scope outlives its later owners.
    const pinned = ctx.sharedTensor('ctx.test.shared', [4]);
    expect(pinned.buffer).not.toBe(shared.buffer);
    const late = ctx.trackBuffers();
    ctx.sharedTensor('ctx.test.shared', [4]);
    ctx.destroyBuffers(late.stop());
    expect(ctx.sharedTensor('ctx.test.shared', [4])).toBe(pinned);
    expect(ctx.liveBuffers).toBe(before.buffers + 1);
  });
});
