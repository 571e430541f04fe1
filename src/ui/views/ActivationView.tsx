// The residual stream for the probe text: a layer picker, the (position × channel) heatmap of the chosen layer,
// per-layer mean and std over training, and the chosen layer's histogram, now and over training. Only the layer
// choice is React state.
import { useState } from 'react';
import { useLab } from '../store/store';
import { ActivationHeatmap } from './ActivationHeatmap';
import { ActivationHistogram } from './ActivationHistogram';
import { ActivationHistogramOverTime } from './ActivationHistogramOverTime';
import { ActivationStats } from './ActivationStats';
import { layerName } from './probe-data';
import { ProbeTextField } from './ProbeTextField';
import { Segmented } from './Segmented';
import { probeEmptyText, ViewFrame } from './ViewFrame';
import { useTranslation } from 'react-i18next';

export function ActivationView() {
  const [picked, setPicked] = useState(0);
  const layers = useLab((s) => s.activations?.layers ?? s.experiment.model.nLayer + 1);
  const empty = useLab((s) => s.activations === null);
  const every = useLab((s) => s.probes.every);
  const layer = Math.min(picked, layers - 1);
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('activations.title')}
      caption={t('activations.caption')}
      controls={
        <>
          <Segmented label={t('views.layer')} value={layer} onChange={setPicked} options={Array.from({ length: layers }, (_, l) => ({ value: l, label: layerName(l) }))} />
          <ProbeTextField />
        </>
      }
      empty={empty ? probeEmptyText(every) : null}
    >
      <ActivationHeatmap layer={layer} />
      <div className="gl-grid">
        <ActivationStats layer={layer} layers={layers} />
        <ActivationHistogram layer={layer} />
      </div>
      <ActivationHistogramOverTime layer={layer} />
    </ViewFrame>
  );
}
