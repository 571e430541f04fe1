// Shot lists from the command line: "0,1,2,4,8" in the order given (spaces allowed); empty entries, negatives,
// fractions, words, repeats and absurd counts are refused naming the flag.
import { describe, expect, it } from 'vitest';
import { MAX_SHOTS, parseShots } from './shots';

describe('parseShots', () => {
  it('reads a list', () => {
    expect(parseShots('0,1,2,4,8')).toEqual([0, 1, 2, 4, 8]);
    expect(parseShots(' 4 , 0')).toEqual([4, 0]);
    expect(parseShots('3')).toEqual([3]);
  });

  it('refuses bad lists', () => {
    expect(() => parseShots('')).toThrow(/--shots must be a comma-separated list of shot counts such as 0,1,2,4,8 \(got "": an empty entry\)/);
    expect(() => parseShots('0,,2')).toThrow(/an empty entry/);
    expect(() => parseShots('0,-1')).toThrow(/"-1" is not a non-negative integer/);
    expect(() => parseShots('1.5')).toThrow(/"1.5" is not a non-negative integer/);
    expect(() => parseShots('one')).toThrow(/"one" is not a non-negative integer/);
    expect(() => parseShots('2,1,2')).toThrow(/--shots lists 2 twice/);
    expect(() => parseShots(String(MAX_SHOTS + 1))).toThrow(`--shots: ${MAX_SHOTS + 1} shots is more than ${MAX_SHOTS}`);
  });
});
