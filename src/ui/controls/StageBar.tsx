// The four stages that turned GPT into InstructGPT, with the objective each one optimizes (from the design
// document). Pretraining is the stage the lab trains today; the others are shown so a learner sees where it leads.
import type { Stage } from '../../workers/protocol';

interface StageInfo {
  id: Stage;
  title: string;
  objective: string;
}

const STAGES: StageInfo[] = [
  { id: 'pretrain', title: '1 · Pretraining', objective: 'maximize Σ log P(uᵢ | uᵢ₋ₖ…uᵢ₋₁): predict the next character' },
  { id: 'sft', title: '2 · Supervised fine-tuning', objective: 'L₃ = L₂ + λ·L₁: task loss plus the language-model loss, prompt tokens masked' },
  { id: 'reward', title: '3 · Reward model', objective: '−E[log σ(r(x, y_w) − r(x, y_l))] over ranked answer pairs' },
  { id: 'ppo', title: '4 · PPO-ptx', objective: 'E[r − β·log(π_RL/π_SFT)] + γ·E[log π_RL(x)]' },
];

const ACTIVE: Stage = 'pretrain';

export function StageBar() {
  return (
    <nav className="stagebar" aria-label="Training stages">
      {STAGES.map((s) => (
        <div key={s.id} className={s.id === ACTIVE ? 'stage active' : 'stage'} data-testid={`stage-${s.id}`} aria-current={s.id === ACTIVE ? 'step' : undefined}>
          <strong>{s.title}</strong>
          {s.id !== ACTIVE && <span className="stage-soon"> — coming next</span>}
          <div className="stage-objective">{s.objective}</div>
        </div>
      ))}
    </nav>
  );
}
