// The lab's views: d3 components with no props that read the store (src/ui/store) themselves. Pure logic they
// use (smoothing, scales, token labels, heatmap layout, colour tables, probe slicing) is unit-tested beside them;
// the components themselves are checked by rendering them with fake store data in headless Chromium.
import './views.css';

export { ActivationView } from './ActivationView';
export { AttentionView } from './AttentionView';
export { EmbeddingMap } from './EmbeddingMap';
export { LossChart } from './LossChart';
export { MetricCharts } from './MetricCharts';
export { SamplesPanel } from './SamplesPanel';
