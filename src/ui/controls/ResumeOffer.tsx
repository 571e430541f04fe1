// Offers the run saved in this browser: "Resume from step N" after a reload (naming the later stages and rankings
// it holds too), "Restart from last checkpoint" after a failed run or a lost GPU.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { actions, useLab } from '../store/store';
import { resumeSaved } from '../worker-bridge';

export function ResumeOffer() {
  const resumable = useLab((s) => s.resumable);
  const failed = useLab((s) => s.runState === 'error');
  const ready = useLab((s) => s.adapter !== null);
  if (!resumable) return null;
  return (
    <section className="panel resume">
      <p>
        {failed ? 'The last checkpoint of this run' : 'A run saved in this browser'} is at step {resumable.step}
        {resumable.stages && <span data-testid="resume-stages"> (and {resumable.stages})</span>}
        <span className="field-hint"> (saved {new Date(resumable.savedAt).toLocaleString()})</span>.
      </p>
      <div className="run-buttons">
        <button type="button" className="primary" data-testid="resume-button" disabled={!ready && !failed} onClick={() => void resumeSaved()}>
          {failed ? `Restart from last checkpoint (step ${resumable.step})` : `Resume from step ${resumable.step}`}
        </button>
        <button type="button" onClick={() => actions.setResumable(null)}>Dismiss</button>
      </div>
    </section>
  );
}
