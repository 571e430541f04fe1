// Heatmap drawing shared by the activation and attention views: cells painted on a <canvas> (one RGBA pixel per
// cell, scaled up without smoothing, so 256×384 cells cost one drawImage) and token-labelled d3 axes for the
// SVG laid over it. Colours come from color-lut.ts, geometry from heatmap-layout.ts.
import { axisBottom, axisLeft, axisTop, range, scaleBand, scaleLinear, type Axis } from 'd3';
import { ensure, type Sel } from './d3-ensure';
import { labelStride, strideIndices, type CellGrid } from './heatmap-layout';
import { tokenLabel } from './token-label';

let scratch: HTMLCanvasElement | null = null;

/** Sizes a canvas for the device pixel ratio and returns its cleared context in CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** Draws `rgba` (rows, cols, 4) into the grid's cell area. */
export function drawCells(ctx: CanvasRenderingContext2D, grid: CellGrid, rgba: Uint8ClampedArray<ArrayBuffer>): void {
  scratch ??= document.createElement('canvas');
  scratch.width = grid.cols;
  scratch.height = grid.rows;
  scratch.getContext('2d')!.putImageData(new ImageData(rgba, grid.cols, grid.rows), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, grid.x, grid.y, grid.cols * grid.cellW, grid.rows * grid.cellH);
}

/**
 * An axis that labels each row (left) or column (top) by its token. When not every label fits, it labels every
 * stride-th one and says which position it is: "20 t" on the left, the position alone on top (less room).
 */
export function tokenAxis(orient: 'left' | 'top', tokens: string[], start: number, cellPx: number, minGap: number): Axis<number> {
  const scale = scaleBand<number>().domain(range(tokens.length)).range([start, start + tokens.length * cellPx]);
  const every = labelStride(cellPx, minGap) > 1;
  const stride = labelStride(cellPx, every && orient === 'top' ? 2.2 * minGap : minGap);
  const label = (i: number) => (!every ? tokenLabel(tokens[i]) : orient === 'left' ? `${i} ${tokenLabel(tokens[i])}` : String(i));
  return (orient === 'left' ? axisLeft(scale) : axisTop(scale))
    .tickValues(strideIndices(tokens.length, stride))
    .tickFormat(label)
    .tickSize(2)
    .tickPadding(2);
}

export interface ColorLegend {
  interpolate: (t: number) => string;
  domain: [number, number];
  width: number;
  title: string;
  format?: (v: number) => string;
}

let gradients = 0;

/** A horizontal colour bar with a value axis under it and a title above it. */
export function drawColorLegend(g: Sel<SVGGElement>, spec: ColorLegend): void {
  const id = g.attr('data-gradient') ?? `gl-gradient-${++gradients}`;
  g.attr('data-gradient', id);
  ensure(g, 'linearGradient', 'grad')
    .attr('id', id)
    .selectAll('stop')
    .data(range(11).map((i) => i / 10))
    .join('stop')
    .attr('offset', (t) => `${t * 100}%`)
    .attr('stop-color', (t) => spec.interpolate(t));
  ensure(g, 'rect', 'bar').attr('width', spec.width).attr('height', 10).attr('fill', `url(#${id})`).attr('stroke', '#bbb');
  const axis = axisBottom(scaleLinear().domain(spec.domain).range([0, spec.width])).ticks(5).tickSize(3);
  if (spec.format) axis.tickFormat((v) => spec.format!(v as number));
  ensure(g, 'g', 'gl-axis ticks').attr('transform', 'translate(0,10)').call(axis);
  ensure(g, 'text', 'gl-axis-title').attr('y', -4).text(spec.title);
}
