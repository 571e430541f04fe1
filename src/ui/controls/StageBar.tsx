// The four stages that turned GPT into InstructGPT, with the objective each one optimizes, as the pipeline the
// lab trains: each stage shows its status (not started, training, paused, done, with its step) and selecting one
// shows its controls and views. SFT, the reward model and PPO open once the stage before has a checkpoint. While a stage trains the others cannot be opened (the worker trains one run at a time).
// Exercised in the browser by e2e/pipeline.e2e.mjs; the status text by stage-actions.test.ts.
import type { Stage } from '../../workers/protocol';
import { stageActions } from '../store/stage-actions';
import { STAGE_ORDER, stageOpen, stageRunState, stageStatusText } from '../store/stage-select';
import { useLab } from '../store/store';

const STAGES: Record<Stage, { title: string; objective: string }> = {
  pretrain: { title: '1 · Pretraining', objective: 'maximize Σ log P(uᵢ | uᵢ₋ₖ…uᵢ₋₁): predict the next character' },
  sft: { title: '2 · Supervised fine-tuning', objective: 'L₃ = L₂ + λ·L₁: task loss plus the language-model loss, prompt tokens masked' },
  reward: { title: '3 · Reward model', objective: '−E[log σ(r(x, y_w) − r(x, y_l))] over ranked answer pairs' },
  ppo: { title: '4 · PPO-ptx', objective: 'E[r − β·log(π_RL/π_SFT)] + γ·E[log π_RL(x)]' },
};

function StageTab({ id }: { id: Stage }) {
  const active = useLab((s) => s.activeStage === id);
  const open = useLab((s) => stageOpen(s, id));
  const busyElsewhere = useLab((s) => STAGE_ORDER.some((o) => o !== id && stageRunState(s, o) === 'running'));
  const status = useLab((s) => stageStatusText(s, id));
  const state = useLab((s) => stageRunState(s, id));
  const info = STAGES[id];
  return (
    <button
      type="button"
      className={active ? 'stage active' : 'stage'}
      data-testid={`stage-${id}`}
      data-state={state}
      aria-current={active ? 'step' : undefined}
      disabled={!open || (busyElsewhere && !active)}
      title={open ? undefined : 'Needs a checkpoint of the stage before'}
      onClick={() => stageActions.select(id)}
    >
      <strong>{info.title}</strong>
      <span className="stage-status" data-testid={`stage-status-${id}`}> — {status}</span>
      <span className="stage-objective">{info.objective}</span>
    </button>
  );
}

export function StageBar() {
  return (
    <nav className="stagebar" aria-label="Training stages">
      {STAGE_ORDER.map((id) => <StageTab key={id} id={id} />)}
    </nav>
  );
}
