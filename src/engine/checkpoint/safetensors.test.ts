// safetensors: round trips (metadata, odd shapes, empty tensors), header padding, a file built byte by byte from
// the format spec (so the reader is checked against the format, not only against our writer), unaligned data,
// and every error the reader reports.
import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';

const ascii = (s: string) => new TextEncoder().encode(s);

/** A file from a header object and a raw data section, following the spec: u64 LE length, JSON, data. */
function build(header: unknown, data: Uint8Array, pad = 0): Uint8Array {
  const json = ascii(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true); // high 32 bits stay 0
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian f32 bytes, written with DataView so they do not depend on the host. */
function f32le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setFloat32(i * 4, v, true));
  return out;
}

const tensors: NamedTensor[] = [
  { name: 'wte.weight', shape: [3, 2], data: Float32Array.from([1, -2, 3.5, 0, 1e-30, -1e30]) },
  { name: 'h.0.ln_1.bias', shape: [5], data: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5]) },
  { name: 'scalar', shape: [], data: Float32Array.from([Math.PI]) },
  { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
];

describe('safetensors', () => {
  it('round-trips tensors and metadata', () => {
    const metadata = { format: 'pt', tokenizer: JSON.stringify({ type: 'char', vocab: ['a', '小', '🐱'] }) };
    const { tensors: got, metadata: meta } = readSafetensors(writeSafetensors(tensors, metadata));
    expect(meta).toEqual(metadata);
    expect([...got.keys()]).toEqual(tensors.map((t) => t.name));
    for (const t of tensors) expect(got.get(t.name)).toEqual(t);
  });

  it('omits empty metadata and reads it back as {}', () => {
    const bytes = writeSafetensors(tensors.slice(0, 1), {});
    expect(new TextDecoder().decode(bytes)).not.toContain('__metadata__');
    expect(readSafetensors(bytes).metadata).toEqual({});
  });

  it('pads the header with spaces to a multiple of 8', () => {
    for (let n = 1; n <= 9; n++) {
      const bytes = writeSafetensors([{ name: 'x'.repeat(n), shape: [1], data: Float32Array.of(n) }], {});
      const len = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect(len % 8).toBe(0);
      const header = new TextDecoder().decode(bytes.subarray(8, 8 + len));
      expect(header).toMatch(/^\{.*\} *$/);
      expect(header.trimEnd().length).toBeGreaterThan(len - 8);
      expect(bytes.length).toBe(8 + len + 4);
    }
  });

  it('writes the data section in order, little-endian', () => {
    const bytes = writeSafetensors(tensors.slice(0, 2), { a: 'b' });
    const len = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len)));
    expect(header).toEqual({
      __metadata__: { a: 'b' },
      'wte.weight': { dtype: 'F32', shape: [3, 2], data_offsets: [0, 24] },
      'h.0.ln_1.bias': { dtype: 'F32', shape: [5], data_offsets: [24, 44] },
    });
    expect(bytes.subarray(8 + len, 8 + len + 8)).toEqual(f32le([1, -2]));
  });

  it('reads a file built by hand from the spec', () => {
    const header = {
      __metadata__: { step: '12' },
      b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
      a: { dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] },
    };
    // 'a' = [1.5, -2], 'b' = [0.25, 1e6]; the header is left unpadded, so the data starts unaligned.
    const bytes = build(header, f32le([1.5, -2, 0.25, 1e6]));
    const { tensors: got, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ step: '12' });
    expect(got.get('a')).toEqual({ name: 'a', shape: [1, 2], data: Float32Array.from([1.5, -2]) });
    expect(got.get('b')).toEqual({ name: 'b', shape: [2], data: Float32Array.from([0.25, 1e6]) });
  });

  it('accepts data at any byte alignment, copying only when it must', () => {
    const file = writeSafetensors(tensors, {});
    for (let shift = 0; shift < 4; shift++) {
      const host = new Uint8Array(file.length + shift);
      host.set(file, shift);
      const got = readSafetensors(host.subarray(shift)).tensors.get('wte.weight')!;
      expect(got.data).toEqual(tensors[0].data);
      expect(got.data.buffer === host.buffer).toBe(shift === 0);
    }
  });

  describe('errors', () => {
    const good = writeSafetensors(tensors, { k: 'v' });
    const entry = (extra: object) => ({ t: { dtype: 'F32', shape: [1], data_offsets: [0, 4], ...extra } });

    it('truncated files', () => {
      expect(() => readSafetensors(good.subarray(0, 5))).toThrow('file truncated (5 bytes');
      expect(() => readSafetensors(good.subarray(0, 40))).toThrow('file truncated or not safetensors');
      expect(() => readSafetensors(good.subarray(0, good.length - 1))).toThrow(
        'tensor "scalar": data_offsets [44, 48] are out of range (the data section has 47 bytes; file truncated?)',
      );
    });

    it('a header length that does not fit in 32 bits', () => {
      const bytes = good.slice();
      bytes[7] = 1;
      expect(() => readSafetensors(bytes)).toThrow('file truncated or not safetensors');
    });

    it('bad header JSON', () => {
      expect(() => readSafetensors(build(undefined, new Uint8Array(0)).fill(0x7b, 8))).toThrow('bad header JSON');
      expect(() => readSafetensors(build([1, 2], new Uint8Array(0)))).toThrow('bad header JSON (not an object)');
      const notUtf8 = build({}, new Uint8Array(0), 1);
      notUtf8[notUtf8.length - 1] = 0xff;
      expect(() => readSafetensors(notUtf8)).toThrow('bad header JSON');
    });

    it('offsets out of range, reversed, or not matching the shape', () => {
      const data = f32le([1]);
      expect(() => readSafetensors(build(entry({ data_offsets: [0, 8] }), data))).toThrow(
        'tensor "t": data_offsets [0, 8] are out of range (the data section has 4 bytes',
      );
      expect(() => readSafetensors(build(entry({ data_offsets: [4, 0] }), data))).toThrow('out of range');
      expect(() => readSafetensors(build(entry({ data_offsets: [0, -4] }), data))).toThrow('invalid data_offsets');
      expect(() => readSafetensors(build(entry({ shape: [2] }), data))).toThrow('shape [2] needs 8 bytes but data_offsets span 4');
      expect(() => readSafetensors(build(entry({ shape: [-1] }), data))).toThrow('invalid shape [-1]');
    });

    it('holes and overlaps in the data section', () => {
      expect(() => readSafetensors(build(entry({ data_offsets: [4, 8] }), f32le([1, 2])))).toThrow('starts at byte 4 of the data section, expected 0');
      expect(() => readSafetensors(build(entry({}), f32le([1, 2])))).toThrow('the data section has 8 bytes but the tensors cover 4');
      const overlap = { ...entry({}), u: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
      expect(() => readSafetensors(build(overlap, f32le([1, 2])))).toThrow('hole or overlap');
    });

    it('non-F32 dtypes, naming the tensor and dtype', () => {
      expect(() => readSafetensors(build(entry({ dtype: 'F16', shape: [2] }), f32le([1])))).toThrow(
        'tensor "t": dtype "F16" is not supported (only F32)',
      );
    });

    it('malformed metadata', () => {
      expect(() => readSafetensors(build({ __metadata__: { n: 1 } }, new Uint8Array(0)))).toThrow('metadata "n" is not a string');
      expect(() => readSafetensors(build({ __metadata__: 'x' }, new Uint8Array(0)))).toThrow('"__metadata__" is not an object');
    });

    it('writer: shape mismatch, duplicate or reserved names', () => {
      const t = { name: 'a', shape: [2, 2], data: new Float32Array(3) };
      expect(() => writeSafetensors([t], {})).toThrow('tensor "a" has shape [2,2] but 3 values');
      const ok = { name: 'a', shape: [1], data: new Float32Array(1) };
      expect(() => writeSafetensors([ok, ok], {})).toThrow('tensor "a" appears twice');
      expect(() => writeSafetensors([{ ...ok, name: '__metadata__' }], {})).toThrow('is reserved');
    });
  });

  it('allows a tensor named __proto__', () => {
    const t = { name: '__proto__', shape: [1], data: Float32Array.of(2) };
    expect(readSafetensors(writeSafetensors([t], {})).tensors.get('__proto__')).toEqual(t);
  });
});
