// `npm run <train|eval|sample|bench> -- ...`: bundles the entry point with esbuild (a second or less) and runs
// it with the remaining arguments, so WGSL `?raw` imports work in Node exactly as in Vite.
// npm runs this script in the project root; the command runs in the folder `npm run` was started from (INIT_CWD),
// so relative paths such as `--data ./my.txt` mean what the user typed, and GPT_LAB_ROOT tells it where the
// bundled datasets are. Tested by src/cli/cli.test.ts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode } from './build-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const [file] = await buildNode([join(root, 'src', 'cli', `${name}.ts`)], join(root, 'dist-node'));
const r = spawnSync(process.execPath, [file, ...args], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD || process.cwd(),
  env: { ...process.env, GPT_LAB_ROOT: process.env.GPT_LAB_ROOT || root },
});
if (r.error) {
  console.error(`error: cannot run ${file}: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
