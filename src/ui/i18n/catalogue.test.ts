// The message catalogues (en.json, zh.json) in CI: the same keys in both languages (plural forms aside), the same
// placeholders and markup tags, every key used by the page's source (src/ui) and no key unused, and no English word
// in the Chinese catalogue beyond the allowlist below (the strings that stay English by design).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_ORDER } from '../store/stage-select';
import { NUMBER_FIELDS, fieldKey } from '../experiment/schema';
import { TOKEN_CLASSES } from '../views/token-label';
import { LAB_ERROR_CODES } from '../../engine/errors';
import { RUN_LABELS } from '../../engine/lessons/lesson-spec';
import { LESSON_STATUSES } from '../lessons/lesson-store';
import en from './en.json';
import zh from './zh.json';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
const EN = flatten(en as Tree);
const ZH = flatten(zh as Tree);

/** Placeholder names ({{name}} or {{name, format}}) and markup tags (<b>, <code> …) of a message. */
const placeholders = (s: string) => new Set([...s.matchAll(/\{\{\s*([\w]+)/g)].map((m) => m[1]));
const tags = (s: string) => [...s.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort();

function byBase(m: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of m) out.set(base(k), [...(out.get(base(k)) ?? []), v]);
  return out;
}

/** Keys the source builds at run time (`t(\`stages.${id}.title\`)`): each prefix with the ids it is built from. */
const DYNAMIC: Record<string, readonly string[]> = {
  'fields.': NUMBER_FIELDS.map((f) => fieldKey(f.key)),
  'run.state.': ['idle', 'running', 'paused', 'done', 'error'],
  'startsFrom.names.': STAGE_ORDER,
  'startsFrom.needsWhat.': ['sft', 'reward', 'ppo'],
  'embedding.classes.': TOKEN_CLASSES,
  'rewardViews.source.': ['labeler', 'hand', 'file'],
  'errors.': LAB_ERROR_CODES,
  'presets.': ['tiny', 'small', 'shakespeare-char-size'],
  'lessons.status.': LESSON_STATUSES,
  'lessons.runs.': Object.keys(RUN_LABELS),
  'lessons.phase.': ['pretrain', 'finetune'],
  'lessons.findings.': ['zeroShot', 'induction', 'heads'], // shots and cot are worded with their own keys
};
/** Built from two parts: `stages.<stage>.title|objective`, `datasets.<id>.title|description`. */
const DYNAMIC_PAIRS: Array<[string, readonly string[], readonly string[]]> = [
  ['stages.', STAGE_ORDER, ['title', 'objective']],
  ['lessons.charts.', ['loss', 'zeroShot', 'shots', 'heads'], ['title', 'caption', 'x', 'y']],
  ['datasets.', ['tinystories-en', 'stories-zh', 'sft-en', 'sft-zh', 'prompts-en', 'prompts-zh'], ['title', 'description']],
];

function dynamicKeys(): Set<string> {
  const keys = new Set<string>();
  for (const [prefix, ids] of Object.entries(DYNAMIC)) for (const id of ids) keys.add(prefix + id);
  for (const [prefix, ids, leaves] of DYNAMIC_PAIRS) for (const id of ids) for (const leaf of leaves) keys.add(`${prefix}${id}.${leaf}`);
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every quoted string in src/ui's source that is a catalogue key (t('…'), msg('…'), i18nKey="…", title="…"). */
function staticKeysUsed(): Set<string> {
  const used = new Set<string>();
  const known = new Set([...EN.keys()].map(base));
  for (const file of sourceFiles(join(__dirname, '..'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([\w.-]+)['"`]/g)) if (known.has(m[1])) used.add(m[1]);
  }
  return used;
}

/**
 * Latin-script words allowed in the Chinese catalogue: symbols and acronyms of the field (KL, PPO, SFT, TRL, GPU,
 * WebGPU, L2 …), units (MiB, MB, ms), file formats and names (.txt, .safetensors, JSON Lines), browser names and the
 * browser settings a reader must find under those names (chrome://flags, Enabled, Safari Technology Preview …).
 */
const ALLOWED_LATIN = new Set([
  'GPT', 'GPU', 'WebGPU', 'KL', 'PPO', 'PPO-ptx', 'ptx', 'L', 'TRL', 'SFT', 'RL', 'RM', 'L1', 'L2', 'L3', 'ln', 'log', 'E', 'r', 'x', 'y_w', 'y_l', 'r_w', 'r_l', 'u', 'P',
  'top-k', 'k', 'K', 'V', 'C', 'T', 'MiB', 'MB', 'txt', 'safetensors', 'JSON', 'Lines', 'CI', 'CPU', 'nanoGPT', 'shakespeare-char',
  'Chrome', 'Edge', 'Windows', 'macOS', 'ChromeOS', 'Android', 'Linux', 'Safari', 'Technology', 'Preview', 'Firefox', 'Nightly',
  'chrome', 'flags', 'enable-unsafe-webgpu', 'Enabled', 'UTF-8', 'UTF', 'reward', 'hacking', 'b', 'strong', 'code', 'em', 'epoch', 'var',
  'PyTorch', 'Hugging', 'Face', 'zip', // the export's target ecosystem and its file format
  'HTTP', 'jsonl', 'prompt', 'ranked', 'chosen', 'rejected', // a protocol, and JSON Lines field names quoted in data errors
  'precision', 'f32', 'auto', // the link key precision and its values
  'lang', 'en', 'zh', // the link key and its values, quoted in the notice about a bad `lang`
]);

describe('message catalogues', () => {
  it('have the same keys in English and Chinese (plural forms aside), English with _one and _other for plurals', () => {
    const enKeys = [...byBase(EN).keys()].sort();
    const zhKeys = [...byBase(ZH).keys()].sort();
    expect(zhKeys).toEqual(enKeys);
    for (const k of EN.keys()) if (PLURAL.test(k)) expect(EN.has(`${base(k)}_one`) && EN.has(`${base(k)}_other`), k).toBe(true);
    for (const k of ZH.keys()) if (PLURAL.test(k)) expect(ZH.has(`${base(k)}_other`), k).toBe(true);
  });

  it('use the same placeholders and markup in both languages', () => {
    const enB = byBase(EN);
    const zhB = byBase(ZH);
    for (const [k, enVals] of enB) {
      const zhVals = zhB.get(k) ?? [];
      const enP = new Set(enVals.flatMap((v) => [...placeholders(v)]));
      const zhP = new Set(zhVals.flatMap((v) => [...placeholders(v)]));
      if (k.startsWith('errors.')) {
        // English shows the engine's own message (the CLI's words); Chinese words it from the error's params
        expect(enVals, k).toEqual(['{{message}}']);
        expect(zhP.has('message'), `${k} (zh) repeats the English message`).toBe(false);
        continue;
      }
      expect([...zhP].sort(), k).toEqual([...enP].sort());
      expect(tags(zhVals.join(' ')), k).toEqual(tags(enVals.join(' ')));
    }
  });

  it('has every key used by the page and no key unused', () => {
    const used = new Set([...staticKeysUsed(), ...dynamicKeys()]);
    const keys = new Set([...EN.keys()].map(base));
    expect([...used].filter((k) => !keys.has(k)), 'used but missing').toEqual([]);
    expect([...keys].filter((k) => !used.has(k)).sort(), 'in the catalogue but unused').toEqual([]);
  });

  it('keeps English words out of the Chinese catalogue except the allowlist', () => {
    const found = new Map<string, string>();
    for (const [k, v] of ZH) {
      const text = v.replace(/\{\{[^}]*\}\}/g, ' ').replace(/<\/?\w+>/g, ' ');
      for (const w of text.match(/[A-Za-z][A-Za-z0-9_.:/-]*/g) ?? []) {
        const word = w.replace(/[.:/]+$/, '');
        for (const part of word.split(/[:/.]+/).filter(Boolean)) if (!ALLOWED_LATIN.has(part)) found.set(part, k);
      }
    }
    expect(Object.fromEntries(found)).toEqual({});
  });
});
