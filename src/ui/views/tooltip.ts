// The views' hover tooltip: a div inside the view, moved and filled directly on pointer events (no React state).

/** Shows `text` (newlines kept) near the pointer, inside `container`, flipped left near its right edge. */
export function showTooltip(tip: HTMLElement, container: HTMLElement, clientX: number, clientY: number, text: string): void {
  const box = container.getBoundingClientRect();
  tip.textContent = text;
  tip.style.display = 'block';
  const x = clientX - box.left + 14;
  const y = clientY - box.top + 14;
  const flip = x + tip.offsetWidth > container.clientWidth;
  tip.style.left = `${flip ? Math.max(0, clientX - box.left - 14 - tip.offsetWidth) : x}px`;
  tip.style.top = `${y}px`;
}

export function hideTooltip(tip: HTMLElement | null): void {
  if (tip) tip.style.display = 'none';
}
