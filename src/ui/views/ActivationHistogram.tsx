// Histogram of every value of the residual stream at the selected layer (all positions × channels of the probe
// text): its shape shows whether the signal is centred, how wide it is, and whether outliers appear.
import { axisBottom, axisLeft, format, max, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';
import { useLab } from '../store/store';
import { ensure, type Sel } from './d3-ensure';
import { MARGIN } from './draw-line-chart';
import { layerHistogram, layerName } from './probe-data';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.activations];
const HEIGHT = 170;

export function ActivationHistogram({ layer }: { layer: number }) {
  const box = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const view = useLab.getState().activations;
    const counts = view ? layerHistogram(view, Math.min(layer, view.layers - 1)) : new Float32Array(0);
    const w = width - MARGIN.left - MARGIN.right;
    const h = HEIGHT - MARGIN.top - MARGIN.bottom;
    const x = scaleLinear().domain(view ? [view.histMin, view.histMax] : [-1, 1]).range([0, w]);
    const y = scaleLinear().domain([0, max(counts) || 1]).range([h, 0]).nice();
    const binW = w / Math.max(counts.length, 1);
    const svg = select(svgRef.current!).attr('width', width).attr('height', HEIGHT) as unknown as Sel<SVGSVGElement>;
    const plot = ensure(svg, 'g', 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    ensure(plot, 'g', 'bars')
      .selectAll('rect')
      .data(counts)
      .join('rect')
      .attr('fill', '#1f5fa8')
      .attr('x', (_, i) => i * binW)
      .attr('width', Math.max(binW - 0.5, 0.5))
      .attr('y', (c) => y(c))
      .attr('height', (c) => h - y(c));
    ensure(plot, 'g', 'gl-axis x').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(w / 60))).tickFormat(format('.2~f')));
    ensure(plot, 'g', 'gl-axis y').call(axisLeft(y).tickValues(y.ticks(4).filter(Number.isInteger)).tickFormat(format('~s')));
    ensure(plot, 'text', 'gl-axis-title x').attr('x', w / 2).attr('y', h + 31).attr('text-anchor', 'middle').text(t('activations.value'));
    ensure(plot, 'text', 'gl-axis-title y').attr('transform', `translate(${-MARGIN.left + 12},${h / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(t('activations.count'));
  });
  useEffect(request, [layer, request]);
  const { t: tr } = useTranslation();
  return (
    <div className="gl-chart" ref={box}>
      <div className="gl-sub">{tr('activations.histogram', { layer: layerName(layer) })}</div>
      <svg ref={svgRef} />
    </div>
  );
}
