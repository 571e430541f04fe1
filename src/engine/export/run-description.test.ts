// The run description as files carry it: a valid one reads back unchanged (unknown keys dropped), every bad field is
// named in a plain Error (hostile values included: deep nesting, megabyte strings, wrong types), and inside a
// checkpoint's metadata (withRunMetadata) it reaches Gpt2Checkpoint.run, a bad one failing decodeCheckpoint with a
// "checkpoint:" message while the tensors and the other metadata stay as they were.
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { readSafetensors, writeSafetensors } from '../checkpoint/safetensors';
import { DEFAULT_TRAIN } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { paramLayout } from '../model/params';
import { Rng } from '../rng';
import { checkStage, parseRunDescription, type RunDescription } from './run-description';
import { RUN_METADATA_KEY, withRunMetadata } from './run-metadata';

const RUN: RunDescription = {
  format: 1, stage: 'sft', step: 20, train: { ...DEFAULT_TRAIN, steps: 150 }, stageSettings: { lambda: 0.5, valFraction: 0.2 },
  data: { kind: 'sft-jsonl', file: '/data/sft.jsonl', dataset: 'sft-en' }, preset: 'tiny', source: 'cli',
};

type Json = any; // edited freely into anything
const edit = (f: (r: Json) => void): Json => {
  const r = structuredClone(RUN) as Json;
  f(r);
  return r;
};
const DEEP = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000));

describe('parseRunDescription', () => {
  it('reads a valid description back unchanged and drops unknown keys', () => {
    expect(parseRunDescription(JSON.parse(JSON.stringify(RUN)))).toEqual(RUN);
    const extra = edit((r) => {
      r.comment = 'x';
      r.stageSettings.other = 1;
      r.data.extra = true;
      r.train.unknown = 3;
    });
    expect(parseRunDescription(extra)).toEqual(RUN);
    expect(parseRunDescription(edit((r) => {
      delete r.preset;
      delete r.stageSettings;
      delete r.data.dataset;
    }))).toEqual({ ...RUN, preset: null, stageSettings: {}, data: { kind: 'sft-jsonl', file: '/data/sft.jsonl' } });
  });

  const BAD: Array<[string, Json, RegExp]> = [
    ['not an object', [RUN], /must be a JSON object/],
    ['a newer format', edit((r) => (r.format = 2)), /format must be 1, got 2/],
    ['an unknown stage', edit((r) => (r.stage = 'ppo')), /unknown stage "ppo"; one of pretrain, sft, reward/],
    ['a fractional step', edit((r) => (r.step = 1.5)), /step must be an integer/],
    ['a negative step', edit((r) => (r.step = -1)), /step must be an integer/],
    ['an absurd step', edit((r) => (r.step = 1e12)), /step must be an integer from 0 to/],
    ['a step as text', edit((r) => (r.step = '20')), /step must be an integer/],
    ['an unknown source', edit((r) => (r.source = 'web')), /source must be "lab" or "cli"/],
    ['no train', edit((r) => delete r.train), /train must be an object/],
    ['a missing train field', edit((r) => delete r.train.beta2), /train\.beta2 must be a finite number, got nothing/],
    ['a train field as text', edit((r) => (r.train.lr = '0.001')), /train\.lr must be a finite number, got "0\.001"/],
    ['a train field out of range', edit((r) => (r.train.batchSize = 0)), /batchSize must be a positive integer/],
    ['a negative λ', edit((r) => (r.stageSettings.lambda = -1)), /stageSettings\.lambda must be a number >= 0/],
    ['a held-out share of 1', edit((r) => (r.stageSettings.valFraction = 1)), /stageSettings\.valFraction must be a number between 0 and 1/],
    ['data of another stage', edit((r) => (r.data.kind = 'text')), /data\.kind of a sft run must be "sft-jsonl", got "text"/],
    ['an empty data path', edit((r) => (r.data.file = '')), /data\.file must be a string of 1 to 4096 characters/],
    ['a megabyte data path', edit((r) => (r.data.file = 'x'.repeat(1 << 20))), /data\.file must be a string of 1 to 4096 characters, got "x{20,}…/],
    ['a deeply nested preset', edit((r) => (r.preset = DEEP)), /preset must be a string .*nested too deeply/],
    ['a deeply nested train', edit((r) => (r.train = DEEP)), /train must be an object .*nested too deeply/],
  ];
  it.each(BAD)('refuses %s', (_what, value, message) => {
    let error: unknown;
    try {
      parseRunDescription(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.length).toBeLessThan(300);
  });

  it('names the stages there are for an unknown one', () => {
    expect(checkStage('reward')).toBe('reward');
    expect(() => checkStage('Pretrain')).toThrow('unknown stage "Pretrain"; one of pretrain, sft, reward');
  });
});

describe('the run in a checkpoint', () => {
  const tokenizer = CharTokenizer.fromText('abcd');
  const config = { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: tokenizer.size };
  const bytes = encodeCheckpoint(config, tokenizer, new Rng(3).normals(paramLayout(config).total));

  it('is added without touching the tensors or the other metadata, and decodes into Gpt2Checkpoint.run', () => {
    const recorded = withRunMetadata(bytes, RUN);
    const before = readSafetensors(bytes);
    const after = readSafetensors(recorded);
    expect(after.metadata).toEqual({ ...before.metadata, [RUN_METADATA_KEY]: JSON.stringify(RUN) });
    expect([...after.tensors.keys()]).toEqual([...before.tensors.keys()]);
    for (const [name, t] of before.tensors) expect(after.tensors.get(name)!.data).toEqual(t.data);
    const ckpt = decodeCheckpoint(recorded);
    expect(ckpt.run).toEqual(RUN);
    expect(ckpt.flat).toEqual(decodeCheckpoint(bytes).flat);
    expect(decodeCheckpoint(bytes).run).toBeUndefined();
  });

  it('fails decodeCheckpoint with a "checkpoint:" message when it is bad', () => {
    const { tensors, metadata } = readSafetensors(bytes);
    const withRun = (text: string) => writeSafetensors([...tensors.values()], { ...metadata, [RUN_METADATA_KEY]: text });
    expect(() => decodeCheckpoint(withRun('{"format":1'))).toThrow('checkpoint: __metadata__.gpt_lab_run is not valid JSON');
    expect(() => decodeCheckpoint(withRun(JSON.stringify({ ...RUN, stage: 'x'.repeat(5000) })))).toThrow(/^checkpoint: __metadata__\.gpt_lab_run: unknown stage "x+…; one of pretrain, sft, reward$/);
    expect(() => decodeCheckpoint(withRun('null'))).toThrow('checkpoint: __metadata__.gpt_lab_run: a run description must be a JSON object, got null');
  });
});
