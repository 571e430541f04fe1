// LabError keeps its English message for the CLI and carries a code and params the page words in its own language;
// labErrorInfo finds them again on an error that crossed the worker boundary as a plain object.
import { describe, expect, it } from 'vitest';
import { LabError, labErrorInfo } from './errors';

describe('LabError', () => {
  it('is an Error with an English message, a code and params', () => {
    const e = new LabError('text-empty', { name: 'a.txt' }, 'Corpus "a.txt" is empty');
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('Corpus "a.txt" is empty');
    expect(labErrorInfo(e)).toEqual({ code: 'text-empty', params: { name: 'a.txt' } });
  });

  it('reads code and params from a structured clone, and nothing from plain errors', () => {
    const cloned = { message: 'x', name: 'LabError', code: 'device-lost', params: { reason: 'gone' } };
    expect(labErrorInfo(cloned)).toEqual({ code: 'device-lost', params: { reason: 'gone' } });
    expect(labErrorInfo(new Error('plain'))).toBeNull();
    expect(labErrorInfo('text')).toBeNull();
  });
});
