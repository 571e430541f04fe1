// Ranking by hand: pick a prompt from the prompts file (or type one), let the SFT model answer it K times, put the
// answers in order — "up"/"down" buttons (keyboard and tests) or drag and drop — and add the ranking to the reward
// model's data, marked "by hand". Exercised by e2e/pipeline.e2e.mjs; the reordering by reorder.test.ts.
import { useEffect, useState } from 'react';
import { promptsOf, sampleForHand } from '../../stage-bridge';
import { stageActions } from '../../store/stage-actions';
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { moveItem } from './reorder';

export function HandRanking() {
  const experiment = useLab((s) => s.experiment);
  const hasSft = useLab((s) => s.saved.sft !== undefined);
  const hidden = useLab((s) => s.experiment.hide.includes('hand-ranking'));
  const [prompts, setPrompts] = useState<string[]>([]);
  const [prompt, setPrompt] = useState('');
  const [answers, setAnswers] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragged, setDragged] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    promptsOf(experiment).then((ps) => live && setPrompts(ps), () => live && setPrompts([]));
    return () => {
      live = false;
    };
  }, [experiment]);
  useEffect(() => {
    if (!prompt && prompts.length) setPrompt(prompts[0]);
  }, [prompts, prompt]);
  if (hidden) return null;

  async function sample() {
    setBusy(true);
    setAnswers(await sampleForHand(prompt));
    setBusy(false);
  }
  function add() {
    if (!answers) return;
    stageActions.addRanking({ prompt, ranked: answers, source: 'hand' });
    setAnswers(null);
  }

  return (
    <ViewFrame
      title="Rank answers yourself"
      caption="Be the labeler: the SFT model answers a prompt K times; put the answers in order, best first, and add your ranking to the reward model's data."
      empty={hasSft ? null : 'Train the SFT model first: its answers are what you rank.'}
    >
      <div className="gl-hand" data-testid="control-hand-ranking">
        <div className="gl-controls">
          <label>
            prompt
            <input type="text" size={32} list="gl-hand-prompts" data-testid="hand-prompt" value={prompt} onChange={(e) => setPrompt(e.target.value)} />
            <datalist id="gl-hand-prompts">
              {prompts.map((p) => <option key={p} value={p} />)}
            </datalist>
          </label>
          <button type="button" data-testid="hand-sample" disabled={busy || !hasSft || !prompt.trim()} onClick={() => void sample()}>
            {busy ? 'Sampling…' : `Sample ${experiment.reward.k} answers`}
          </button>
        </div>
        {answers && (
          <>
            <ol aria-label="Answers, best first" data-testid="hand-answers">
              {answers.map((a, i) => (
                <li
                  key={`${i}-${a}`}
                  data-testid="hand-answer"
                  draggable
                  onDragStart={() => setDragged(i)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={() => {
                    if (dragged !== null) setAnswers(moveItem(answers, dragged, i));
                    setDragged(null);
                  }}
                >
                  <span className="gl-text">{a || <i>(empty)</i>}</span>
                  <button type="button" data-testid="hand-up" aria-label={`Move answer ${i + 1} up`} disabled={i === 0} onClick={() => setAnswers(moveItem(answers, i, i - 1))}>up</button>
                  <button type="button" data-testid="hand-down" aria-label={`Move answer ${i + 1} down`} disabled={i === answers.length - 1} onClick={() => setAnswers(moveItem(answers, i, i + 1))}>down</button>
                </li>
              ))}
            </ol>
            <button type="button" className="primary" data-testid="hand-add" onClick={add}>Add ranking</button>
          </>
        )}
      </div>
    </ViewFrame>
  );
}
