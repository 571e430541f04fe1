// Checkpoints as files: download the weights of the stage on screen as .safetensors (Hugging Face GPT-2 names; the
// reward model as a sequence classifier), or start a pretraining run from a file's weights (its model size
// replaces the current one; SFT can start from it too).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { stageRunState } from '../store/stage-select';
import { useLab } from '../store/store';
import { exportCheckpoint, importCheckpoint } from '../worker-bridge';
import { useLocked } from './hooks';
import { useTranslation } from 'react-i18next';

export function CheckpointFiles() {
  const canExport = useLab((s) => {
    const stage = s.activeStage;
    const state = stageRunState(s, stage);
    const exists = stage === 'pretrain' ? s.summary !== null || s.saved.pretrain !== undefined : s.saved[stage] !== undefined;
    return exists && state !== 'running' && state !== 'error';
  });
  const ready = useLab((s) => s.adapter !== null);
  const pretrainLocked = useLocked();
  const otherStage = useLab((s) => s.activeStage !== 'pretrain');
  const locked = pretrainLocked || otherStage;
  const { t } = useTranslation();
  return (
    <div className="checkpoint-files">
      <button type="button" data-testid="export-button" disabled={!canExport} onClick={() => void exportCheckpoint()} title={t('checkpoint.pauseFirst')}>
        {t('checkpoint.download')}
      </button>
      <label className="field">
        <span className="field-label">{t('checkpoint.startFrom')}</span>
        <input
          type="file"
          accept=".safetensors"
          data-testid="import-input"
          disabled={!ready || locked}
          onChange={(ev) => {
            const file = ev.target.files?.[0];
            ev.target.value = '';
            if (file) void importCheckpoint(file);
          }}
        />
      </label>
    </div>
  );
}
