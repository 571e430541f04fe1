// The worker API for stages 2 and 3 on the Node WebGPU adapter (tiny model, a few steps): an SFT run from a
// checkpoint (masked-token example, steps, held-out loss, samples for fixed prompts, a resumable snapshot), rankings
// sampled from the SFT model and ordered by a labeler, a reward run on them (accuracy/margin columns, the
// score-gap histogram and K-response table, a GPT2ForSequenceClassification export), two PPO iterations against it
// (step rows, TRL metrics and each response's per-token log-probs, held-out evaluation with π_SFT's and the policy's
// answers side by side, a language-model export), a PPO run resumed from its snapshot matching one that never stopped,
// hand-ranking samples, and the clear errors for a reward model given where a language model is expected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeGpu } from '../cli/node-gpu';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN } from '../engine/config';
import { CharTokenizer } from '../engine/data/tokenizer';
import { paramLayout, initParams } from '../engine/model/params';
import { getPreset } from '../engine/presets';
import { seededNormal } from '../engine/train/trainer';
import { STEP_COLUMNS, type TrainerEvent } from './protocol';
import { createTrainerApi } from './trainer-api';

const tiny = getPreset('tiny');
const tokenizer = CharTokenizer.fromText(readFileSync('public/datasets/tinystories-en.txt', 'utf8'));
const cfg = { ...tiny.model, vocabSize: tokenizer.size };
const init = encodeCheckpoint(cfg, tokenizer, initParams(paramLayout(cfg), cfg, seededNormal(3)));
const sftData = readFileSync('public/datasets/sft-en.jsonl', 'utf8').split('\n').slice(0, 40).join('\n');
const train = (steps: number, batchSize: number) => ({ ...DEFAULT_TRAIN, steps, batchSize, evalEvery: 2, warmupSteps: 1 });

function recorder() {
  const events: TrainerEvent[] = [];
  const of = <K extends TrainerEvent['type']>(type: K) => events.filter((e): e is Extract<TrainerEvent, { type: K }> => e.type === type);
  return { events, onEvent: (e: TrainerEvent) => events.push(e), of };
}

