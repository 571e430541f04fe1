// A lesson's findings (engine/lessons/lesson-summary.ts) in the reader's language, from the message catalogues
// (lessons.findings.*). Tested by findings.test.ts.
import type { Finding } from '../../engine/lessons/lesson-summary';
import { t } from '../i18n/i18n';

export function findingText(f: Finding): string {
  switch (f.kind) {
    case 'shots':
      return t('lessons.findings.shots', { ...f, count: f.k });
    case 'cot':
      return t('lessons.findings.cot', { ...f, run: t(`lessons.runs.${f.run}`), byTask: f.byTask.map((x) => `${x.task} ${x.acc} %`).join(', ') });
    default:
      return t(`lessons.findings.${f.kind}`, { ...f });
  }
}
