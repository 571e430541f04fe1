// Attention probabilities of one block for the probe text: one (query × key) heatmap per head in `heads` (one
// head, or all heads as small multiples; clicking a small multiple picks it). Rows are queries, columns keys,
// both labelled by token; keys after the query are masked (grey). Cells on a canvas, labels in SVG.
import { format, interpolateYlGnBu, select } from 'd3';
import { useEffect, useRef, type PointerEvent } from 'react';
import { useLab } from '../store/store';
import { buildLut, paintCells } from './color-lut';
import { ensure, type Sel } from './d3-ensure';
import { drawCells, drawColorLegend, sizeCanvas, tokenAxis } from './draw-heatmap';
import { cellAt, type CellGrid } from './heatmap-layout';
import { attentionHoverText } from './hover-text';
import { attentionHead } from './probe-data';
import { hideTooltip, showTooltip } from './tooltip';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { t } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.attention];
const LUT = buildLut(interpolateYlGnBu);
const MASK: [number, number, number, number] = [205, 205, 205, 255];
const LEFT = 50; // query title + labels
const TOP = 38; // key title + labels
const TITLE = 18; // "head h" above each small multiple
const GAP = 14;
const LEGEND = 64;

interface Panel {
  head: number;
  grid: CellGrid;
}

interface Props {
  layer: number;
  heads: number[];
  onPick?: (head: number) => void;
}

export function AttentionHeatmap({ layer, heads, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const panels = useRef<Panel[]>([]);
  const multiple = heads.length > 1;

  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const view = useLab.getState().attention;
    const T = view?.T ?? 0;
    const tokens = view?.tokens ?? [];
    const cols = multiple ? Math.max(1, Math.min(heads.length, Math.floor(width / 220))) : 1;
    const panelW = Math.floor(width / cols);
    const side = Math.max(40, Math.min(multiple ? panelW - LEFT - GAP : 560, width - LEFT - GAP));
    const panelH = (multiple ? TITLE : 0) + TOP + side + GAP;
    const shown = view ? heads.filter((h) => h < view.NH) : [];
    const height = shown.length ? Math.ceil(shown.length / cols) * panelH + LEGEND : 160;
    box.current!.style.height = `${height}px`;
    box.current!.dataset.cells = String(shown.length * T * T);
    const ctx = sizeCanvas(canvas.current!, width, height);

    panels.current = shown.map((head, k) => ({
      head,
      grid: { x: (k % cols) * panelW + LEFT, y: Math.floor(k / cols) * panelH + (multiple ? TITLE : 0) + TOP, cellW: side / T, cellH: side / T, rows: T, cols: T },
    }));
    for (const p of panels.current) {
      drawCells(ctx, p.grid, paintCells(attentionHead(view!, Math.min(layer, view!.L - 1), p.head), T, T, LUT, [0, 1], (q, k) => k > q, MASK));
    }

    const svg = select(svgRef.current!).attr('width', width).attr('height', height) as unknown as Sel<SVGSVGElement>;
    const cell = side / Math.max(T, 1);
    const gap = multiple ? 9 : 10; // px between labels
    ensure(svg, 'g', 'panels')
      .selectAll<SVGGElement, Panel>('g.panel')
      .data(panels.current)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'panel');
        g.append('text').attr('class', 'gl-sub head').attr('text-anchor', 'middle');
        g.append('text').attr('class', 'gl-axis-title key').attr('text-anchor', 'middle');
        g.append('text').attr('class', 'gl-axis-title query').attr('text-anchor', 'middle');
        g.append('g').attr('class', 'gl-axis keys');
        g.append('g').attr('class', 'gl-axis queries');
        return g;
      })
      .each(function (p) {
        const g = select(this);
        const { x, y } = p.grid;
        g.select('.head').attr('x', x + side / 2).attr('y', y - TOP - 5).text(multiple ? t('attention.headN', { n: p.head + 1 }) : '');
        g.select('.key').attr('x', x + side / 2).attr('y', y - 24).text(t('attention.key'));
        g.select('.query').attr('transform', `translate(${x - LEFT + 12},${y + side / 2}) rotate(-90)`).text(t('attention.query'));
        g.select<SVGGElement>('.keys').attr('transform', `translate(0,${y})`).call(tokenAxis('top', tokens, x, cell, gap));
        g.select<SVGGElement>('.queries').attr('transform', `translate(${x},0)`).call(tokenAxis('left', tokens, y, cell, gap));
      });

    const legend = ensure(svg, 'g', 'legend').attr('transform', `translate(${LEFT},${height - LEGEND + 24})`);
    drawColorLegend(ensure(legend, 'g', 'bar'), { interpolate: interpolateYlGnBu, domain: [0, 1], width: Math.min(220, width - LEFT - 140), title: t('attention.legend'), format: format('.1f') });
    const masked = ensure(legend, 'g', 'masked').attr('transform', `translate(${Math.min(220, width - LEFT - 140) + 24},0)`);
    ensure(masked, 'rect', 'swatch').attr('width', 10).attr('height', 10).attr('fill', `rgb(${MASK.slice(0, 3).join(',')})`);
    ensure(masked, 'text', 'gl-ref-label').attr('x', 14).attr('y', 9).text(t('attention.masked'));
  });
  useEffect(request, [layer, heads, request]);

  function cellUnder(ev: PointerEvent<SVGSVGElement>) {
    const r = svgRef.current!.getBoundingClientRect();
    for (const p of panels.current) {
      const c = cellAt(p.grid, ev.clientX - r.left, ev.clientY - r.top);
      if (c) return { head: p.head, ...c };
    }
    return null;
  }

  function onMove(ev: PointerEvent<SVGSVGElement>) {
    const view = useLab.getState().attention;
    const c = cellUnder(ev);
    if (!c || !view) return hideTooltip(tip.current);
    const w = attentionHead(view, Math.min(layer, view.L - 1), c.head)[c.row * view.T + c.col];
    showTooltip(tip.current!, box.current!, ev.clientX, ev.clientY, attentionHoverText(view.tokens, c.row, c.col, w, multiple ? c.head : undefined));
  }

  function onClick(ev: PointerEvent<SVGSVGElement>) {
    const c = cellUnder(ev);
    if (c && onPick) onPick(c.head);
  }

  return (
    <div ref={box} className="gl-heatmap" data-testid="attention-heatmap" data-cells="0">
      <canvas ref={canvas} />
      <svg ref={svgRef} onPointerMove={onMove} onPointerLeave={() => hideTooltip(tip.current)} onClick={onClick} style={{ cursor: onPick ? 'pointer' : undefined }} />
      <div ref={tip} className="gl-tooltip" />
    </div>
  );
}
