// The GPU the lab trains on (adapter name and the limits that bound model size) and, once a run exists, what it
// allocated.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useLab } from '../store/store';

export function AdapterInfo() {
  const adapter = useLab((s) => s.adapter);
  const summary = useLab((s) => s.summary);
  return (
    <section className="panel adapter">
      <h2>GPU</h2>
      <p data-testid="adapter">{adapter ? adapter.name : 'Opening the GPU…'}</p>
      {adapter && (
        <dl className="facts">
          <dt>Largest buffer</dt><dd>{Math.round(adapter.maxBufferMiB)} MiB</dd>
          <dt>Storage binding</dt><dd>{Math.round(adapter.maxStorageBindingMiB)} MiB</dd>
          <dt>Workgroup memory</dt><dd>{adapter.maxWorkgroupStorageKiB} KiB</dd>
          <dt>Features</dt><dd>{adapter.features.length ? adapter.features.join(', ') : 'none'}</dd>
        </dl>
      )}
      {summary && (
        <dl className="facts" data-testid="run-summary">
          <dt>Parameters</dt><dd>{summary.params.toLocaleString()}</dd>
          <dt>Vocabulary</dt><dd>{summary.vocab} characters</dd>
          <dt>Tokens</dt><dd>{summary.trainTokens.toLocaleString()} train, {summary.valTokens.toLocaleString()} validation</dd>
          <dt>GPU memory</dt><dd>{summary.memoryMiB.toFixed(1)} MiB</dd>
        </dl>
      )}
    </section>
  );
}
