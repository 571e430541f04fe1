// Making the reward model's data: "Make rankings" (the SFT model answers each prompt K times, the labeler orders
// the answers; progress shown), or upload a rankings .jsonl; "Clear" drops them all. Hand ranking lives in the
// views (HandRanking). Exercised in the browser by e2e/pipeline.e2e.mjs through its data-testid hooks.
import { readRankingsFile } from '../../persist/rankings-upload';
import { stageActions } from '../../store/stage-actions';
import { useLab } from '../../store/store';
import { actions } from '../../store/store';
import { makeRankings } from '../../stage-bridge';
import { useHidden, useLocked } from '../hooks';
import { useTranslation } from 'react-i18next';
import { errorSay, msg } from '../../i18n/i18n';

async function takeFile(file: File): Promise<void> {
  try {
    const records = await readRankingsFile(file);
    stageActions.replaceSource('file', records.map((r) => ({ ...r, source: 'file' as const })), { fileName: file.name });
    actions.notify('info', msg('rankings.loaded', { count: records.length, name: file.name }));
  } catch (e) {
    actions.notify('error', msg('rankings.notChanged', { why: errorSay(e) }));
  }
}

export function RankingsData() {
  const progress = useLab((s) => s.rankings.progress);
  const count = useLab((s) => s.rankings.records.length);
  const hasSft = useLab((s) => s.saved.sft !== undefined);
  const ready = useLab((s) => s.adapter !== null);
  const locked = useLocked('reward');
  const uploadHidden = useHidden('rm.upload');
  const { t } = useTranslation();
  return (
    <>
      <div className="run-buttons">
        <button type="button" className="primary" data-testid="make-rankings" disabled={!ready || !hasSft || progress !== null || locked} onClick={() => void makeRankings()} title={hasSft ? undefined : t('rankings.sftFirst')}>
          {t('rankings.make')}
        </button>
        <button type="button" data-testid="clear-rankings" disabled={count === 0 || progress !== null || locked} onClick={() => stageActions.clearRankings()}>{t('rankings.clear')}</button>
      </div>
      {progress && (
        <p className="field-hint" data-testid="rank-progress">
          <progress max={progress.total} value={progress.done} /> {t('rankings.progress', { done: progress.done, total: progress.total })}
        </p>
      )}
      {!uploadHidden && (
        <label className="field dropzone" data-testid="control-rm.upload">
          <span className="field-label">{t('rankings.upload')}</span>
          <input
            type="file"
            accept=".jsonl"
            data-testid="rankings-upload-input"
            disabled={locked}
            onChange={(ev) => {
              const file = ev.target.files?.[0];
              ev.target.value = '';
              if (file) void takeFile(file);
            }}
          />
          <span className="field-hint">{t('rankings.uploadHint', { ranked: '{"prompt": …, "ranked": [best, …, worst]}', pair: '{"prompt", "chosen", "rejected"}' })}</span>
        </label>
      )}
    </>
  );
}
