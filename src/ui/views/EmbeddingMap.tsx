// The token embedding matrix projected on its two principal components: one label per token, animated from
// projection to projection (signs aligned so the map does not mirror), equal units on both axes. Hovering a
// token lists its nearest neighbours by cosine similarity of the full vectors and highlights them.
import { axisBottom, axisLeft, Delaunay, pointer, scaleLinear, select, transition, type ScaleLinear } from 'd3';
import { useRef, type PointerEvent } from 'react';
import type { EmbeddingView } from '../../workers/protocol';
import { useLab } from '../store/store';
import { alignProjection } from './align-projection';
import { ensure, type Sel } from './d3-ensure';
import { Legend } from './Legend';
import { neighboursOf } from './probe-data';
import { equalAspectDomains, paddedExtent } from './scales';
import { quoteToken, TOKEN_CLASSES, tokenClass, tokenLabel, type TokenClass } from './token-label';
import { hideTooltip, showTooltip } from './tooltip';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { probeEmptyText, ViewFrame } from './ViewFrame';
import { useTranslation } from 'react-i18next';
import { t as word } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.embedding];
const MARGIN = { top: 10, right: 16, bottom: 40, left: 50 };
const CLASS_COLOR: Record<TokenClass, string> = {
  vowel: '#d9480f', consonant: '#1f5fa8', uppercase: '#5f3dc4', digit: '#2b8a3e', punctuation: '#c2255c', whitespace: '#495057', other: '#0b7285',
};
const HOVER_RADIUS = 40; // px: farther from every token, nothing is highlighted

interface MapState {
  view: EmbeddingView | null;
  xy: Float32Array | null; // (V, 2) aligned with the previous projection
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  delaunay: Delaunay<number> | null;
}

