// Checkpoints as files: download the weights of the stage on screen as .safetensors (Hugging Face GPT-2 names; the
// reward model as a sequence classifier), export the stage's run for PyTorch as one zip (a Hugging Face model
// folder with the data and train_ddp.py, loaded on demand: src/ui/persist/export-run.ts), or start a pretraining
// run from a file's weights (its model size replaces the current one; SFT can start from it too).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useState } from 'react';
import { errorSay, msg } from '../i18n/i18n';
import { stageRunState } from '../store/stage-select';
import { actions, useLab } from '../store/store';
import { exportCheckpoint, importCheckpoint } from '../worker-bridge';
import { useLocked } from './hooks';
import { useTranslation } from 'react-i18next';

/** Builds and downloads the zip of the stage on screen; a failure becomes a notice. */
async function exportRun(): Promise<void> {
  try {
    const { exportRunZip } = await import('../persist/export-run');
    await exportRunZip();
  } catch (e) {
    actions.notify('error', msg('notices.exportFailed', { why: errorSay(e) }));
  }
}

/** The run export button: pretraining, SFT and the reward model (train_ddp.py does not continue PPO). */
function ExportRunButton({ canExport }: { canExport: boolean }) {
  const { t } = useTranslation();
  const ppo = useLab((s) => s.activeStage === 'ppo');
  const [busy, setBusy] = useState(false);
  const title = ppo ? t('exportRun.notPpo') : canExport ? t('exportRun.hint') : t('checkpoint.pauseFirst');
  const onClick = () => {
    setBusy(true);
    void exportRun().finally(() => setBusy(false));
  };
  return (
    <button type="button" data-testid="export-run-button" disabled={!canExport || ppo || busy} onClick={onClick} title={title}>
      {busy ? t('exportRun.busy') : t('exportRun.button')}
    </button>
  );
}

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
      <ExportRunButton canExport={canExport} />
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
