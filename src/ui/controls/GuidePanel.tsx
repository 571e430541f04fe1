// The guided lesson of a classroom link (`guide=`): its steps, and the starting loss ln V for this run's
// vocabulary once it is known.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { GUIDES } from '../experiment/guides';
import { useLab } from '../store/store';

export function GuidePanel() {
  const id = useLab((s) => s.experiment.guide);
  const vocab = useLab((s) => s.summary?.vocab);
  const guide = id ? GUIDES[id] : undefined;
  if (!guide) return null;
  return (
    <section className="panel guide" data-testid="guide">
      <h2>{guide.title}</h2>
      <ol>
        {guide.steps.map((step) => <li key={step}>{step}</li>)}
      </ol>
      {vocab !== undefined && (
        <p className="guide-fact">
          This text has V = {vocab} distinct characters, so an untrained model's loss is about ln {vocab} = {Math.log(vocab).toFixed(2)}.
        </p>
      )}
    </section>
  );
}
