// The CLI parser: values, flags, `=` form, and clear errors for unknown options and bad numbers.
import { describe, expect, it } from 'vitest';
import { parseArgs, type OptionSpec } from './args';

const spec: Record<string, OptionSpec> = {
  steps: { kind: 'int', help: '' },
  lr: { kind: 'number', help: '' },
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
  });
});