export function EmbeddingMap() {
  const root = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const st = useRef<MapState>({ view: null, xy: null, x: scaleLinear(), y: scaleLinear(), delaunay: null });
  const empty = useLab((s) => s.embedding === null);
  const every = useLab((s) => s.probes.every);
  const { t: tr } = useTranslation();

  useStoreDraw(box, TRIGGERS, (width) => {
    const s = st.current;
    const view = useLab.getState().embedding;
    const height = Math.max(280, Math.min(520, Math.round(width * 0.62)));
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    const fresh = view !== s.view;
    const animate = fresh && s.view !== null && view !== null;
    if (fresh) {
      s.xy = view ? alignProjection(s.xy, view.xy) : null;
      s.view = view;
    }
    const xy = s.xy ?? new Float32Array(0);
    const V = xy.length / 2;
    const px = xy.filter((_, i) => i % 2 === 0);
    const py = xy.filter((_, i) => i % 2 === 1);
    const dom = equalAspectDomains(paddedExtent([px], 0.06, [-1, 1]), paddedExtent([py], 0.06, [-1, 1]), w, h);
    s.x = scaleLinear().domain(dom.x).range([0, w]);
    s.y = scaleLinear().domain(dom.y).range([h, 0]);

    const svg = select(svgRef.current!).attr('width', width).attr('height', height) as unknown as Sel<SVGSVGElement>;
    // One transition for axes and points, so they move together. Made with d3.transition() rather than
    // selection.transition(): that import keeps d3-transition (which patches selections) in the bundle.
    const t = transition('move').duration(animate ? 700 : 0);
    const plot = ensure(svg, 'g', 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    ensure(plot, 'g', 'gl-axis x').attr('transform', `translate(0,${h})`).transition(t).call(axisBottom(s.x).ticks(Math.floor(w / 70)));
    ensure(plot, 'g', 'gl-axis y').transition(t).call(axisLeft(s.y).ticks(Math.floor(h / 45)));
    const pct = (f: number | undefined) => (f === undefined ? '' : word('embedding.variance', { pct: (f * 100).toFixed(1) }));
    ensure(plot, 'text', 'gl-axis-title x').attr('x', w / 2).attr('y', h + 34).attr('text-anchor', 'middle').text(`PC1${pct(view?.explained[0])}`);
    ensure(plot, 'text', 'gl-axis-title y').attr('transform', `translate(${-MARGIN.left + 12},${h / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(`PC2${pct(view?.explained[1])}`);
    ensure(plot, 'g', 'links');

    const tokens = view?.tokens ?? [];
    const pos = (i: number) => `translate(${s.x(xy[2 * i])},${s.y(xy[2 * i + 1])})`;
    ensure(plot, 'g', 'points')
      .selectAll<SVGGElement, number>('g.pt')
      .data(Array.from({ length: V }, (_, i) => i), (i) => i)
      .join(
        (enter) => {
          const g = enter.append('g').attr('class', 'pt').attr('transform', pos);
          g.append('text').attr('text-anchor', 'middle').attr('dominant-baseline', 'central');
          return g;
        },
        (update) => update,
        (exit) => exit.remove(),
      )
      .call((g) => g.select('text').attr('fill', (i) => CLASS_COLOR[tokenClass(tokens[i])]).text((i) => tokenLabel(tokens[i])))
      .transition(t)
      .attr('transform', pos);

    s.delaunay = V ? Delaunay.from(Array.from({ length: V }, (_, i) => i), (i) => s.x(xy[2 * i]), (i) => s.y(xy[2 * i + 1])) : null;
    highlight(-1);
    root.current!.dataset.points = String(V);
  });

  /** Highlights token i and its neighbours (i < 0 clears), with links whose opacity follows similarity. */
  function highlight(i: number, ev?: globalThis.PointerEvent) {
    const s = st.current;
    const svg = select(svgRef.current!);
    const nbs = i >= 0 && s.view ? neighboursOf(s.view, i) : [];
    const nbSet = new Set(nbs.map((n) => n.index));
    svg.classed('hovering', i >= 0);
    svg.selectAll<SVGGElement, number>('g.pt').classed('hot', (j) => j === i).classed('nb', (j) => nbSet.has(j));
    const xy = s.xy ?? new Float32Array(0);
    svg
      .select('.links')
      .selectAll('line')
      .data(nbs)
      .join('line')
      .attr('stroke', '#888')
      .attr('stroke-width', 1.5)
      .attr('stroke-opacity', (n) => 0.25 + 0.6 * Math.max(0, n.similarity))
      .attr('x1', s.x(xy[2 * i]))
      .attr('y1', s.y(xy[2 * i + 1]))
      .attr('x2', (n) => s.x(xy[2 * n.index]))
      .attr('y2', (n) => s.y(xy[2 * n.index + 1]));
    if (i < 0 || !ev || !s.view) return hideTooltip(tip.current);
    const lines = nbs.map((n) => `  ${quoteToken(n.token).padEnd(5)} ${n.similarity.toFixed(2)}`);
    showTooltip(tip.current!, box.current!, ev.clientX, ev.clientY, `${word('embedding.neighbours', { token: quoteToken(s.view.tokens[i]) })}\n${lines.join('\n')}`);
  }

  function onMove(ev: PointerEvent<SVGSVGElement>) {
    const s = st.current;
    const plot = svgRef.current!.querySelector('.plot');
    if (!s.delaunay || !plot) return;
    const [mx, my] = pointer(ev.nativeEvent, plot);
    const i = s.delaunay.find(mx, my);
    const near = Math.hypot(s.x(s.xy![2 * i]) - mx, s.y(s.xy![2 * i + 1]) - my) < HOVER_RADIUS;
    highlight(near ? i : -1, ev.nativeEvent);
  }

  return (
    <ViewFrame
      title={tr('embedding.title')}
      testId="embedding-map"
      rootRef={root}
      caption={tr('embedding.caption')}
      empty={empty ? probeEmptyText(every) : null}
    >
      <Legend entries={TOKEN_CLASSES.map((c) => ({ label: tr(`embedding.classes.${c}`), color: CLASS_COLOR[c], kind: 'box' as const }))} />
      <div ref={box} className="gl-chart">
        <svg ref={svgRef} className="gl-emb" onPointerMove={onMove} onPointerLeave={() => highlight(-1)} />
        <div ref={tip} className="gl-tooltip" />
      </div>
    </ViewFrame>
  );
}
