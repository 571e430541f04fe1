// The residual stream of the probe text at one layer as a heatmap: rows are positions labelled by their token,
// columns are channels, colour is the value on a diverging scale centred at 0 (clipped at the 99th percentile of
// |value| so a few outlier channels do not wash it out). Cells on a canvas, axes and legend in SVG.
import { axisBottom, format, interpolateRdBu, scaleLinear, select } from 'd3';
import { useEffect, useRef, type PointerEvent } from 'react';
import { useLab } from '../store/store';
import { buildLut, paintCells } from './color-lut';
import { ensure, type Sel } from './d3-ensure';
import { drawCells, drawColorLegend, sizeCanvas, tokenAxis } from './draw-heatmap';
import { cellAt, rowHeight, type CellGrid } from './heatmap-layout';
import { activationHoverText } from './hover-text';
import { residualLayer } from './probe-data';
import { robustAbsMax } from './scales';
import { hideTooltip, showTooltip } from './tooltip';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { t } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.activations];
const MARGIN = { top: 6, right: 10, bottom: 88, left: 64 };
const diverging = (t: number) => interpolateRdBu(1 - t); // blue negative, red positive
const LUT = buildLut(diverging);

export function ActivationHeatmap({ layer }: { layer: number }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const grid = useRef<CellGrid | null>(null);

  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const view = useLab.getState().activations;
    const T = view?.T ?? 0;
    const C = view?.C ?? 0;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = T ? T * rowHeight(T, 420, 2, 14) : 120;
    const height = MARGIN.top + plotH + MARGIN.bottom;
    box.current!.style.height = `${height}px`;
    box.current!.dataset.cells = String(T * C);
    const ctx = sizeCanvas(canvas.current!, width, height);
    const svg = select(svgRef.current!).attr('width', width).attr('height', height) as unknown as Sel<SVGSVGElement>;
    grid.current = view ? { x: MARGIN.left, y: MARGIN.top, cellW: plotW / C, cellH: plotH / T, rows: T, cols: C } : null;
    const values = view ? residualLayer(view, Math.min(layer, view.layers - 1)) : new Float32Array(0);
    const m = robustAbsMax(values);
    if (grid.current) drawCells(ctx, grid.current, paintCells(values, T, C, LUT, [-m, m]));

    ensure(svg, 'g', 'gl-axis rows')
      .attr('transform', `translate(${MARGIN.left},0)`)
      .call(tokenAxis('left', view?.tokens ?? [], MARGIN.top, plotH / Math.max(T, 1), 11));
    const channel = scaleLinear().domain([0, Math.max(C, 1)]).range([MARGIN.left, MARGIN.left + plotW]);
    ensure(svg, 'g', 'gl-axis cols')
      .attr('transform', `translate(0,${MARGIN.top + plotH})`)
      .call(axisBottom(channel).tickValues(channel.ticks(Math.max(2, Math.floor(plotW / 60))).filter(Number.isInteger)).tickFormat(format('d')).tickSize(3));
    ensure(svg, 'text', 'gl-axis-title rows')
      .attr('transform', `translate(14,${MARGIN.top + plotH / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text(t('activations.rowsAxis'));
    ensure(svg, 'text', 'gl-axis-title cols').attr('x', MARGIN.left + plotW / 2).attr('y', MARGIN.top + plotH + 32).attr('text-anchor', 'middle').text(t('activations.colsAxis'));
    drawColorLegend(ensure(svg, 'g', 'legend').attr('transform', `translate(${MARGIN.left},${MARGIN.top + plotH + 62})`), {
      interpolate: diverging,
      domain: [-m, m],
      width: Math.min(260, plotW),
      title: t('activations.legend', { m: format('.2~f')(m) }),
      format: format('.2~f'),
    });
  });
  useEffect(request, [layer, request]);

  function onMove(ev: PointerEvent<SVGSVGElement>) {
    const view = useLab.getState().activations;
    const r = svgRef.current!.getBoundingClientRect();
    const cell = grid.current && view ? cellAt(grid.current, ev.clientX - r.left, ev.clientY - r.top) : null;
    if (!cell || !view) return hideTooltip(tip.current);
    const v = residualLayer(view, Math.min(layer, view.layers - 1))[cell.row * view.C + cell.col];
    showTooltip(tip.current!, box.current!, ev.clientX, ev.clientY, activationHoverText(view.tokens, cell.row, cell.col, v));
  }

  return (
    <div ref={box} className="gl-heatmap" data-testid="activation-heatmap" data-cells="0">
      <canvas ref={canvas} />
      <svg ref={svgRef} onPointerMove={onMove} onPointerLeave={() => hideTooltip(tip.current)} />
      <div ref={tip} className="gl-tooltip" />
    </div>
  );
}
