// Notices for the visitor (link problems, refused files, errors), each dismissible, worded in the page's language
// when they carry a catalogue key (i18n.ts `Say`).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { actions, useLab } from '../store/store';
import { useTranslation } from 'react-i18next';
import { say } from '../i18n/i18n';

export function Notices() {
  const notices = useLab((s) => s.notices);
  const { t } = useTranslation();
  if (!notices.length) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n) => (
        <li key={n.id} className={`notice notice-${n.level}`} data-testid="notice" data-level={n.level}>
          <span>{say(n.text)}</span>
          <button type="button" aria-label={t('notices.dismiss')} onClick={() => actions.dismiss(n.id)} />
        </li>
      ))}
    </ul>
  );
}
