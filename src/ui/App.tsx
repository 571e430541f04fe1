// The lab page: the stage bar and notices on top, the stage on screen's controls on the left, its views in a
// responsive grid on the right (each view is another component that reads the store itself). A browser without
// WebGPU gets NoWebGpu instead.
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
import { PpoControls } from './controls/stages/PpoControls';
import { RewardControls } from './controls/stages/RewardControls';
import { SftControls } from './controls/stages/SftControls';
import { TrainingSettings } from './controls/TrainingSettings';
import { UploadInput } from './controls/UploadInput';
import { useLab } from './store/store';
import { LessonPage } from './lessons/LessonPage';
import { LESSON_IDS, type LessonId } from '../engine/lessons/lesson-spec';
import type { Stage } from '../workers/protocol';
import { ActivationView, AttentionView, EmbeddingMap, GapHistogram, HandRanking, KlHeatmap, LossChart, MetricCharts, PpoCurves, PpoResponses, SftVsPolicy, RankingsList, ResponseTable, RewardCurves, RewardVsKl, SamplesPanel, SftExample, SftLossChart, SftSamples } from './views';
import { useTranslation } from 'react-i18next';
import { LangToggle } from './controls/LangToggle';

function PretrainControls() {
  const { t } = useTranslation();
  return (
    <>
      <section className="panel">
        <h2>{t('app.sections.data')}</h2>
        <DatasetSelect />
        <UploadInput />
      </section>
      <section className="panel">
        <h2>{t('app.sections.model')}</h2>
        <PresetSelect />
        <ModelSize />
      </section>
      <section className="panel">
        <h2>{t('app.sections.training')}</h2>
        <TrainingSettings />
      </section>
    </>
  );
}

function PretrainViews() {
  return (
    <>
      <GuidePanel />
      <section data-view="loss"><LossChart /></section>
      <section data-view="metrics"><MetricCharts /></section>
      <section data-view="embedding"><EmbeddingMap /></section>
      <section data-view="activations"><ActivationView /></section>
      <section data-view="attention"><AttentionView /></section>
      <section data-view="samples"><SamplesPanel /></section>
    </>
  );
}

function SftViews() {
  return (
    <>
      <section data-view="sft-loss"><SftLossChart /></section>
      <section data-view="sft-example"><SftExample /></section>
      <section data-view="sft-samples"><SftSamples /></section>
    </>
  );
}

function RewardViews() {
  return (
    <>
      <section data-view="rankings"><RankingsList /></section>
      <section data-view="hand-ranking"><HandRanking /></section>
      <section data-view="gap-histogram"><GapHistogram /></section>
      <section data-view="response-table"><ResponseTable /></section>
      <section data-view="reward-curves"><RewardCurves /></section>
    </>
  );
}

function PpoViews() {
  return (
    <>
      <GuidePanel />
      <section data-view="ppo-curves"><PpoCurves /></section>
      <section data-view="ppo-kl-heatmap"><KlHeatmap /></section>
      <section data-view="ppo-reward-kl"><RewardVsKl /></section>
      <section data-view="ppo-sft-vs-policy"><SftVsPolicy /></section>
      <section data-view="ppo-responses"><PpoResponses /></section>
    </>
  );
}

function StageControls({ stage }: { stage: Stage }) {
  if (stage === 'sft') return <SftControls />;
  if (stage === 'reward') return <RewardControls />;
  if (stage === 'ppo') return <PpoControls />;
  return <PretrainControls />;
}

function StageViews({ stage }: { stage: Stage }) {
  if (stage === 'sft') return <SftViews />;
  if (stage === 'reward') return <RewardViews />;
  if (stage === 'ppo') return <PpoViews />;
  return <PretrainViews />;
}

export function App() {
  const { t } = useTranslation();
  const webgpu = useLab((s) => s.webgpu);
  const stage = useLab((s) => s.activeStage);
  const guide = useLab((s) => s.experiment.guide);
  const lang = useLab((s) => s.experiment.lang);
  if (webgpu === 'missing') return <NoWebGpu />;
  const lesson = (LESSON_IDS as readonly string[]).includes(guide ?? '') ? (guide as LessonId) : null;
  if (lesson) {
    return (
      <div className="lab">
        <header className="topbar">
          <div>
            <h1>{t('app.title')}</h1>
            <p className="tagline">{t('app.lessonTagline')}</p>
          </div>
          <LangToggle />
          <a className="lesson-exit" href={lang === 'en' ? '?' : `?lang=${lang}`} data-testid="lesson-exit">{t('app.lessonExit')}</a>
        </header>
        <Notices />
        <LessonPage id={lesson} />
        <AdapterInfo />
      </div>
    );
  }
  return (
    <div className="lab">
      <header className="topbar">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <LangToggle />
        <RunStatus />
      </header>
      <StageBar />
      <Notices />
      <div className="layout">
        <aside className="controls">
          <ResumeOffer />
          <RunButtons />
          <StageControls stage={stage} />
          <section className="panel">
            <h2>{t('app.sections.share')}</h2>
            <CopyLink />
            <CheckpointFiles />
          </section>
          <AdapterInfo />
        </aside>
        <main className="views">
          <StageViews stage={stage} />
        </main>
      </div>
    </div>
  );
}
