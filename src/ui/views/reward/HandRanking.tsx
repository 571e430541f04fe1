// Ranking by hand: pick a prompt from the prompts file (or type one), let the SFT model answer it K times, put the
// answers in order — "up"/"down" buttons (keyboard and tests) or drag and drop — and add the ranking to the reward
// model's data, marked "by hand". Exercised by e2e/pipeline.e2e.mjs; the reordering by reorder.test.ts.
import { useEffect, useState } from 'react';
import { promptsOf, sampleForHand } from '../../stage-bridge';
import { stageActions } from '../../store/stage-actions';
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { moveItem } from './reorder';
import { useTranslation } from 'react-i18next';

export function HandRanking() {
  const experiment = useLab((s) => s.experiment);
  const hasSft = useLab((s) => s.saved.sft !== undefined);
  const hidden = useLab((s) => s.experiment.hide.includes('hand-ranking'));
  const [prompts, setPrompts] = useState<string[]>([]);
  const [prompt, setPrompt] = useState('');
  const [answers, setAnswers] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragged, setDragged] = useState<number | null>(null);
  const { t } = useTranslation();

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
      title={t('rewardViews.handTitle')}
      caption={t('rewardViews.handCaption')}
      empty={hasSft ? null : t('rewardViews.sftFirst')}
    >
      <div className="gl-hand" data-testid="control-hand-ranking">
        <div className="gl-controls">
          <label>
            {t('views.prompt')}
            <input type="text" size={32} list="gl-hand-prompts" data-testid="hand-prompt" value={prompt} onChange={(e) => setPrompt(e.target.value)} />
            <datalist id="gl-hand-prompts">
              {prompts.map((p) => <option key={p} value={p} />)}
            </datalist>
          </label>
          <button type="button" data-testid="hand-sample" disabled={busy || !hasSft || !prompt.trim()} onClick={() => void sample()}>
            {busy ? t('rewardViews.sampling') : t('rewardViews.sampleK', { k: experiment.reward.k })}
          </button>
        </div>
        {answers && (
          <>
            <ol aria-label={t('rewardViews.answersBestFirst')} data-testid="hand-answers">
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
                  <span className="gl-text">{a || <i>{t('views.empty')}</i>}</span>
                  <button type="button" data-testid="hand-up" aria-label={t('rewardViews.moveUp', { n: i + 1 })} disabled={i === 0} onClick={() => setAnswers(moveItem(answers, i, i - 1))}>{t('rewardViews.up')}</button>
                  <button type="button" data-testid="hand-down" aria-label={t('rewardViews.moveDown', { n: i + 1 })} disabled={i === answers.length - 1} onClick={() => setAnswers(moveItem(answers, i, i + 1))}>{t('rewardViews.down')}</button>
                </li>
              ))}
            </ol>
            <button type="button" className="primary" data-testid="hand-add" onClick={add}>{t('rewardViews.addRanking')}</button>
          </>
        )}
      </div>
    </ViewFrame>
  );
}
