// The visitor's own training text: a .txt file picked here or dropped anywhere on the page. It is checked
// (persist/upload.ts) against the current context length; a refused file leaves the current data in place.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useEffect } from 'react';
import { datasetTitle } from '../experiment/schema';
import { UPLOADED_DATASET } from '../experiment/types';
import { MAX_UPLOAD_BYTES, readUpload } from '../persist/upload';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';

async function takeFile(file: File): Promise<void> {
  const s = useLab.getState();
  if (s.runState === 'running' || s.runState === 'paused') {
    actions.notify('warning', `Reset the run before changing its text ("${file.name}" was not used).`);
    return;
  }
  try {
    const text = await readUpload(file, s.experiment.model.blockSize);
    actions.setUpload({ name: file.name, text });
    actions.setExperiment({ ...useLab.getState().experiment, dataset: UPLOADED_DATASET });
    const chars = Array.from(text);
    actions.notify('info', `Training on your text "${file.name}": ${chars.length.toLocaleString()} characters, ${new Set(chars).size} distinct.`);
  } catch (e) {
    const keep = s.experiment.dataset === UPLOADED_DATASET ? `your text "${s.upload?.name}"` : datasetTitle(s.experiment.dataset);
    const why = e instanceof Error ? e.message : String(e);
    actions.notify('error', `${why}${why.endsWith('.') ? '' : '.'} Still using ${keep}.`);
  }
}

export function UploadInput() {
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
      <span className="field-label">Your own text</span>
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
      <span className="field-hint">A .txt file up to {MAX_UPLOAD_BYTES / 2 ** 20} MB: pick it here or drop it anywhere on the page. It stays in this browser and never goes into shared links.</span>
    </label>
  );
}
