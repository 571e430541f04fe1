// Builds the files of an exported run folder (FOLDER.md) as path → bytes, in memory: the same function serves the
// lab's zip download and `npm run export` (src/cli/run-folder-io.ts writes the map to disk). Pure: everything
// comes from the checkpoint, the run description, the data's text and the optional AdamW moments. The data is
// checked as the stage's trainer would read it (vocabulary, context length, held-out split), so a wrong file
// fails here rather than on a cluster. Without a run (a GPT-1 task model) the folder holds the model alone.
// Tested by run-folder.test.ts and zip.test.ts.

import { encodeCheckpoint, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import { splitCorpus } from '../data/corpus';
import { parseRankedJsonl, parseSftJsonl } from '../data/jsonl';
import { EOT } from '../data/tokenizer';
import { splitHeldOut } from '../stages/example-order';
import { encodeRankedRecords } from '../stages/reward-batch';
import { encodeSftRecords } from '../stages/sft-batch';
import { folderReadme } from './folder-readme';
import { hfGenerationConfig, hfModelConfig, padId } from './hf-config';
import { hfSpecialTokensMap, hfTokenizerConfig, hfTokenizerJson } from './hf-tokenizer';
import { encodeOptimizerState } from './optimizer-state';
import type { RunDescription, RunStage } from './run-description';
import TRAIN_DDP_PY from './train_ddp.py?raw';

/** Where each stage's data lies in the folder. */
export const DATA_FILE: Record<RunStage, string> = { pretrain: 'data/corpus.txt', sft: 'data/sft.jsonl', reward: 'data/rankings.jsonl' };
/** The engine's held-out share of SFT and reward records when the run names none (SftTrainer, RewardTrainer). */
const DEFAULT_VAL_FRACTION = 0.1;

export interface RunFolderInput {
  checkpoint: Gpt2Checkpoint;
  /** The run that made the weights and the text of its data as the engine read it; absent: the model alone. */
  run?: { description: RunDescription; data: string };
  /** AdamW moments after `description.step` steps, in the flat layout over the trained range. */
  optimizer?: { m: Float32Array; v: Float32Array };
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Throws unless the checkpoint is the model the stage trains. */
function checkStageModel(ckpt: Gpt2Checkpoint, stage: RunStage): void {
  const reward = ckpt.architecture === 'GPT2ForSequenceClassification' && !ckpt.task;
  const lm = ckpt.architecture === 'GPT2LMHeadModel';
  if (stage === 'reward' ? !reward : !lm) {
    const wanted = stage === 'reward' ? 'a reward model (GPT2ForSequenceClassification)' : 'a language model (GPT2LMHeadModel)';
    throw new Error(`export: a ${stage} run trains ${wanted}, but the checkpoint is ${ckpt.task ? `a ${ckpt.task.kind} task model` : ckpt.architecture}`);
  }
}

/** Reads the data as the stage's trainer does, so unknown characters, over-long records or too little data fail now. */
function checkData(ckpt: Gpt2Checkpoint, run: RunDescription, text: string, name: string): void {
  const T = ckpt.config.blockSize;
  const tok = ckpt.tokenizer;
  if (run.stage === 'pretrain') {
    splitCorpus(text, T, tok);
    return;
  }
  if (!tok.hasSpecial(EOT)) throw new Error(`export: a ${run.stage} run needs the end-of-text token ${EOT}, and the checkpoint's vocabulary has none`);
  const fraction = run.stageSettings.valFraction ?? DEFAULT_VAL_FRACTION;
  if (run.stage === 'sft') splitHeldOut(encodeSftRecords(tok, parseSftJsonl(text, name), T, name), fraction, name);
  else splitHeldOut(encodeRankedRecords(tok, parseRankedJsonl(text, name), T, run.train.batchSize, name), fraction, name);
}

export function buildRunFolder(input: RunFolderInput): Map<string, Uint8Array> {
  const { checkpoint: ckpt, run, optimizer } = input;
  const files = new Map<string, Uint8Array>();
  const pad = padId(ckpt) !== null;
  files.set('config.json', json(hfModelConfig(ckpt)));
  files.set('generation_config.json', json(hfGenerationConfig(ckpt)));
  files.set('model.safetensors', encodeCheckpoint(ckpt.config, ckpt.tokenizer, ckpt.flat, { architecture: ckpt.architecture, rewardStats: ckpt.rewardStats, task: ckpt.task }, ckpt.layout));
  files.set('tokenizer.json', json(hfTokenizerJson(ckpt.tokenizer)));
  files.set('tokenizer_config.json', json(hfTokenizerConfig(ckpt.tokenizer, ckpt.config.blockSize, pad)));
  files.set('special_tokens_map.json', json(hfSpecialTokensMap(ckpt.tokenizer, pad)));
  if (optimizer && !run) throw new Error('export: AdamW moments belong to a run; give the run description too');
  let described: RunDescription | undefined;
  if (run) {
    const d = run.description;
    checkStageModel(ckpt, d.stage);
    checkData(ckpt, d, run.data, d.data.dataset ?? d.data.file);
    described = { ...d, data: { ...d.data, file: DATA_FILE[d.stage] } };
    if (optimizer) files.set('optimizer.safetensors', encodeOptimizerState(ckpt.layout, { step: d.step, ...optimizer }));
    files.set('gpt_lab_run.json', json(described));
    files.set(DATA_FILE[d.stage], utf8(run.data));
    files.set('train_ddp.py', utf8(TRAIN_DDP_PY));
  }
  files.set('README.md', utf8(folderReadme(ckpt, described)));
  return files;
}
