// The whole page for a browser that cannot run WebGPU: what is missing and how to get it, in the page's language.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { Trans, useTranslation } from 'react-i18next';
import { useLab } from '../store/store';

const MARKUP = { strong: <strong />, code: <code />, em: <em /> };

export function NoWebGpu() {
  const problem = useLab((s) => s.webgpuProblem);
  const { t } = useTranslation();
  return (
    <main className="no-webgpu" data-testid="no-webgpu">
      <h1>{t('noWebgpu.title')}</h1>
      <p>
        {t('noWebgpu.intro')}{' '}
        {problem ? t('noWebgpu.noAdapter') : t('noWebgpu.missing')}
      </p>
      {problem && <pre className="problem">{problem}</pre>}
      <h2>{t('noWebgpu.howTo')}</h2>
      <ul>
        <li><Trans i18nKey="noWebgpu.chrome" components={MARKUP} /></li>
        <li><Trans i18nKey="noWebgpu.flags" components={MARKUP} /></li>
        <li><Trans i18nKey="noWebgpu.safari" components={MARKUP} /></li>
        <li><Trans i18nKey="noWebgpu.firefox" components={MARKUP} /></li>
      </ul>
      <p>{t('noWebgpu.school')}</p>
    </main>
  );
}
