// The i18n library as the page uses it: messages in both languages, plurals, numbers through Intl.NumberFormat,
// nested messages, engine errors worded from their code and params (English: the engine's own message), and
// the names the engine keeps in English. Each test sets the language it needs and puts English back.
import { afterEach, describe, expect, it } from 'vitest';
import { LabError, labErrorInfo } from '../../engine/errors';
import { parseRankedJsonl, parseSftJsonl } from '../../engine/data/jsonl';
import { CharTokenizer } from '../../engine/data/tokenizer';
import { encodeRankedRecords } from '../../engine/stages/reward-batch';
import { encodeSftRecords } from '../../engine/stages/sft-batch';
import { splitHeldOut } from '../../engine/stages/example-order';
import zhCatalogue from './zh.json';
import { english, errorSay, eventSay, i18n, msg, say, SayError, sentence, t } from './i18n';
import { datasetText, datasetTitleSay, presetText } from './names';

afterEach(() => void i18n.changeLanguage('en'));

describe('i18n', () => {
  it('words a message in the current language', async () => {
    expect(t('run.train')).toBe('Train');
    await i18n.changeLanguage('zh');
    expect(t('run.train')).toBe('训练');
    expect(t('loss.yLabel')).toBe('损失（奈特）');
  });

  it('picks the plural form in English and the one form Chinese has', async () => {
    expect(say(msg('notices.leftOut', { count: 1 }))).toMatch(/^ 1 prompt was left out/);
    expect(say(msg('notices.leftOut', { count: 3 }))).toMatch(/^ 3 prompts were left out/);
    await i18n.changeLanguage('zh');
    expect(say(msg('notices.leftOut', { count: 3 }))).toMatch(/^另有 3 个提示被略过/);
  });

  it('formats numbers with Intl.NumberFormat: grouped integers and fixed digits without grouping', async () => {
    expect(t('adapter.int', { n: 1234567 })).toBe('1,234,567');
    expect(t('adapter.tokensSplit', { train: 12345, val: 678 })).toBe('12,345 train, 678 validation');
    await i18n.changeLanguage('zh');
    expect(t('adapter.tokensSplit', { train: 12345, val: 678 })).toBe('训练 12,345，验证 678');
  });

  it('words nested messages, and ends a sentence once', async () => {
    const m = msg('upload.refused', { why: sentence('Corpus "a" is empty'), keep: msg('datasets.tinystories-en.title') });
    expect(say(m)).toBe('Corpus "a" is empty. Still using Tiny stories (English).');
    expect(say(msg('upload.refused', { why: sentence('Done.'), keep: 'x' }))).toBe('Done. Still using x.');
    await i18n.changeLanguage('zh');
    expect(say(msg('upload.refused', { why: sentence(msg('notices.noSaved')), keep: msg('datasets.tinystories-en.title') }))).toBe('在本浏览器中没有找到保存的训练。仍在使用英文小故事。');
    expect(english(m)).toBe('Corpus "a" is empty. Still using Tiny stories (English).');
  });

  it('shows an engine error as the engine wrote it in English and from its params in Chinese', async () => {
    const e = new LabError('training-diverged', { step: 7, value: 'NaN' }, 'training stopped: the loss became NaN at step 7; lower the learning rate');
    expect(say(errorSay(e))).toBe(e.message);
    const ev = { message: 'GPU device lost: gone', code: 'device-lost', params: { reason: 'gone' } };
    expect(say(eventSay(ev))).toBe('GPU device lost: gone');
    await i18n.changeLanguage('zh');
    expect(say(errorSay(e))).toBe('训练已停止：第 7 步的损失变成了 NaN。请降低学习率或开启梯度裁剪（最后一个正常的检查点已保留）。');
    expect(say(eventSay(ev))).toContain('GPU 设备已丢失：gone');
    expect(say(errorSay(new Error('plain')))).toBe('plain');
    expect(say(eventSay({ message: 'uncoded' }))).toBe('uncoded');
  });

  it('words every data-file error from its code and params in Chinese, each placeholder filled', async () => {
    const tok = CharTokenizer.fromText('abcdef ');
    const cases: Array<() => unknown> = [
      () => parseSftJsonl('x'.repeat(1_000_001), 'a.jsonl'),
      () => parseSftJsonl('{"prompt": ', 'a.jsonl'),
      () => parseSftJsonl('[1]', 'a.jsonl'),
      () => parseSftJsonl('\n\n', 'a.jsonl'),
      () => parseSftJsonl('{"prompt":"a"}', 'a.jsonl'),
      () => parseSftJsonl('{"prompt":"a","completion":3}', 'a.jsonl'),
      () => parseSftJsonl('{"prompt":"a","completion":"  "}', 'a.jsonl'),
      () => parseRankedJsonl('{"prompt":"a","ranked":["b"],"chosen":"c"}', 'r.jsonl'),
      () => parseRankedJsonl('{"prompt":"a"}', 'r.jsonl'),
      () => parseRankedJsonl('{"prompt":"a","ranked":"b"}', 'r.jsonl'),
      () => parseRankedJsonl('{"prompt":"a","ranked":["b",null]}', 'r.jsonl'),
      () => parseRankedJsonl('{"prompt":"a","ranked":["b"]}', 'r.jsonl'),
      () => encodeRankedRecords(tok, [{ prompt: 'a', ranked: ['b', 'c', 'd'] }], 8, 2, 'r.jsonl'),
      () => encodeRankedRecords(tok, [{ prompt: 'a', ranked: ['b', 'cccccccccc'] }], 8, 4, 'r.jsonl'),
      () => encodeSftRecords(tok, [{ prompt: 'a', completion: 'xyz' }], 8, 's.jsonl'),
      () => encodeSftRecords(tok, [{ prompt: 'a', completion: 'bbbbbbbbbbbb' }], 8, 's.jsonl'),
      () => splitHeldOut([1], 0.1, 's.jsonl'),
    ];
    await i18n.changeLanguage('zh');
    const codes = new Set<string>();
    for (const run of cases) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      const info = labErrorInfo(caught);
      expect(info, String(caught)).not.toBeNull();
      codes.add(info!.code);
      const template = (zhCatalogue.errors as Record<string, string>)[info!.code];
      for (const [, name] of template.matchAll(/\{\{\s*(\w+)/g)) expect(info!.params, `${info!.code}: ${name}`).toHaveProperty(name);
      expect(say(errorSay(caught))).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(codes.size).toBe(cases.length);
  });

  it('gives a SayError its English wording as message and its catalogue message to the page', async () => {
    const e = new SayError(msg('upload.notTxt', { name: 'a.pdf' }));
    expect(e.message).toBe('"a.pdf" is not a .txt file: only plain text files can be used as training text.');
    await i18n.changeLanguage('zh');
    expect(say(errorSay(e))).toBe('“a.pdf”不是 .txt 文件：只有纯文本文件可以用作训练文本。');
  });

  it('words dataset and preset names from the catalogue, falling back to the engine for newer ones', async () => {
    const d = { id: 'stories-zh', title: 'engine title', description: 'engine description' };
    expect(datasetText(d, 'title')).toBe('小故事 (Chinese stories)');
    expect(datasetText({ ...d, id: 'not-in-the-catalogue' }, 'description')).toBe('engine description');
    expect(datasetTitleSay('nope')).toBe('nope');
    await i18n.changeLanguage('zh');
    expect(datasetText(d, 'title')).toBe('中文小故事');
    expect(say(datasetTitleSay('tinystories-en'))).toBe('英文小故事');
    expect(presetText({ name: 'tiny', description: 'x' })).toMatch(/^2 层/);
  });
});
