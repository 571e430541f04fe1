// The language toggle in the page's header: English | 中文, each name written in its own language (so a reader
// finds theirs whatever the page shows). The choice is remembered and goes into links copied afterwards (lang.ts).
// Exercised in the browser by e2e/i18n.e2e.mjs through its data-testid hooks.
import { useTranslation } from 'react-i18next';
import { chooseLang } from '../i18n/lang';
import type { Lang } from '../i18n/i18n';
import { useLab } from '../store/store';

const NAMES: Record<Lang, string> = { en: 'English', zh: '中文' };

export function LangToggle() {
  const { t } = useTranslation();
  const lang = useLab((s) => s.experiment.lang);
  return (
    <div className="lang-toggle" role="group" aria-label={t('lang.label')} data-testid="lang-toggle">
      {(Object.keys(NAMES) as Lang[]).map((l) => (
        <button key={l} type="button" lang={l === 'zh' ? 'zh-CN' : 'en'} translate="no" data-testid={`lang-${l}`} aria-pressed={lang === l} onClick={() => chooseLang(l)}>
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}
