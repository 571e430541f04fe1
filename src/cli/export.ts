// `npm run export -- --ckpt CKPT --out DIR [--data FILE | --dataset ID] [--stage pretrain|sft|reward] [options]`
// Writes a run as a Hugging Face model folder that train_ddp.py continues under torchrun (src/engine/export/
// FOLDER.md). The run comes from what the checkpoint records (CLI checkpoints: stage, step, TrainConfig, data);
// flags override it, and give it for a checkpoint that records none (then --stage and --data are needed for a
// language model; the training settings are the stage's defaults). A GPT-1 task model is exported alone (no run:
// train_ddp.py does not continue task fine-tuning). A non-empty DIR is refused unless --force. No GPU is used.
// Tested by export.test.ts.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeModel } from '../engine/checkpoint/gpt2-checkpoint';
import { validateTrainConfig, type TrainConfig } from '../engine/config';
import { datasetInfo, datasetPath } from '../engine/data/datasets';
import { checkStage, RUN_FORMAT, type RunData, type RunDescription, type RunStage, type StageSettings } from '../engine/export/run-description';
import { buildRunFolder } from '../engine/export/run-folder';
import { getPreset, presetTrainConfig } from '../engine/presets';
import { DEFAULT_LAMBDA, stageTrainConfig } from '../engine/stages/defaults';
import { emit, parseArgs, runMain, type Parsed } from './args';
import { loadCheckpoint } from './files';
import { projectRoot, readCorpus } from './load-data';
import { checkFolderWritable, writeRunFolder } from './run-folder-io';
import { recordedData } from './run-record';

const USAGE = 'npm run export -- --ckpt CKPT --out DIR [--data FILE | --dataset ID] [--stage pretrain|sft|reward] [options]';
/** The bundled dataset kind each stage can train on (reward rankings are made by npm run rank, never bundled). */
const DATASET_KIND: Partial<Record<RunStage, string>> = { pretrain: 'text', sft: 'sft' };
const DATA_WORDS: Record<RunStage, string> = { pretrain: 'the text it was pretrained on', sft: 'the SFT JSONL', reward: 'the rankings JSONL' };

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'the checkpoint to export (.safetensors from npm run train/sft/reward, the lab or train_ddp.py)' },
    out: { kind: 'string', help: 'the folder to write (new or empty)' },
    data: { kind: 'string', help: 'the run\'s data file (default: the one the checkpoint records)' },
    dataset: { kind: 'string', help: 'a bundled dataset id instead of --data' },
    stage: { kind: 'string', help: 'pretrain | sft | reward (default: the recorded stage)' },
    step: { kind: 'int', help: 'optimizer steps already taken (default: the recorded step, else 0)', min: 0 },
    steps: { kind: 'int', help: 'the run\'s total steps (train.steps)', min: 1 },
    lr: { kind: 'number', help: 'peak learning rate', min: 0 },
    batch: { kind: 'int', help: 'batch size B', min: 1 },
    seed: { kind: 'int', help: 'random seed' },
    'eval-every': { kind: 'int', help: 'validation every N steps (0: only at the end)', min: 0 },
    lambda: { kind: 'number', help: 'SFT: λ in L3 = L2 + λ·L1', min: 0 },
    'val-fraction': { kind: 'number', help: 'SFT and reward: share of records held out', min: 0 },
    preset: { kind: 'string', help: 'the preset whose training defaults apply when nothing is recorded (default tiny)' },
    force: { kind: 'flag', help: 'write into a non-empty folder (files of the same names are replaced)' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, USAGE);
  if (!a.ckpt) throw new Error('give --ckpt CKPT (the checkpoint to export)');
  if (!a.out) throw new Error('give --out DIR (the folder to write)');
  if (a.data && a.dataset) throw new Error('give either --data FILE or --dataset ID, not both');
  const stageFlag = a.stage === undefined ? undefined : checkStage(a.stage);
  const out = String(a.out);
  const force = Boolean(a.force);
  checkFolderWritable(out, force);
  const ckptFile = String(a.ckpt);
  const ckpt = loadCheckpoint(ckptFile);
  if (ckpt.task) {
    const runFlags = ['stage', 'data', 'dataset', 'step', 'steps', 'lr', 'batch', 'seed', 'eval-every', 'lambda', 'val-fraction', 'preset'].filter((k) => a[k] !== undefined);
    if (runFlags.length) throw new Error(`${ckptFile} is ${describeModel(ckpt)}: it is exported alone, as a model (train_ddp.py continues pretraining, SFT and reward models), so --${runFlags[0]} does not apply`);
    const files = buildRunFolder({ checkpoint: ckpt });
    writeRunFolder(out, files, { force });
    emit(Boolean(a.json), { event: 'done', out, model: describeModel(ckpt), run: 'none', files: [...files.keys()] });
    return;
  }
  const stage = stageFlag ?? ckpt.run?.stage ?? (ckpt.architecture === 'GPT2LMHeadModel' ? undefined : 'reward');
  if (!stage) throw new Error(`${ckptFile} records no run (a checkpoint from the lab or from before runs were recorded): give --stage pretrain or --stage sft, and --data FILE`);
  const recorded = ckpt.run?.stage === stage ? ckpt.run : undefined;
  const { text, ref } = runData(a, stage, recorded, ckptFile);
  const description = describe(a, stage, recorded, ref);
  const files = buildRunFolder({ checkpoint: ckpt, run: { description, data: text } });
  writeRunFolder(out, files, { force });
  emit(Boolean(a.json), {
    event: 'done', out, model: describeModel(ckpt), stage, step: description.step, steps: description.train.steps,
    recorded: recorded !== undefined, files: [...files.keys()],
  });
});

