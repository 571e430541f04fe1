// GPT-1's input transforms (Radford et al. 2018, Figure 1): each task input becomes one or more token sequences
// that start with START and end with EXTRACT, where the task head reads the final hidden state.
//   classification  START text EXTRACT                                   1 sequence
//   entailment      START premise DELIM hypothesis EXTRACT               1 sequence
//   similarity      START a DELIM b EXTRACT and START b DELIM a EXTRACT  2 sequences (their head outputs are added)
//   multiple choice START context DELIM choice_k EXTRACT for each k      n sequences (one score each, softmaxed)
// Tested by transforms.test.ts.

import { DELIM, EXTRACT, START, type CharTokenizer } from '../data/tokenizer';
import { checkVocabulary } from '../stages/stage-data';
import { taskTexts, type TaskInput } from './task-records';

export const TASK_SPECIALS = [START, DELIM, EXTRACT] as const;

export interface TaskExample {
  /** The sequences of one example, each at most T tokens, the last token EXTRACT. */
  seqs: Uint32Array[];
  /** Index of the right class (label id, or choice); -1 when unknown (prediction). */
  label: number;
}

/** The sequences of one input (the tokenizer must have START, DELIM and EXTRACT). */
export function transformInput(tokenizer: CharTokenizer, input: TaskInput): Uint32Array[] {
  const [s, d, e] = TASK_SPECIALS.map((n) => tokenizer.specialId(n));
  const seq = (...parts: Array<number | string>) => Uint32Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array.from(tokenizer.encode(p)))));
  switch (input.kind) {
    case 'classification':
      return [seq(s, input.text, e)];
    case 'entailment':
      return [seq(s, input.premise, d, input.hypothesis, e)];
    case 'similarity':
      return [seq(s, input.textA, d, input.textB, e), seq(s, input.textB, d, input.textA, e)];
    case 'multiple_choice':
      return input.choices.map((c) => seq(s, input.context, d, c, e));
  }
}

/**
 * Examples for `inputs` with their class indices (`labels[i]`), checked against the vocabulary (every unknown
 * character named), the context (`T` tokens) and the batch (`B` sequences hold the largest example).
 */
export function encodeTaskInputs(tokenizer: CharTokenizer, inputs: readonly TaskInput[], labels: readonly number[], T: number, B: number, source: string): TaskExample[] {
  checkVocabulary(tokenizer, inputs.map((r) => taskTexts(r).join('')), source);
  return inputs.map((r, i) => {
    const seqs = transformInput(tokenizer, r);
    const where = `${source}: record ${i + 1}`;
    seqs.forEach((q, k) => {
      if (q.length > T) {
        const which = seqs.length > 1 ? ` (sequence ${k + 1} of ${seqs.length}${r.kind === 'multiple_choice' ? `, choice ${k}` : ''})` : '';
        throw new Error(`${where}${which} is ${q.length} tokens with the start, delimiter and extract tokens, more than the ${T} the model's context allows; shorten it or use a model with a longer context`);
      }
    });
    if (r.kind === 'multiple_choice' && labels[i] >= r.choices.length) throw new Error(`${where}: label ${labels[i]} is out of range for its ${r.choices.length} choices (indices 0 to ${r.choices.length - 1})`);
    if (seqs.length > B) throw new Error(`${where} makes ${seqs.length} sequences, more than the ${B} of a batch; raise the batch size to at least ${seqs.length}`);
    return { seqs, label: labels[i] };
  });
}
