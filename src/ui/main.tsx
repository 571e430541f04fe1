// Entry point of the page: reads the experiment from the URL before the first render (notices for anything it
// could not use), picks the page's language (the link's, else the remembered or the browser's: i18n/lang.ts), checks for WebGPU, mounts the app, then starts the worker and looks for a saved run.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './app.css';
import { experimentFromQuery } from './experiment/schema';
import { readLang } from './experiment/lesson-schema';
import { followLang, startLang } from './i18n/lang';
import { actions } from './store/store';
import { installTestHooks } from './test-hooks';
import { startLab } from './worker-bridge';

const { experiment, notices } = experimentFromQuery(location.search);
actions.setExperiment({ ...experiment, lang: startLang(readLang(new URLSearchParams(location.search), [])) });
followLang();
for (const text of notices) actions.notify('warning', text);
const hasWebGpu = 'gpu' in navigator && navigator.gpu !== undefined;
if (!hasWebGpu) actions.setWebgpu('missing');
installTestHooks();

createRoot(document.getElementById('root')!).render(<App />);
if (hasWebGpu) void startLab();
