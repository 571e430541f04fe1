// `npm run <train|eval|sample|bench> -- ...`: bundles the entry point with esbuild (a second or less) and runs
// it with the remaining arguments, so WGSL `?raw` imports work in Node exactly as in Vite.
import { spawnSync } from 'node:child_process';
import { buildNode } from './build-node.mjs';

const [name, ...args] = process.argv.slice(2);
const [file] = await buildNode([`src/cli/${name}.ts`]);
const r = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