describe('trainer worker API: SFT and reward stages', () => {
  const api = createTrainerApi(() => nodeGpu());

  it('runs SFT, makes rankings from it, trains a reward model on them, then PPO against it', async () => {
    await api.open();
    api.setProbes({ probeText: 'Once', samplePrompt: 'The', temperature: 0.8, topK: 5, sampleTokens: 4, every: 0 });
    const s = recorder();
    const summary = await api.createStage({ stage: 'sft', init, data: sftData, dataName: 'sft-en.jsonl', train: train(2, 4), sft: { lambda: 0.5 }, samplePrompts: ['Who is Tom?\n'] }, s.onEvent);
    expect(summary).toMatchObject({ stage: 'sft', step: 0, trainTokens: 36, valTokens: 4 });
    const example = s.of('sftExample')[0].view;
    expect(example.lambda).toBe(0.5);
    expect(example.tokens.at(-1)).toBe('<|endoftext|>');
    expect(example.counted[0]).toBe(0);
    expect(example.counted.at(-1)).toBe(1);
    await api.run();
    expect(s.of('steps').every((e) => e.stage === 'sft')).toBe(true);
    const rows = s.of('steps').flatMap((e) => Array.from(e.rows));
    expect(rows.length).toBe(2 * STEP_COLUMNS.length);
    expect(s.of('val').map((e) => [e.stage, e.step])).toEqual([['sft', 2]]);
    expect(s.of('sample').map((e) => [e.view.stage, e.view.prompt])).toEqual([['sft', 'Who is Tom?\n']]);
    const saved = s.of('saved').at(-1)!.state;
    expect(saved).toMatchObject({ stage: 'sft', step: 2 });
    const sftCkpt = await api.exportCheckpoint();
    expect(decodeCheckpoint(sftCkpt).architecture).toBe('GPT2LMHeadModel');

    const progress: number[] = [];
    const ranked = await api.rank({ init: sftCkpt, prompts: ['Who is Tom?\n', 'The park:\n', 'Tell of Amy:\n', 'A kind fox:\n'], k: 3, labeler: 'concise', temperature: 1, topK: 0, maxTokens: 8, seed: 1 }, (p) => progress.push(p.done));
    // Ties the labeler cannot break are collapsed, and prompts with nothing to compare are left out.
    expect(ranked.length).toBeLessThanOrEqual(4);
    expect(ranked.every((r) => r.ranked.length >= 2 && r.ranked.length <= 3)).toBe(true);
    expect(progress.at(-1)).toBe(4);

    const hand = await api.sampleResponses({ init: sftCkpt, prompt: 'Who is Ben?\n', k: 3, temperature: 1, topK: 0, maxTokens: 6, seed: 2 });
    expect(hand).toHaveLength(3);

    const r = recorder();
    // Rankings by hand-made rule (a complete answer above its cut-off and empty versions), so the run does not
    // depend on what a barely trained model samples.
    const answers = ['He is my friend.', 'The park is fun.', 'Amy is shy.', 'The fox is kind.'];
    const prompts = ['Who is Tom?\n', 'The park:\n', 'Tell of Amy:\n', 'A kind fox:\n'];
    const data = prompts.map((prompt, i) => JSON.stringify({ prompt, ranked: [answers[i], answers[i].slice(0, 5), ''] })).join('\n');
    const rs = await api.createStage({ stage: 'reward', init: sftCkpt, data, dataName: 'rankings', train: train(2, 6) }, r.onEvent);
    expect(rs).toMatchObject({ stage: 'reward', trainTokens: 3, valTokens: 1 });
    await api.run();
    const rrows = r.of('steps').flatMap((e) => Array.from(e.rows));
    const acc = rrows.filter((_, i) => i % STEP_COLUMNS.length === STEP_COLUMNS.indexOf('accuracy'));
    expect(acc.every((a) => a >= 0 && a <= 1)).toBe(true);
    const val = r.of('val')[0];
    expect(val).toMatchObject({ stage: 'reward', step: 2 });
    expect(val.accuracy).toBeGreaterThanOrEqual(0);
    const view = r.of('rewardEval')[0].view;
    expect(view.gaps.length).toBe(3); // one held-out prompt, C(3,2) pairs
    expect(view.table.responses.map((x) => x.labelerRank)).toEqual([1, 2, 3]);
    expect([...view.table.responses.map((x) => x.modelRank)].sort()).toEqual([1, 2, 3]);
    expect(r.of('saved').at(-1)!.state.stage).toBe('reward');
    const rmBytes = await api.exportCheckpoint();
    const rm = decodeCheckpoint(rmBytes.slice());
    expect(rm.architecture).toBe('GPT2ForSequenceClassification');
    expect(rm.rewardStats!.std).toBeGreaterThanOrEqual(0);

    // Stage 4: two PPO iterations from the SFT model against that reward model.
    const p = recorder();
    const promptLines = [...prompts, 'Who is Ben?\n'].map((prompt) => JSON.stringify({ prompt })).join('\n');
    const ppoSummary = await api.createStage({
      stage: 'ppo', init: sftCkpt, reward: rmBytes, data: promptLines, dataName: 'prompts.jsonl', ptxText: readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 5000),
      train: train(2, 4), ppo: { beta: 0.1, targetKl: null, ptxCoef: 0.5, clip: 0.2, epochs: 1, responseLen: 6, temperature: 1, labeler: 'concise' },
    }, p.onEvent);
    expect(ppoSummary).toMatchObject({ stage: 'ppo', trainTokens: 4, valTokens: 1 });
    await api.run();
    const ppoRows = p.of('steps').flatMap((e) => Array.from(e.rows));
    expect(ppoRows.filter((_, i) => i % STEP_COLUMNS.length === 0)).toEqual([1, 2]);
    const iterations = p.of('ppo').map((e) => e.view);
    expect(iterations.map((v) => v.rollout)).toEqual([1, 2]);
    for (const v of iterations) {
      expect(Number.isFinite(v.metrics['objective/kl'])).toBe(true);
      expect(v.responses).toHaveLength(4);
      for (const r of v.responses) {
        expect(r.logp.length).toBe(r.tokens.length);
        expect(r.refLogp.length).toBe(r.tokens.length);
        expect(r.labelerScore).not.toBeNull();
      }
    }
    expect(p.of('ppoEval').map((e) => e.view.rollout)).toEqual([2]);
    const ppoSaved = p.of('saved').at(-1)!.state;
    expect(ppoSaved).toMatchObject({ stage: 'ppo', step: 2 });
    expect(ppoSaved.ppo!.beta).toBe(0.1);
    expect(decodeCheckpoint(await api.exportCheckpoint()).architecture).toBe('GPT2LMHeadModel');
    const compare = p.of('ppoEval')[0].view.compare!;
    expect(compare.map((c) => c.prompt)).toEqual(['Who is Ben?\n']);
    expect(Number.isFinite(compare[0].sft.score) && Number.isFinite(compare[0].policy.score)).toBe(true);

    // Resumed from that snapshot, rollout 3 is the one a run that never stopped takes.
    const ppoRequest = (steps: number) => ({
      stage: 'ppo' as const, init: sftCkpt, reward: rmBytes, data: promptLines, dataName: 'prompts.jsonl', ptxText: readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 5000),
      train: train(steps, 4), ppo: { beta: 0.1, targetKl: 0.5, ptxCoef: 0.5, clip: 0.2, epochs: 2, responseLen: 6, temperature: 1, labeler: 'concise' },
    });
    const straight = recorder();
    await api.createStage(ppoRequest(3), straight.onEvent);
    await api.run();
    const straightBytes = await api.exportCheckpoint();
    const cut = recorder();
    await api.createStage(ppoRequest(2), cut.onEvent);
    await api.run();
    const snapshot = cut.of('saved').at(-1)!.state;
    expect(snapshot.ppo!.beta).not.toBe(0.1); // adaptive β moved, and must come back
    const resumed = recorder();
    expect(await api.createStage({ ...ppoRequest(3), resume: snapshot }, resumed.onEvent)).toMatchObject({ stage: 'ppo', step: 2 });
    await api.run();
    const last = (r: ReturnType<typeof recorder>) => r.of('ppo').at(-1)!.view;
    expect(last(resumed).rollout).toBe(3);
    const timeless = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith('time/')));
    expect(timeless(last(resumed).metrics)).toEqual(timeless(last(straight).metrics));
    expect(Array.from(await api.exportCheckpoint())).toEqual(Array.from(straightBytes));
    await expect(api.createStage({ ...ppoRequest(3), resume: { ...snapshot, ppo: undefined } }, () => {})).rejects.toThrow('lacks its value head');

    await expect(api.createStage({ stage: 'sft', init: encodeCheckpoint(rm.config, rm.tokenizer, rm.flat, { architecture: 'GPT2ForSequenceClassification' }), data: sftData, dataName: 'x', train: train(1, 2) }, () => {}))
      .rejects.toThrow('is a reward model (GPT2ForSequenceClassification), but a language model (GPT2LMHeadModel) is expected');
    await expect(api.createStage({ stage: 'sft', init, data: '{"prompt":"Who","completion":"Ω"}\n{"prompt":"Who","completion":"a."}', dataName: 'bad.jsonl', train: train(1, 2) }, () => {}))
      .rejects.toThrow('bad.jsonl: 1 character not in the model\'s vocabulary');
    api.dispose();
  });
});
