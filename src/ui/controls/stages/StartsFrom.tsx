// Which checkpoint a later stage starts (or started) from: "pretraining, step N". Shown above its controls.
// Exercised in the browser by e2e/pipeline.e2e.mjs.
import { stageInit } from '../../store/stage-select';
import type { LaterStage } from '../../store/stage-slice';
import { useLab } from '../../store/store';
import { useTranslation } from 'react-i18next';

export function StartsFrom({ stage }: { stage: LaterStage }) {
  const from = useLab((s) => s.stages[stage].from);
  const init = useLab((s) => (stage === 'ppo' ? (s.saved.reward ? s.saved.sft ?? null : null) : stageInit(s, stage)));
  const { t } = useTranslation();
  const text = from
    ? t('startsFrom.started', { from: t(`startsFrom.names.${from.stage}`), step: from.step })
    : init
      ? t('startsFrom.starts', { from: t(`startsFrom.names.${init.stage}`), step: init.step })
      : t('startsFrom.needs', { what: t(`startsFrom.needsWhat.${stage}`) });
  return <p className="field-hint" data-testid={`starts-from-${stage}`}>{text}</p>;
}
