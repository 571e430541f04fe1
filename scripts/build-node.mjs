// Bundles Node entry points (src/cli/*.ts) into one JS file each under dist-node/, every dependency inlined
// except `webgpu` (Dawn, a native addon), so they run on a bare GPU machine with only node + Dawn.
// Usage: node scripts/build-node.mjs [entry ...]   (default: every CLI entry point)
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/** Vite's `?raw` imports (WGSL sources) become string modules. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

export const CLI_ENTRIES = ['train', 'eval', 'sample', 'bench', 'sft', 'rank', 'reward', 'score', 'ppo', 'finetune', 'evaluate', 'lesson', 'export'];

export async function buildNode(entries = CLI_ENTRIES.map((n) => `src/cli/${n}.ts`), outdir = 'dist-node') {
  // Named entry points: every bundle lands flat in `outdir` as <basename>.js, wherever its source lives.
  const named = Object.fromEntries(entries.map((e) => [basename(e).replace(/\.ts$/, ''), e]));
  await build({
    entryPoints: named,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu'],
    plugins: [rawPlugin],
    logLevel: 'warning',
    sourcemap: 'inline',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return entries.map((e) => `${outdir}/${basename(e).replace(/\.ts$/, '.js')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const out = await buildNode(args.length ? args : undefined);
  console.log(out.join('\n'));
}
