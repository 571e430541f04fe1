// The GPU the lab trains on (adapter name, the limits that bound model size, and the matmul precision its
// features give: f16 inputs where the browser offers shader-f16 or subgroup matrices, else f32) and, once a run
// exists, what it allocated.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useLab } from '../store/store';
import { useTranslation } from 'react-i18next';
import { autoPathOfOpenedFeatures, type MatmulPath } from '../../kernels/matmul/precision';

/** The catalogue key naming each matmul path. */
const PATH_KEYS: Record<MatmulPath, string> = {
  f32: 'adapter.precisionF32',
  f16: 'adapter.precisionF16',
  'subgroup-matrix': 'adapter.precisionSubgroupMatrix',
};

export function AdapterInfo() {
  const adapter = useLab((s) => s.adapter);
  const summary = useLab((s) => s.summary);
  const forcedF32 = useLab((s) => s.experiment.precision === 'f32'); // the link's `precision=f32`
  const { t } = useTranslation();
  return (
    <section className="panel adapter">
      <h2>{t('adapter.title')}</h2>
      <p data-testid="adapter" translate="no">{adapter ? adapter.name : t('adapter.opening')}</p>
      {adapter && (
        <dl className="facts">
          <dt>{t('adapter.largestBuffer')}</dt><dd>{Math.round(adapter.maxBufferMiB)} MiB</dd>
          <dt>{t('adapter.storageBinding')}</dt><dd>{Math.round(adapter.maxStorageBindingMiB)} MiB</dd>
          <dt>{t('adapter.workgroupMemory')}</dt><dd>{adapter.maxWorkgroupStorageKiB} KiB</dd>
          <dt>{t('adapter.features')}</dt><dd translate="no">{adapter.features.length ? adapter.features.join(', ') : t('adapter.none')}</dd>
          <dt>{t('adapter.precision')}</dt><dd data-testid="matmul-precision">{t(PATH_KEYS[forcedF32 ? 'f32' : autoPathOfOpenedFeatures(adapter.features)])}</dd>
        </dl>
      )}
      {summary && (
        <dl className="facts" data-testid="run-summary">
          <dt>{t('adapter.parameters')}</dt><dd>{t('adapter.int', { n: summary.params })}</dd>
          <dt>{t('adapter.vocabulary')}</dt><dd>{t('adapter.vocabChars', { count: summary.vocab })}</dd>
          <dt>{t('adapter.tokens')}</dt><dd>{t('adapter.tokensSplit', { train: summary.trainTokens, val: summary.valTokens })}</dd>
          <dt>{t('adapter.gpuMemory')}</dt><dd>{summary.memoryMiB.toFixed(1)} MiB</dd>
        </dl>
      )}
    </section>
  );
}
