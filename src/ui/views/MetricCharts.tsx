// Small multiples of the training run's vital signs against step: learning rate, gradient norm before clipping,
// throughput and step time. Each is a MetricChart; this file only lays them out and explains them.
import { format } from 'd3';
import { useLab } from '../store/store';
import { MetricChart } from './MetricChart';
import { ViewFrame } from './ViewFrame';
import { useTranslation } from 'react-i18next';

const si = format('.3~s');
const sci = (v: number) => (v === 0 ? '0' : format('.1~e')(v));

export function MetricCharts() {
  const empty = useLab((s) => s.metrics.length === 0);
  const clip = useLab((s) => s.experiment.train.gradClip);
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('metrics.title')}
      caption={t('metrics.caption')}
      empty={empty ? t('views.appearsOnTraining') : null}
    >
      <div className="gl-grid">
        <MetricChart column="lr" title={t('metrics.lr')} yLabel={t('metrics.lrAxis')} yFormat={sci} color="#2b8a3e" />
        <MetricChart column="gradNorm" title={t('metrics.gradNorm')} yLabel={t('metrics.gradNormAxis')} yFormat={format('.2~f')} color="#c2255c" refLine={clip > 0 ? { y: clip, label: t('metrics.clipAt', { clip }) } : null} />
        <MetricChart column="tokensPerSec" title={t('metrics.throughput')} yLabel={t('metrics.throughputAxis')} yFormat={si} color="#5f3dc4" />
        <MetricChart column="stepMs" title={t('metrics.stepTime')} yLabel={t('metrics.stepTimeAxis')} yFormat={format('.3~r')} color="#e67700" />
      </div>
    </ViewFrame>
  );
}
