// Keeps a d3 view's DOM persistent between redraws: returns the child `tag.cls` of `parent`, creating it once.
import type { Selection } from 'd3';

export type Sel<E extends Element> = Selection<E, unknown, null, undefined>;

export function ensure<P extends Element, K extends keyof SVGElementTagNameMap>(parent: Sel<P>, tag: K, cls: string): Sel<SVGElementTagNameMap[K]> {
  const found = parent.select<SVGElementTagNameMap[K]>(`:scope > ${tag}.${cls.replace(/ /g, '.')}`);
  return found.empty() ? parent.append<SVGElementTagNameMap[K]>(tag).attr('class', cls) : found;
}
