// The list of shot counts to evaluate, as typed on a command line ("0,1,2,4,8"): non-negative integers, each once,
// kept in the order given. Tested by shots.test.ts.

/** More demonstrations than this cannot fit the lab's contexts (a few hundred characters): surely a typo. */
export const MAX_SHOTS = 256;

export function parseShots(text: string, flag = '--shots'): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) {
      throw new Error(`${flag} must be a comma-separated list of shot counts such as 0,1,2,4,8 (got ${JSON.stringify(text)}: ${p === '' ? 'an empty entry' : `${JSON.stringify(p)} is not a non-negative integer`})`);
    }
    const k = Number(p);
    if (k > MAX_SHOTS) throw new Error(`${flag}: ${k} shots is more than ${MAX_SHOTS}`);
    if (out.includes(k)) throw new Error(`${flag} lists ${k} twice (got ${JSON.stringify(text)})`);
    out.push(k);
  }
  return out;
}
