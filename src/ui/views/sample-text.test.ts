// A sample splits into prompt and continuation whether or not the text repeats the prompt.
import { describe, expect, it } from 'vitest';
import { splitSample } from './sample-text';

describe('splitSample', () => {
  it('strips a repeated prompt', () => {
    expect(splitSample('Once', 'Once upon')).toEqual({ prompt: 'Once', continuation: ' upon' });
  });
  it('keeps a continuation-only text', () => {
    expect(splitSample('Once', ' upon')).toEqual({ prompt: 'Once', continuation: ' upon' });
    expect(splitSample('', 'abc')).toEqual({ prompt: '', continuation: 'abc' });
  });
});
