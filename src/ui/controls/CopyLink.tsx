// Shares the experiment: writes its URL into the address bar (history.replaceState), copies it to the clipboard
// where the browser allows, and shows the link either way so it can be copied by hand.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useState } from 'react';
import { experimentToQuery } from '../experiment/schema';
import { useLab } from '../store/store';
import { useTranslation } from 'react-i18next';

export function CopyLink() {
  const [link, setLink] = useState<{ url: string; copied: boolean } | null>(null);
  const { t } = useTranslation();

  async function copy() {
    const url = `${location.origin}${location.pathname}?${experimentToQuery(useLab.getState().experiment)}`;
    history.replaceState(null, '', url);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard (insecure context, permission refused): the link is shown below instead.
    }
    setLink({ url, copied });
  }

  return (
    <div className="copy-link">
      <button type="button" data-testid="copy-link" onClick={() => void copy()}>{t('copyLink.button')}</button>
      {link && (
        <label className="field">
          <span className="field-hint">{link.copied ? t('copyLink.copied') : t('copyLink.copyThis')}</span>
          <input type="text" readOnly value={link.url} data-testid="link-text" onFocus={(ev) => ev.target.select()} />
        </label>
      )}
    </div>
  );
}
