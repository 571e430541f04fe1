// The lab's views: d3 components with no props that read the store (src/ui/store) themselves. Pure logic they
// use (smoothing, scales, token labels, heatmap layout, colour tables, probe slicing, gap bins, reordering) is
// unit-tested beside them; the components are exercised in headless Chromium by the e2e suite. Stage 2's views
// live in sft/, stage 3's in reward/, stage 4's (PPO) in ppo/.
import './views.css';

export { ActivationView } from './ActivationView';
export { AttentionView } from './AttentionView';
export { EmbeddingMap } from './EmbeddingMap';
export { LossChart } from './LossChart';
export { MetricCharts } from './MetricCharts';
export { SamplesPanel } from './SamplesPanel';
export { GapHistogram } from './reward/GapHistogram';
export { HandRanking } from './reward/HandRanking';
export { RankingsList } from './reward/RankingsList';
export { ResponseTable } from './reward/ResponseTable';
export { RewardCurves } from './reward/RewardCurves';
export { SftExample } from './sft/SftExample';
export { SftLossChart } from './sft/SftLossChart';
export { SftSamples } from './sft/SftSamples';
export { KlHeatmap } from './ppo/KlHeatmap';
export { PpoCurves } from './ppo/PpoCurves';
export { PpoResponses } from './ppo/PpoResponses';
export { SftVsPolicy } from './ppo/SftVsPolicy';
export { RewardVsKl } from './ppo/RewardVsKl';
