// SFT's loss against step: the training loss L3 = L2 + λ·L1 (raw and smoothed) and the held-out completion loss
// (L2 on validation examples) as markers, in nats per token. Exercised by e2e/pipeline.e2e.mjs (data-points).
import { format } from 'd3';
import { useLab } from '../../store/store';
import { Legend } from '../Legend';
import { StageLineChart } from '../StageLineChart';
import { ViewFrame } from '../ViewFrame';
import { useTranslation } from 'react-i18next';

const TRAIN = '#1f5fa8';
const VAL = '#e8590c';

export function SftLossChart() {
  const empty = useLab((s) => s.stages.sft.metrics.length === 0);
  const lambda = useLab((s) => s.experiment.sft.lambda);
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('sftViews.lossTitle')}
      caption={t('sftViews.lossCaption', { lambda })}
      empty={empty ? t('sftViews.appears') : null}
    >
      <Legend
        entries={[
          { label: t('sftViews.trainEach'), color: TRAIN, opacity: 0.35 },
          { label: t('sftViews.trainSmoothed'), color: TRAIN },
          { label: t('sftViews.heldOut'), color: VAL, kind: 'dot' },
        ]}
      />
      <StageLineChart stage="sft" column="loss" val="loss" yLabel={t('sftViews.lossAxis')} yFormat={format('.2~f')} color={TRAIN} valColor={VAL} valName={t('sftViews.heldOutName')} testId="sft-loss-chart" height={260} />
    </ViewFrame>
  );
}
