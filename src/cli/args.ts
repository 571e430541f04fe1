// A small command-line parser for the Node entry points: `--name value`, `--flag`, `--name=value`.
// Unknown options are errors (so a typo never silently does nothing), and so are numbers outside an option's
// `min`/`max`. Also the shared exit rules: runMain (one error line or JSON object, status 1), a closed stdout
// (EPIPE: the next emit stops the command quietly, status 0) and requireFinite (a non-finite figure is a failure,
// never a printed NaN).
// Tested by args.test.ts and cli.test.ts.

export type OptionKind = 'string' | 'number' | 'int' | 'flag';

export interface OptionSpec {
  kind: OptionKind;
  help: string;
  /** Smallest accepted value (number and int options), e.g. 1 for a count of steps. */
  min?: number;
  /** Largest accepted value (number and int options). */
  max?: number;
}

export type Parsed = Record<string, string | number | boolean | undefined>;

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>, usage: string): Parsed {
  const out: Parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(helpText(spec, usage));
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${helpText(spec, usage)}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const s = spec[name];
    if (!s) throw new Error(`unknown option --${name}\n${helpText(spec, usage)}`);
    if (s.kind === 'flag') {
      out[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new Error(`--${name} needs a value`);
    if (s.kind === 'string') out[name] = raw;
    else {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || (s.kind === 'int' && !Number.isInteger(n))) throw new Error(`--${name} must be ${s.kind === 'int' ? 'an integer' : 'a number'} (got "${raw}")`);
      if (s.min !== undefined && n < s.min) throw new Error(`--${name} must be at least ${s.min} (got ${raw})`);
      if (s.max !== undefined && n > s.max) throw new Error(`--${name} must be at most ${s.max} (got ${raw})`);
      out[name] = n;
    }
  }
  return out;
}

function helpText(spec: Record<string, OptionSpec>, usage: string): string {
  const range = (s: OptionSpec) => (s.min !== undefined && s.max !== undefined ? ` [${s.min}..${s.max}]` : s.min !== undefined ? ` [>= ${s.min}]` : s.max !== undefined ? ` [<= ${s.max}]` : '');
  const lines = Object.entries(spec).map(([k, s]) => `  --${k}${s.kind === 'flag' ? '' : ` <${s.kind}>`}  ${s.help}${range(s)}`);
  return `usage: ${usage}\n${lines.join('\n')}`;
}

/**
 * Throws when a figure a command is about to report is NaN or infinite: a command never prints garbage and exits
 * 0. `where` names what the figure belongs to ("bench step 23", "runs/a.safetensors on val.txt").
 */
export function requireFinite(figures: Record<string, number>, where: string): void {
  for (const [name, v] of Object.entries(figures)) {
    if (!Number.isFinite(v)) throw new Error(`${where}: ${name} is ${v}`);
  }
}

/** Work to finish before the process exits (e.g. the GPU queue: exiting with GPU work in flight crashes Dawn). */
export const beforeExit: Array<() => Promise<void>> = [];

async function exit(code: number): Promise<never> {
  await Promise.allSettled(beforeExit.map((f) => f()));
  process.exit(code);
}

/**
 * Thrown by `emit` once the reader of stdout has gone (`npm run sample ... | head -1`: the write after it closed
 * raised EPIPE). The command's own loop stops at its next report, as it would on an error, so no GPU work is left
 * half-submitted when the process exits (exiting from the EPIPE handler under a running loop crashes Dawn), and
 * nothing is half-written: output files are written atomically (files.ts). runMain then exits quietly with
 * status 0: the reader has all it wanted.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('stdout was closed by its reader');
  }
}

let stdoutClosed = false;

/** EPIPE on stdout marks it closed (see OutputClosedError); on stderr it only loses progress lines and messages. */
function handleClosedPipes(): void {
  const onError = (stream: 'stdout' | 'stderr') => (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    if (stream === 'stdout') stdoutClosed = true;
  };
  process.stdout.on('error', onError('stdout'));
  process.stderr.on('error', onError('stderr'));
}

/** Runs `main`, printing an error as one clear line (or a JSON object with --json) and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  const json = process.argv.includes('--json');
  handleClosedPipes();
  main().then(
    () => exit(0),
    (err: unknown) => {
      if (err instanceof OutputClosedError) return exit(0);
      const message = err instanceof Error ? err.message : String(err);
      if (json && !stdoutClosed) console.log(JSON.stringify({ error: message }));
      else console.error(`error: ${message}`);
      return exit(1);
    },
  );
}

/** Writes raw text to stdout (e.g. a sample streamed token by token); throws OutputClosedError once it is closed. */
export function writeOut(text: string): void {
  if (stdoutClosed) throw new OutputClosedError();
  process.stdout.write(text);
}

/** Prints a record as one JSON line (--json) or as aligned `key value` text. */
export function emit(json: boolean, record: Record<string, unknown>): void {
  if (stdoutClosed) throw new OutputClosedError();
  if (json) {
    console.log(JSON.stringify(record));
    return;
  }
  const parts = Object.entries(record).map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : String(v)}`);
  console.log(parts.join('  '));
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(5);
}
