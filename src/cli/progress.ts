// A progress line for long CLI work (train steps, eval windows, sampled prompts): redrawn in place on stderr with
// the rate and the time left, only when stderr is a terminal and --json is off, so pipes, logs and JSON consumers
// never see it and stdout carries only results. Tested by progress.test.ts (a fake stream and clock).

/** Where the line is drawn: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface ProgressOptions {
  /** --json: never draw (machine-read output). */
  json: boolean;
  stream?: ProgressStream;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** Least time between redraws; the last unit of work is always drawn. */
  intervalMs?: number;
}

export class Progress {
  /** False with --json, off a terminal, or with nothing to do: update() and clear() then write nothing. */
  readonly enabled: boolean;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private shown = false;

  /** `total` units of `unit` (plural, e.g. "steps") to do; the clock starts now. */
  constructor(private readonly label: string, private readonly total: number, private readonly unit: string, opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.now = opts.now ?? (() => performance.now());
    this.intervalMs = opts.intervalMs ?? 250;
    this.enabled = !opts.json && this.stream.isTTY === true && total > 0;
    this.started = this.now();
  }

  /** `done` of the total units are finished. */
  update(done: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (done < this.total && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.stream.write(`\r${this.line(done, t)}\x1b[K`);
    this.shown = true;
  }

  /** Erases the line: before other output reaches the terminal (the next update redraws it), and when done. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  private line(done: number, t: number): string {
    const seconds = (t - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? formatDuration((this.total - done) / rate) : '?';
    const pct = Math.floor((100 * done) / this.total);
    return `${this.label} ${done}/${this.total} ${this.unit} (${pct}%) · ${formatRate(rate)} ${this.unit}/s · ${left} left`;
  }
}

function formatRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

/** 42s, 3m05s, 2h07m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
