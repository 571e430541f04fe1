// The lab page: notices on top, controls on the left, the views in a responsive grid on the right (each view is
// another component that reads the store itself). A browser without WebGPU gets NoWebGpu instead.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { AdapterInfo } from './controls/AdapterInfo';
import { CheckpointFiles } from './controls/CheckpointFiles';
import { CopyLink } from './controls/CopyLink';
import { DatasetSelect } from './controls/DatasetSelect';
import { GuidePanel } from './controls/GuidePanel';
import { ModelSize } from './controls/ModelSize';
import { NoWebGpu } from './controls/NoWebGpu';
import { Notices } from './controls/Notices';
import { PresetSelect } from './controls/PresetSelect';
import { ResumeOffer } from './controls/ResumeOffer';
import { RunButtons } from './controls/RunButtons';
import { RunStatus } from './controls/RunStatus';
import { StageBar } from './controls/StageBar';
import { TrainingSettings } from './controls/TrainingSettings';
import { UploadInput } from './controls/UploadInput';
import { useLab } from './store/store';
import { ActivationView, AttentionView, EmbeddingMap, LossChart, MetricCharts, SamplesPanel } from './views';

export function App() {
  const webgpu = useLab((s) => s.webgpu);
  if (webgpu === 'missing') return <NoWebGpu />;
  return (
    <div className="lab">
      <header className="topbar">
        <div>
          <h1>GPT Lab</h1>
          <p className="tagline">Train a small GPT on your own GPU and watch what happens inside it.</p>
        </div>
        <RunStatus />
      </header>
      <StageBar />
      <Notices />
      <div className="layout">
        <aside className="controls">
          <ResumeOffer />
          <RunButtons />
          <section className="panel">
            <h2>Data</h2>
            <DatasetSelect />
            <UploadInput />
          </section>
          <section className="panel">
            <h2>Model</h2>
            <PresetSelect />
            <ModelSize />
          </section>
          <section className="panel">
            <h2>Training</h2>
            <TrainingSettings />
          </section>
          <section className="panel">
            <h2>Share and save</h2>
            <CopyLink />
            <CheckpointFiles />
          </section>
          <AdapterInfo />
        </aside>
        <main className="views">
          <GuidePanel />
          <section data-view="loss"><LossChart /></section>
          <section data-view="metrics"><MetricCharts /></section>
          <section data-view="embedding"><EmbeddingMap /></section>
          <section data-view="activations"><ActivationView /></section>
          <section data-view="attention"><AttentionView /></section>
          <section data-view="samples"><SamplesPanel /></section>
        </main>
      </div>
    </div>
  );
}
