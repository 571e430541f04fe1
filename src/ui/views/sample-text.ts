// Splits a generated sample into the prompt (shown in bold) and the model's continuation. The worker may send
// the whole text (prompt + continuation) or the continuation alone; both read right. Tested by sample-text.test.ts.

export function splitSample(prompt: string, text: string): { prompt: string; continuation: string } {
  return { prompt, continuation: prompt && text.startsWith(prompt) ? text.slice(prompt.length) : text };
}
