// The CPU reference GPT against PyTorch fixtures (logits, loss, every gradient, masked loss) and against a
// finite-difference gradient of its own loss. Tolerances: f32 on both sides with different summation orders,
// so ~1e-5 relative; finite differences in f32 with step 1e-2 carry ~1e-4 absolute noise.
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/gpu';
import { expectTensorsClose, loadGoldenFixture } from '../fixtures/load-fixture';
import { gptRef } from './gpt.ref';

describe('CPU reference GPT', () => {
  const fx = loadGoldenFixture();

  it('matches PyTorch logits, loss and gradients', () => {
    const r = gptRef(fx.cfg, fx.params, fx.inputs, fx.targets, fx.B, fx.T, true);
    expect(r.loss).toBeCloseTo(fx.loss, 5);
    expectClose(r.logits, fx.logits, { atol: 1e-5, rtol: 1e-4 }, 'logits');
    expectTensorsClose(r.grads!, fx.grads, fx.layout, 1e-4, 'grad');
  });

  it('matches the PyTorch masked (weighted) loss', () => {
    const r = gptRef(fx.cfg, fx.params, fx.inputs, fx.targets, fx.B, fx.T, false, fx.masked.weights);
    expect(r.loss).toBeCloseTo(fx.masked.loss, 5);
  });

  it('has gradients equal to finite differences of its loss', () => {
    const { grads } = gptRef(fx.cfg, fx.params, fx.inputs, fx.targets, fx.B, fx.T, true);
    const h = 1e-2;
    let checked = 0;
    for (const s of fx.layout.specs) {
      // A few entries of every tensor: first, middle, last.
      for (const i of [0, Math.floor(s.length / 2), s.length - 1]) {
        const k = s.offset + i;
        const p = fx.params.slice();
        p[k] += h;
        const up = gptRef(fx.cfg, p, fx.inputs, fx.targets, fx.B, fx.T, false).loss;
        p[k] -= 2 * h;
        const down = gptRef(fx.cfg, p, fx.inputs, fx.targets, fx.B, fx.T, false).loss;
        const fd = (up - down) / (2 * h);
        expect(Math.abs(fd - grads![k]), `${s.name}[${i}]: fd ${fd} vs analytic ${grads![k]}`).toBeLessThan(2e-4 + 2e-2 * Math.abs(grads![k]));
        checked++;
      }
    }
    expect(checked).toBe(fx.layout.specs.length * 3);
  });
});
