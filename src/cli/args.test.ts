// The CLI parser: values, flags, `=` form, and clear errors for unknown options, bad numbers and numbers out of
// an option's range; requireFinite's refusal of NaN and infinite figures.
import { describe, expect, it } from 'vitest';
import { parseArgs, requireFinite, type OptionSpec } from './args';

const spec: Record<string, OptionSpec> = {
  steps: { kind: 'int', help: '', min: 1 },
  lr: { kind: 'number', help: '' },
  temperature: { kind: 'number', help: '', min: 0, max: 2 },
  out: { kind: 'string', help: '' },
  json: { kind: 'flag', help: '' },
};

describe('parseArgs', () => {
  it('parses values and flags', () => {
    expect(parseArgs(['--steps', '10', '--lr=3e-4', '--json', '--out', 'a b'], spec, 'x')).toEqual({ steps: 10, lr: 3e-4, json: true, out: 'a b' });
  });
  it('rejects unknown options and bad numbers', () => {
    expect(() => parseArgs(['--stpes', '1'], spec, 'x')).toThrow(/unknown option --stpes/);
    expect(() => parseArgs(['--steps', '1.5'], spec, 'x')).toThrow(/must be an integer/);
    expect(() => parseArgs(['--lr', 'fast'], spec, 'x')).toThrow(/must be a number/);
    expect(() => parseArgs(['--out'], spec, 'x')).toThrow(/needs a value/);
    expect(() => parseArgs(['--steps='], spec, 'x')).toThrow(/--steps must be an integer \(got ""\)/);
  });
  it('refuses numbers outside min and max, naming the flag and the value', () => {
    expect(() => parseArgs(['--steps', '0'], spec, 'x')).toThrow('--steps must be at least 1 (got 0)');
    expect(() => parseArgs(['--steps=-3'], spec, 'x')).toThrow('--steps must be at least 1 (got -3)');
    expect(() => parseArgs(['--temperature', '-0.5'], spec, 'x')).toThrow('--temperature must be at least 0 (got -0.5)');
    expect(() => parseArgs(['--temperature', '2.5'], spec, 'x')).toThrow('--temperature must be at most 2 (got 2.5)');
    expect(parseArgs(['--steps', '1', '--temperature', '0', '--lr', '-1'], spec, 'x')).toEqual({ steps: 1, temperature: 0, lr: -1 });
    expect(parseArgs(['--temperature', '2'], spec, 'x')).toEqual({ temperature: 2 });
  });
});

describe('requireFinite', () => {
  it('passes finite figures and names the first NaN or infinite one and where it came from', () => {
    expect(() => requireFinite({ loss: 2.5, ms: 0 }, 'step 3')).not.toThrow();
    expect(() => requireFinite({ loss: 2.5, valLoss: NaN }, 'a.safetensors on b.txt')).toThrow('a.safetensors on b.txt: valLoss is NaN');
    expect(() => requireFinite({ msPerStep: Infinity }, 'bench step 0')).toThrow('bench step 0: msPerStep is Infinity');
  });
});
