// The visitor's own training text: a .txt file picked here or dropped anywhere on the page. It is checked
// (persist/upload.ts) against the current context length; a refused file leaves the current data in place.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useEffect } from 'react';
import { UPLOADED_DATASET } from '../experiment/types';
import { MAX_UPLOAD_BYTES, readUpload } from '../persist/upload';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';
import { useTranslation } from 'react-i18next';
import { errorSay, msg, sentence } from '../i18n/i18n';
import { datasetTitleSay } from '../i18n/names';

async function takeFile(file: File): Promise<void> {
  const s = useLab.getState();
  if (s.runState === 'running' || s.runState === 'paused') {
    actions.notify('warning', msg('upload.resetFirst', { name: file.name }));
    return;
  }
  try {
    const text = await readUpload(file, s.experiment.model.blockSize);
    actions.setUpload({ name: file.name, text });
    actions.setExperiment({ ...useLab.getState().experiment, dataset: UPLOADED_DATASET });
    const chars = Array.from(text);
    actions.notify('info', msg('upload.training', { name: file.name, chars: chars.length, distinct: new Set(chars).size }));
  } catch (e) {
    const keep = s.experiment.dataset === UPLOADED_DATASET ? msg('upload.yourText', { name: s.upload?.name }) : datasetTitleSay(s.experiment.dataset);
    actions.notify('error', msg('upload.refused', { why: sentence(errorSay(e)), keep }));
  }
}

export function UploadInput() {
  const { t } = useTranslation();
  const hidden = useHidden('upload');
  const locked = useLocked();

  useEffect(() => {
    if (hidden) return;
    const over = (ev: DragEvent) => {
      if (ev.dataTransfer?.types.includes('Files')) ev.preventDefault();
    };
    const drop = (ev: DragEvent) => {
      const file = ev.dataTransfer?.files[0];
      if (!file) return;
      ev.preventDefault();
      void takeFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [hidden]);

  if (hidden) return null;
  return (
    <label className="field dropzone" data-testid="control-upload">
      <span className="field-label">{t('upload.label')}</span>
      <input
        type="file"
        accept=".txt,text/plain"
        data-testid="upload-input"
        disabled={locked}
        onChange={(ev) => {
          const file = ev.target.files?.[0];
          ev.target.value = '';
          if (file) void takeFile(file);
        }}
      />
      <span className="field-hint">{t('upload.hint', { mb: MAX_UPLOAD_BYTES / 2 ** 20 })}</span>
    </label>
  );
}
