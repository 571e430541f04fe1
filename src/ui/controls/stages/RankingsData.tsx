// Making the reward model's data: "Make rankings" (the SFT model answers each prompt K times, the labeler orders
// the answers; progress shown), or upload a rankings .jsonl; "Clear" drops them all. Hand ranking lives in the
// views (HandRanking). Exercised in the browser by e2e/pipeline.e2e.mjs through its data-testid hooks.
import { readRankingsFile } from '../../persist/rankings-upload';
import { stageActions } from '../../store/stage-actions';
import { useLab } from '../../store/store';
import { actions } from '../../store/store';
import { makeRankings } from '../../stage-bridge';
import { useHidden, useLocked } from '../hooks';

async function takeFile(file: File): Promise<void> {
  try {
    const records = await readRankingsFile(file);
    stageActions.replaceSource('file', records.map((r) => ({ ...r, source: 'file' as const })), { fileName: file.name });
    actions.notify('info', `Loaded ${records.length} rankings from "${file.name}".`);
  } catch (e) {
    actions.notify('error', `${e instanceof Error ? e.message : String(e)} The rankings were not changed.`);
  }
}

export function RankingsData() {
  const progress = useLab((s) => s.rankings.progress);
  const count = useLab((s) => s.rankings.records.length);
  const hasSft = useLab((s) => s.saved.sft !== undefined);
  const ready = useLab((s) => s.adapter !== null);
  const locked = useLocked('reward');
  const uploadHidden = useHidden('rm.upload');
  return (
    <>
      <div className="run-buttons">
        <button type="button" className="primary" data-testid="make-rankings" disabled={!ready || !hasSft || progress !== null || locked} onClick={() => void makeRankings()} title={hasSft ? undefined : 'Train the SFT model first'}>
          Make rankings
        </button>
        <button type="button" data-testid="clear-rankings" disabled={count === 0 || progress !== null || locked} onClick={() => stageActions.clearRankings()}>Clear</button>
      </div>
      {progress && (
        <p className="field-hint" data-testid="rank-progress">
          <progress max={progress.total} value={progress.done} /> ranked {progress.done} of {progress.total} prompts
        </p>
      )}
      {!uploadHidden && (
        <label className="field dropzone" data-testid="control-rm.upload">
          <span className="field-label">Upload rankings</span>
          <input
            type="file"
            accept=".jsonl"
            data-testid="rankings-upload-input"
            disabled={locked}
            onChange={(ev) => {
              const file = ev.target.files?.[0];
              ev.target.value = '';
              if (file) void takeFile(file);
            }}
          />
          <span className="field-hint">JSON Lines: {'{"prompt": …, "ranked": [best, …, worst]}'} or {'{"prompt", "chosen", "rejected"}'}. Replaces earlier uploaded rankings.</span>
        </label>
      )}
    </>
  );
}
