// requireFiniteWeights: passes finite weights, and names the file, the count and the first bad tensor otherwise.
import { describe, expect, it } from 'vitest';
import { paramLayout } from '../engine/model/params';
import { requireFiniteWeights } from './weights';

const cfg = { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: 5 };

describe('requireFiniteWeights', () => {
  it('accepts finite weights and refuses NaN or infinite ones', () => {
    const layout = paramLayout(cfg);
    const flat = new Float32Array(layout.total).fill(0.5);
    expect(() => requireFiniteWeights({ flat, layout }, 'a.safetensors')).not.toThrow();
    const wpe = layout.specs.find((s) => s.name === 'transformer.wpe.weight')!;
    flat[wpe.offset + 3] = NaN;
    flat[layout.specs.at(-1)!.offset] = -Infinity;
    expect(() => requireFiniteWeights({ flat, layout }, 'a.safetensors')).toThrow('a.safetensors holds 2 non-finite weights (first: transformer.wpe.weight[3] = NaN)');
  });
});
