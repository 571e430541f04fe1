// README.md of an exported folder: what the folder is, how transformers loads it, the torchrun commands that
// continue the run (one GPU, N GPUs, N nodes, CPUs with gloo) and how the result comes back (the lab's import, the
// CLI). The
// figures in it (stage, steps, sizes, data file) are the folder's own. Tested by run-folder.test.ts.

import { describeModel, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { RunDescription } from './run-description';

const STAGE_NAMES = { pretrain: 'pretraining', sft: 'supervised fine-tuning (SFT)', reward: 'reward-model training' } as const;
/** The continued run's folder in the commands. */
const OUT = '../continued';
/** The rendezvous port in the multi-node command (torchrun's usual one). */
const RDZV_PORT = 29500;

function loading(ckpt: Gpt2Checkpoint): string {
  const cls = ckpt.architecture;
  const lines = [
    '## Load it with transformers',
    '',
    '```python',
    'from transformers import AutoTokenizer, ' + cls,
    "tokenizer = AutoTokenizer.from_pretrained('.')  # the character tokenizer: one token per character",
    `model = ${cls}.from_pretrained('.')`,
    '```',
    '',
    'transformers is optional: `train_ddp.py` needs only PyTorch.',
  ];
  if (ckpt.architecture === 'GPT2ForSequenceClassification' && !ckpt.task) {
    lines.push(
      '',
      'This is a reward model: its score is read at the end-of-text token that ends each sequence (prompt + response',
      '+ `<|endoftext|>`). `pad_token_id` is the end-of-text id (GPT-2\'s convention), so transformers\'',
      '`GPT2ForSequenceClassification` reads the token *before* the first end of text; to get the lab\'s score, take',
      "`model.score(model.transformer(ids).last_hidden_state[:, -1])` on an unpadded sequence that ends with it.",
    );
  }
  return lines.join('\n');
}

/** How the continued folder's model comes back: the lab's import for language models, the CLI for all. */
function bringBack(run: RunDescription): string[] {
  const model = `${OUT}/model.safetensors`;
  const data = `${OUT}/${run.data.file}`;
  if (run.stage === 'reward') {
    return [
      `- \`npm run score -- --ckpt ${model} --data ${data}\` scores the rankings with the continued reward model;`,
      `  \`npm run ppo -- --reward ${model} ...\` trains a policy against it.`,
    ];
  }
  return [
    `- In the lab: "Start from weights" and pick \`${model}\`.`,
    run.stage === 'pretrain'
      ? `- \`npm run eval -- --ckpt ${model} --data ${data}\` gives its validation loss; \`npm run sample -- --ckpt ${model} --prompt "..."\` samples it.`
      : `- \`npm run sample -- --ckpt ${model} --prompt "..."\` answers a prompt; \`npm run reward -- --init ${model} ...\` trains a reward model on it.`,
  ];
}

function continuing(run: RunDescription): string {
  const t = run.train;
  const cmd = (launch: string, extra = '') => `${launch} train_ddp.py --out ${OUT}${extra}`;
  return [
    '## Continue the run on more GPUs',
    '',
    `\`gpt_lab_run.json\` holds the run: ${STAGE_NAMES[run.stage]} at step ${run.step} of ${t.steps}, batch ${t.batchSize},`,
    `learning rate ${t.lr} (warmup ${t.warmupSteps}, cosine to ${t.minLrRatio} × lr), seed ${t.seed}, data \`${run.data.file}\`.`,
    '`train_ddp.py` (plain PyTorch; transformers is used only when installed) rebuilds the same model and continues',
    'with the same hyperparameters, data split, batch order and metrics. Under torchrun every process draws the same',
    `global batch of ${t.batchSize} rows and takes its share; gradients are averaged, so any number of processes takes the`,
    'step one process would. Run the commands in this folder:',
    '',
    '```sh',
    '# one process (one GPU, else the CPU), without torchrun',
    `python3 train_ddp.py --out ${OUT}`,
    '# one GPU',
    cmd('torchrun --standalone --nproc_per_node=1'),
    '# N GPUs on one machine (here 8)',
    cmd('torchrun --standalone --nproc_per_node=8'),
    `# N machines (here 4) with G GPUs each (here 8): the same command on every machine, HOST the first one's address`,
    cmd(`torchrun --nnodes=4 --nproc_per_node=8 --rdzv_id=gpt-lab --rdzv_backend=c10d --rdzv_endpoint=HOST:${RDZV_PORT}`),
    '# no GPU: processes on CPU cores, gloo backend (here 2)',
    cmd('torchrun --standalone --nproc_per_node=2', ' --device cpu'),
    '```',
    '',
    'NCCL is used on GPUs, gloo on CPUs. Options: `--steps N` (steps to add; default: on to the total above),',
    '`--save-every N`, `--batch-size B` (global batch), `--device cpu|cuda`. Rank 0 logs one JSON line per report',
    `and writes \`${OUT}\` (a folder like this one, with \`optimizer.safetensors\` holding the AdamW moments) every`,
    '`--save-every` steps and at the end. With several machines, each needs this folder (a copy or shared storage).',
    '',
    "Debian 12's own `python3-torch` (PyTorch 1.13 on Python 3.11): add `--redirects 2 --tee 2` to torchrun (its defaults",
    'crash at start), and instead of `--standalone` (always port 29400: two jobs on one machine collide) write',
    '`--nnodes=1 --rdzv_backend=c10d --rdzv_endpoint=localhost:0 --rdzv_id=NAME`. PyTorch 2 needs neither.',
    '',
    '## Bring the result back',
    '',
    ...bringBack(run),
  ].join('\n');
}

export function folderReadme(ckpt: Gpt2Checkpoint, run: RunDescription | undefined): string {
  const c = ckpt.config;
  const size = `${c.nLayer} layers, ${c.nHead} heads, width ${c.nEmbd}, context ${c.blockSize}, ${c.vocabSize} tokens`;
  const head = [
    '# A GPT Lab model in the Hugging Face format',
    '',
    `${describeModel(ckpt)[0].toUpperCase()}${describeModel(ckpt).slice(1)}: a GPT-2 of ${size} (${ckpt.layout.count} parameters),`,
    'character-level. The files are the ones the Hugging Face ecosystem reads: `config.json` (GPT2Config),',
    '`model.safetensors`, `tokenizer.json` with `tokenizer_config.json` and `special_tokens_map.json`, and',
    '`generation_config.json`.',
  ];
  const rest = run
    ? continuing(run)
    : ['## Continuing', '', '`train_ddp.py` continues pretraining, SFT and reward models; this folder holds no run to continue.'].join('\n');
  return [head.join('\n'), loading(ckpt), rest].join('\n\n') + '\n';
}
