// The size check runs before allocation and names the buffer and the adapter limit it would exceed.
import { describe, expect, it } from 'vitest';
import { checkMemoryBudget, planMemory } from './activations';

const cfg = { nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256, vocabSize: 65 };
const roomy = { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30 } as GPUSupportedLimits;

describe('planMemory', () => {
  it('sums parameters, optimizer state and activations', () => {
    const m = planMemory(cfg, 64, 256, 10_000_000, roomy, true);
    expect(m.paramBytes).toBe(40_000_000);
    expect(m.optimizerBytes).toBe(120_000_000);
    expect(m.largestBuffer.bytes).toBe(64 * 256 * 4 * 384 * 4); // the MLP hidden activations (B,T,4C)
    expect(m.totalBytes).toBe(m.paramBytes + m.optimizerBytes + m.activationBytes);
  });
  it('rejects a config whose largest buffer exceeds maxStorageBufferBindingSize, naming it', () => {
    const small = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 } as GPUSupportedLimits;
    expect(() => planMemory(cfg, 256, 256, 10_000_000, small, true)).toThrow(/buffer "h0.fch" needs 384.0 MiB but the adapter's maxStorageBufferBindingSize is 128.0 MiB/);
  });
  it('checks the total of every model a stage holds against the budget, naming each part', () => {
    expect(checkMemoryBudget([{ name: 'policy', bytes: 3 * 2 ** 30 }, { name: 'reference', bytes: 2 ** 29 }])).toBe(3.5 * 2 ** 30);
    expect(() => checkMemoryBudget([{ name: 'policy', bytes: 3 * 2 ** 30 }, { name: 'reward model', bytes: 2 ** 30 + 1 }])).toThrow(/needs 4096.0 MiB of GPU memory \(policy 3072.0 MiB, reward model 1024.0 MiB\), more than the 4096.0 MiB budget/);
  });
});
