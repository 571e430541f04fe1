// A small command-line parser for the Node entry points: `--name value`, `--flag`, `--name=value`.
// Unknown options are errors (so a typo never silently does nothing). Tested by args.test.ts.

export type OptionKind = 'string' | 'number' | 'int' | 'flag';

export interface OptionSpec {
  kind: OptionKind;
  help: string;
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
      if (!Number.isFinite(n) || (s.kind === 'int' && !Number.isInteger(n))) throw new Error(`--${name} must be ${s.kind === 'int' ? 'an integer' : 'a number'} (got "${raw}")`);
      out[name] = n;
    }
  }
  return out;
}

function helpText(spec: Record<string, OptionSpec>, usage: string): string {
  const lines = Object.entries(spec).map(([k, s]) => `  --${k}${s.kind === 'flag' ? '' : ` <${s.kind}>`}  ${s.help}`);
  return `usage: ${usage}\n${lines.join('\n')}`;
}

/** Work to finish before the process exits (e.g. the GPU queue: exiting with GPU work in flight crashes Dawn). */
export const beforeExit: Array<() => Promise<void>> = [];

async function exit(code: number): Promise<never> {
  await Promise.allSettled(beforeExit.map((f) => f()));
  process.exit(code);
}

/** Runs `main`, printing an error as one clear line (or a JSON object with --json) and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  const json = process.argv.includes('--json');
  main().then(
    () => exit(0),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (json) console.log(JSON.stringify({ error: message }));
      else console.error(`error: ${message}`);
      return exit(1);
    },
  );
}

/** Prints a record as one JSON line (--json) or as aligned `key value` text. */
export function emit(json: boolean, record: Record<string, unknown>): void {
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
