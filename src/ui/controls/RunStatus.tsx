// The run state and the step counter. The counter is its own tiny component: it is the only thing that
// re-renders on every metrics batch.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useLab } from '../store/store';

function StepCounter() {
  const step = useLab((s) => s.step);
  return <span data-testid="step">{step}</span>;
}

export function RunStatus() {
  const runState = useLab((s) => s.runState);
  const steps = useLab((s) => s.experiment.train.steps);
  return (
    <div className="run-status" aria-live="polite">
      <span className={`badge state-${runState}`} data-testid="run-state">{runState}</span>
      <span className="step-count">step <StepCounter /> / {steps}</span>
    </div>
  );
}
