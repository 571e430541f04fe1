// Tooltip sentences name the query and key tokens with their positions.
import { describe, expect, it } from 'vitest';
import { activationHoverText, attentionHoverText } from './hover-text';

describe('hover text', () => {
  const tokens = ['T', 'h', 'e', ' ', 'c'];
  it('describes an attention weight', () => {
    expect(attentionHoverText(tokens, 3, 1, 0.4213)).toBe("query '␣' (pos 3) → key 'h' (pos 1): 0.42");
    expect(attentionHoverText(tokens, 0, 0, 1, 1)).toBe("head 2: query 'T' (pos 0) → key 'T' (pos 0): 1.00");
  });
  it('says when a key is masked', () => {
    expect(attentionHoverText(tokens, 1, 4, 0)).toContain('masked');
  });
  it('describes an activation', () => {
    expect(activationHoverText(tokens, 2, 17, -0.12345)).toBe("'e' (pos 2), channel 17: -0.123");
  });
});
