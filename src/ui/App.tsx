// A minimal page for the engine: trains the `tiny` preset on a bundled corpus in the worker and prints the
// losses. `?autorun=1&steps=N&dataset=ID` starts at once (used by the end-to-end test).
import * as Comlink from 'comlink';
import { useEffect, useRef, useState } from 'react';
import { DATASETS } from '../engine/data/datasets';
import { STEP_COLUMNS, type TrainerEvent } from '../workers/protocol';
import { startTrainerWorker } from './trainer-client';

type Status = 'idle' | 'running' | 'done' | 'error';

export function App() {
  const query = new URLSearchParams(location.search);
  const [dataset, setDataset] = useState(query.get('dataset') ?? DATASETS[0].id);
  const [steps, setSteps] = useState(Number(query.get('steps') ?? 100));
  const [status, setStatus] = useState<Status>('idle');
  const [adapter, setAdapter] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [losses, setLosses] = useState<number[]>([]);
  const started = useRef(false);

  async function train() {
    setStatus('running');
    setLines([]);
    setLosses([]);
    const { api, worker } = startTrainerWorker();
    try {
      const info = await api.open();
      setAdapter(info.name);
      const text = await (await fetch(`${import.meta.env.BASE_URL}datasets/${DATASETS.find((d) => d.id === dataset)!.file}`)).text();
      const run = await api.create({ text, preset: 'tiny', train: { steps, evalEvery: 0 } });
      setLines((l) => [...l, `tiny: ${run.params} parameters, vocabulary ${run.vocab}, ${run.trainTokens} training tokens`]);
      await new Promise<void>((resolve, reject) => {
        const onEvent = (e: TrainerEvent) => {
          if (e.type === 'steps') {
            const k = STEP_COLUMNS.length;
            const newLosses: number[] = [];
            const newLines: string[] = [];
            for (let r = 0; r < e.rows.length / k; r++) {
              const row = e.rows.subarray(r * k, (r + 1) * k);
              newLosses.push(row[1]);
              newLines.push(`step ${row[0]}  loss ${row[1].toFixed(4)}  ${Math.round(row[5])} tok/s`);
            }
            setLosses((l) => [...l, ...newLosses]);
            setLines((l) => [...l, ...newLines]);
          } else if (e.type === 'val') setLines((l) => [...l, `step ${e.step}  val loss ${e.loss.toFixed(4)}`]);
          else if (e.type === 'done') resolve();
          else reject(new Error(e.message));
        };
        api.run(steps, Comlink.proxy(onEvent)).catch(reject);
      });
      setStatus('done');
    } catch (e) {
      setLines((l) => [...l, `error: ${e instanceof Error ? e.message : String(e)}`]);
      setStatus('error');
    } finally {
      worker.terminate();
    }
  }

  useEffect(() => {
    if (query.get('autorun') === '1' && !started.current) {
      started.current = true;
      void train();
    }
  });

  const hasWebGpu = typeof navigator !== 'undefined' && 'gpu' in navigator;
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 760, margin: '2rem auto', padding: '0 1rem' }}>
      <h1>GPT Lab</h1>
      {!hasWebGpu && <p role="alert">This browser has no WebGPU. Use a recent Chrome or Edge, or enable WebGPU in your browser's flags.</p>}
      <p>
        Train the <code>tiny</code> GPT on{' '}
        <select value={dataset} onChange={(e) => setDataset(e.target.value)} disabled={status === 'running'}>
          {DATASETS.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
        </select>{' '}
        for <input type="number" min={1} max={100000} value={steps} onChange={(e) => setSteps(Number(e.target.value))} style={{ width: '6em' }} disabled={status === 'running'} /> steps{' '}
        <button onClick={() => void train()} disabled={status === 'running' || !hasWebGpu}>Train</button>
      </p>
      <p>Adapter: <span id="adapter">{adapter || '—'}</span> · Status: <span id="status" data-status={status}>{status}</span></p>
      <pre id="log" data-losses={JSON.stringify(losses)} style={{ background: '#f4f4f4', padding: '1rem', maxHeight: '60vh', overflow: 'auto' }}>{lines.join('\n')}</pre>
    </main>
  );
}
