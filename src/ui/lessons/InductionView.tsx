// The in-context lesson's induction head: the attention map of the head that scored highest (queries down, keys
// across, labelled by character), with the cells an induction head should use outlined — where copying is right,
// the tokens that followed earlier occurrences of the current one — and every head's score. Exercised by e2e/lessons.e2e.mjs;
// the scores come from engine/lessons/induction.ts (tested).
import { interpolateYlGnBu } from 'd3';
import { useTranslation } from 'react-i18next';
import { copyIsRight, inductionTargets } from '../../engine/lessons/induction';
import { useLesson } from './lesson-store';

const CELL = 9;
const LABEL = 14;
const TITLE = 14; // room for the axis titles

/** Token ids for the outline test: equal characters get equal ids. */
function ids(tokens: string[]): number[] {
  const seen = new Map<string, number>();
  return tokens.map((t) => seen.get(t) ?? (seen.set(t, seen.size), seen.size - 1));
}

const shown = (t: string) => (t === '\n' ? '↵' : t === ' ' ? '␣' : t);

export function InductionView() {
  const { t } = useTranslation();
  const ind = useLesson((s) => s.induction);
  if (!ind) {
    return (
      <section className="gl-view" data-view="lesson-induction">
        <h3>{t('lessons.charts.induction.title')}</h3>
        <p className="gl-caption">{t('lessons.charts.induction.pending')}</p>
      </section>
    );
  }
  const { tokens, weights, scores } = ind;
  const T = tokens.length;
  const tok = ids(tokens);
  const size = TITLE + LABEL + T * CELL;
  const cells = [];
  for (let q = 0; q < T; q++) {
    const targets = new Set(copyIsRight(tok, q) ? inductionTargets(tok, q) : []);
    for (let k = 0; k <= q; k++) {
      const w = weights[q * T + k];
      const target = targets.has(k);
      cells.push(
        <rect key={`${q}.${k}`} x={LABEL + k * CELL} y={LABEL + q * CELL} width={CELL} height={CELL} fill={interpolateYlGnBu(Math.min(1, w))} stroke={target ? '#d7301f' : 'none'} strokeWidth={target ? 1.5 : 0}>
          <title>{`${t('lessons.charts.induction.cell', { q, qt: shown(tokens[q]), k, kt: shown(tokens[k]), w: (100 * w).toFixed(0) })}${target ? ` ${t('lessons.charts.induction.target')}` : ''}`}</title>
        </rect>,
      );
    }
  }
  const all = scores.scores.map((r, l) => r.map((x, h) => `L${l + 1}H${h + 1} ${(100 * x).toFixed(0)} %`).join(', ')).join('; ');
  return (
    <section className="gl-view" data-view="lesson-induction">
      <h3>{t('lessons.charts.induction.titleFound', { layer: scores.best.layer + 1, head: scores.best.head + 1 })}</h3>
      <p className="gl-caption">{t('lessons.charts.induction.caption', { score: (100 * scores.best.score).toFixed(0), scores: all })}</p>
      <svg width={size} height={size} data-testid="lesson-induction" role="img" aria-label={t('lessons.charts.induction.aria')}>
        <text x={TITLE + LABEL} y={10} fontSize={10}>{t('lessons.charts.induction.key')}</text>
        <text transform={`translate(10,${TITLE + LABEL}) rotate(90)`} fontSize={10}>{t('lessons.charts.induction.query')}</text>
        <g transform={`translate(${TITLE},${TITLE})`}>
          {tokens.map((c, i) => (
            <text key={`x${i}`} x={LABEL + i * CELL + CELL / 2} y={LABEL - 3} fontSize={8} textAnchor="middle">{shown(c)}</text>
          ))}
          {tokens.map((c, i) => (
            <text key={`y${i}`} x={LABEL - 3} y={LABEL + i * CELL + CELL - 1} fontSize={8} textAnchor="end">{shown(c)}</text>
          ))}
          {cells}
        </g>
      </svg>
    </section>
  );
}