/** The data's text and how the run refers to it: a flag's file or dataset, else the recorded file, else the recorded dataset. */
function runData(a: Parsed, stage: RunStage, recorded: RunDescription | undefined, ckptFile: string): { text: string; ref: RunData } {
  if (a.data) return { text: readCorpus(String(a.data)), ref: recordedData(stage, { data: String(a.data) }) };
  if (a.dataset) return bundled(String(a.dataset), stage);
  if (!recorded) throw new Error(`give --data FILE (${DATA_WORDS[stage]}): ${ckptFile} records no ${stage} run to take it from`);
  if (existsSync(recorded.data.file)) return { text: readCorpus(recorded.data.file), ref: recorded.data };
  if (recorded.data.dataset) return bundled(recorded.data.dataset, stage);
  throw new Error(`the data file ${ckptFile} records, ${recorded.data.file}, is missing: give --data FILE (${DATA_WORDS[stage]})`);
}

function bundled(id: string, stage: RunStage): { text: string; ref: RunData } {
  const kind = datasetInfo(id).kind ?? 'text';
  if (kind !== DATASET_KIND[stage]) throw new Error(`dataset "${id}" holds ${kind} data, which a ${stage} run does not train on: give --data FILE (${DATA_WORDS[stage]})`);
  return { text: readCorpus(join(projectRoot(), 'public', datasetPath(id)), id), ref: recordedData(stage, { dataset: id }) };
}

/** The recorded run (or the stage's defaults) with the flags over it. */
function describe(a: Parsed, stage: RunStage, recorded: RunDescription | undefined, data: RunData): RunDescription {
  const preset = (a.preset as string | undefined) ?? recorded?.preset ?? null;
  const base: TrainConfig = recorded?.train ?? (stage === 'pretrain' ? presetTrainConfig(getPreset(preset ?? 'tiny')) : stageTrainConfig(stage, {}));
  const flags: Array<[keyof TrainConfig, string]> = [['steps', 'steps'], ['lr', 'lr'], ['batchSize', 'batch'], ['seed', 'seed'], ['evalEvery', 'eval-every']];
  const train = { ...base };
  for (const [field, flag] of flags) if (a[flag] !== undefined) train[field] = a[flag] as number;
  validateTrainConfig(train);
  const step = (a.step as number | undefined) ?? recorded?.step ?? 0;
  if (step > train.steps) throw new Error(`--step ${step} is beyond the run's ${train.steps} steps (train.steps); give --steps N for a longer run`);
  if (a.lambda !== undefined && stage !== 'sft') throw new Error(`--lambda applies to SFT runs only, and this is a ${stage} run`);
  const settings: StageSettings = { ...recorded?.stageSettings };
  if (a.lambda !== undefined) settings.lambda = a.lambda as number;
  if (stage === 'sft') settings.lambda ??= DEFAULT_LAMBDA;
  const valFraction = a['val-fraction'] as number | undefined;
  if (valFraction !== undefined) {
    if (stage === 'pretrain') throw new Error('--val-fraction applies to SFT and reward runs (pretraining holds out the last 10 % of the text)');
    if (!(valFraction > 0 && valFraction < 1)) throw new Error(`--val-fraction must be between 0 and 1 (got ${valFraction})`);
    settings.valFraction = valFraction;
  }
  return { format: RUN_FORMAT, stage, step, train, stageSettings: settings, data, preset, source: recorded?.source ?? 'cli' };
}
