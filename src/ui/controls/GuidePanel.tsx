// The guided lesson of a classroom link (`guide=`): its steps (in Chinese when the page is, or the corpus is, and
// the lesson has them), and on the pretraining stage the starting loss ln V for this run's
// vocabulary once it is known.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { GUIDES } from '../experiment/guides';
import { useLab } from '../store/store';
import { useTranslation } from 'react-i18next';

export function GuidePanel() {
  const id = useLab((s) => s.experiment.guide);
  const vocab = useLab((s) => (s.activeStage === 'pretrain' ? s.summary?.vocab : undefined));
  const chinese = useLab((s) => s.experiment.lang === 'zh' || s.experiment.dataset === 'stories-zh');
  const { t } = useTranslation();
  const found = id ? GUIDES[id] : undefined;
  if (!found) return null;
  const guide = chinese && found.zh ? found.zh : found;
  return (
    <section className="panel guide" data-testid="guide" data-guide={id}>
      <h2>{guide.title}</h2>
      <ol>
        {guide.steps.map((step) => <li key={step}>{step}</li>)}
      </ol>
      {vocab !== undefined && (
        <p className="guide-fact">
          {t('guide.fact', { vocab, ln: Math.log(vocab).toFixed(2) })}
        </p>
      )}
    </section>
  );
}
