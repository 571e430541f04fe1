// Reordering a hand ranking: move one answer up or down (buttons), or from one place to another (drag and drop).
// Tested by reorder.test.ts.

/** `list` with the item at `from` moved to index `to` (clamped); the same array when nothing moves. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const target = Math.min(list.length - 1, Math.max(0, to));
  if (from === target || from < 0 || from >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item);
  return out;
}
