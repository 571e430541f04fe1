// The safetensors file format (https://github.com/huggingface/safetensors), F32 tensors only:
//   [u64 little-endian N] [N bytes of JSON header, space-padded] [raw little-endian tensor data]
// The header maps each tensor name to { dtype, shape, data_offsets: [begin, end) } relative to the data section,
// plus an optional "__metadata__" string→string map. Error messages quote the header briefly (it may be hostile).
// Tested by safetensors.test.ts (round trips, every error, and a byte buffer built by hand from the spec) and
// checkpoint-fuzz.test.ts (mutated files).

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

const METADATA_KEY = '__metadata__';

/** Tensor bytes are copied as they lie in memory, and the format is little-endian. */
function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('safetensors: big-endian hosts are not supported');
}

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A header value as an error message quotes it: JSON, cut to `max` characters. A hostile header may hold megabytes,
 * or arrays nested so deeply that JSON.stringify overflows the stack.
 */
export function quote(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[…] (nested too deeply to show)' : '(a value too deeply nested to show)';
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Serializes `tensors` (in the given order) with `metadata`; the header is padded with spaces to a multiple of 8. */
export function writeSafetensors(tensors: NamedTensor[], metadata: Record<string, string>): Uint8Array {
  assertLittleEndian();
  const header: Record<string, unknown> = Object.create(null); // so a tensor may be named "__proto__"
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new Error(`safetensors: metadata "${k}" must be a string, got ${typeof v}`);
    }
    header[METADATA_KEY] = metadata;
  }
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY) throw new Error(`safetensors: "${METADATA_KEY}" is reserved and cannot name a tensor`);
    if (Object.hasOwn(header, t.name)) throw new Error(`safetensors: tensor "${t.name}" appears twice`);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || product(t.shape) !== t.data.length) {
      throw new Error(`safetensors: tensor "${t.name}" has shape [${t.shape}] but ${t.data.length} values`);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let pos = 8 + headerLen;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out;
}

interface Entry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, value: unknown, dataLen: number): Entry {
  const bad = (why: string) => new Error(`safetensors: tensor ${quote(name, 80)}: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  for (const [key, v] of [['dtype', dtype], ['shape', shape], ['data_offsets', offsets]] as const) if (v === undefined) throw bad(`has no ${key}`);
  if (dtype !== 'F32') throw bad(`dtype ${quote(dtype)} is not supported (only F32)`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`invalid shape ${quote(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
    throw bad(`invalid data_offsets ${quote(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end || end > dataLen) {
    throw bad(`data_offsets [${begin}, ${end}] are out of range (the data section has ${dataLen} bytes; file truncated?)`);
  }
  if (end - begin !== product(shape) * 4) throw bad(`shape ${quote(shape)} needs ${product(shape) * 4} bytes but data_offsets span ${end - begin}`);
  return { name, shape, begin, end };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`safetensors: "${METADATA_KEY}" is not an object`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`safetensors: metadata ${quote(k, 80)} is not a string`);
  }
  return { ...(value as Record<string, string>) };
}

/**
 * Parses a safetensors file. Tensors are views into `bytes` when their data is 4-byte aligned, copies otherwise.
 * As the reference implementation does, rejects data sections with holes or overlapping tensors.
 */
export function readSafetensors(bytes: Uint8Array): { tensors: Map<string, NamedTensor>; metadata: Record<string, string> } {
  assertLittleEndian();
  if (bytes.length < 8) throw new Error(`safetensors: file truncated (${bytes.length} bytes, the header length alone takes 8)`);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLen > BigInt(bytes.length - 8)) {
    throw new Error(`safetensors: file truncated or not safetensors (header length ${headerLen} exceeds the ${bytes.length - 8} bytes after it)`);
  }
  const dataStart = 8 + Number(headerLen);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (e) {
    throw new Error(`safetensors: bad header JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('safetensors: bad header JSON (not an object)');

  const dataLen = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value);
    else entries.push(parseEntry(name, value, dataLen));
  }

  let covered = 0;
  for (const e of [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end)) {
    if (e.begin !== covered) {
      throw new Error(`safetensors: tensor ${quote(e.name, 80)} starts at byte ${e.begin} of the data section, expected ${covered} (hole or overlap)`);
    }
    covered = e.end;
  }
  if (covered !== dataLen) throw new Error(`safetensors: the data section has ${dataLen} bytes but the tensors cover ${covered}`);

  const tensors = new Map<string, NamedTensor>();
  for (const { name, shape, begin, end } of entries) {
    const at = bytes.byteOffset + dataStart + begin;
    const data =
      at % 4 === 0
        ? new Float32Array(bytes.buffer, at, (end - begin) / 4)
        : new Float32Array(bytes.slice(dataStart + begin, dataStart + end).buffer);
    tensors.set(name, { name, shape, data });
  }
  return { tensors, metadata };
}
