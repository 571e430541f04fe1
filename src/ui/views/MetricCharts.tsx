// Small multiples of the training run's vital signs against step: learning rate, gradient norm before clipping,
// throughput and step time. Each is a MetricChart; this file only lays them out and explains them.
import { format } from 'd3';
import { useLab } from '../store/store';
import { MetricChart } from './MetricChart';
import { ViewFrame } from './ViewFrame';

const si = format('.3~s');
const sci = (v: number) => (v === 0 ? '0' : format('.1~e')(v));

export function MetricCharts() {
  const empty = useLab((s) => s.metrics.length === 0);
  const clip = useLab((s) => s.experiment.train.gradClip);
  return (
    <ViewFrame
      title="Training signals"
      caption="The learning rate follows its schedule (warm up, then decay). The gradient norm is how big each update wants to be before it is clipped to the dashed line. Speed is measured per optimizer step."
      empty={empty ? 'Appears when training starts.' : null}
    >
      <div className="gl-grid">
        <MetricChart column="lr" title="Learning rate" yLabel="learning rate" yFormat={sci} color="#2b8a3e" />
        <MetricChart column="gradNorm" title="Gradient norm (before clipping)" yLabel="L2 norm" yFormat={format('.2~f')} color="#c2255c" refLine={clip > 0 ? { y: clip, label: `clip at ${clip}` } : null} />
        <MetricChart column="tokensPerSec" title="Throughput" yLabel="tokens / s" yFormat={si} color="#5f3dc4" />
        <MetricChart column="stepMs" title="Step time" yLabel="ms per step" yFormat={format('.3~r')} color="#e67700" />
      </div>
    </ViewFrame>
  );
}
