// Checkpoints as files: download the current weights as .safetensors (Hugging Face GPT-2 names), or start a
// run from a file's weights (its model size replaces the current one).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useLab } from '../store/store';
import { exportCheckpoint, importCheckpoint } from '../worker-bridge';
import { useLocked } from './hooks';

export function CheckpointFiles() {
  const canExport = useLab((s) => s.summary !== null && s.runState !== 'running' && s.runState !== 'error');
  const ready = useLab((s) => s.adapter !== null);
  const locked = useLocked();
  return (
    <div className="checkpoint-files">
      <button type="button" data-testid="export-button" disabled={!canExport} onClick={() => void exportCheckpoint()} title="Pause or finish the run first">
        Download weights (.safetensors)
      </button>
      <label className="field">
        <span className="field-label">Start from weights</span>
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
