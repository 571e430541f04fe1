// The reward model's pairwise accuracy and margin against step: training batches (raw and smoothed) and held-out
// evaluations (markers), with chance (0.5) and zero as dashed lines. Two small StageLineCharts; this file lays
// them out and explains them. Exercised by e2e/pipeline.e2e.mjs (data-points of reward-accuracy-chart).
import { format } from 'd3';
import { useLab } from '../../store/store';
import { Legend } from '../Legend';
import { StageLineChart } from '../StageLineChart';
import { ViewFrame } from '../ViewFrame';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const TRAIN = '#1f5fa8';
const VAL = '#e8590c';

export function RewardCurves() {
  const empty = useLab((s) => s.stages.reward.metrics.length === 0);
  const { t } = useTranslation();
  const chance = useMemo(() => [{ y: 0.5, label: t('rewardViews.chance') }], [t]);
  const zero = useMemo(() => [{ y: 0, label: t('rewardViews.noPreference') }], [t]);
  return (
    <ViewFrame
      title={t('rewardViews.curvesTitle')}
      caption={t('rewardViews.curvesCaption')}
      empty={empty ? t('rewardViews.curvesEmpty') : null}
    >
      <Legend
        entries={[
          { label: t('rewardViews.trainingBatch'), color: TRAIN, opacity: 0.35 },
          { label: t('rewardViews.trainingSmoothed'), color: TRAIN },
          { label: t('rewardViews.heldOutPairs'), color: VAL, kind: 'dot' },
        ]}
      />
      <div className="gl-grid">
        <div>
          <div className="gl-sub">{t('rewardViews.accuracy')}</div>
          <StageLineChart stage="reward" column="accuracy" val="accuracy" yLabel={t('rewardViews.accuracyAxis')} yFormat={format('.0%')} color={TRAIN} valColor={VAL} valName={t('rewardViews.heldOutAccuracy')} refLines={chance} testId="reward-accuracy-chart" height={190} />
        </div>
        <div>
          <div className="gl-sub">{t('rewardViews.margin')}</div>
          <StageLineChart stage="reward" column="margin" val="margin" yLabel={t('rewardViews.marginAxis')} yFormat={format('.2~g')} color={TRAIN} valColor={VAL} valName={t('rewardViews.heldOutMargin')} refLines={zero} testId="reward-margin-chart" height={190} />
        </div>
      </div>
    </ViewFrame>
  );
}
