// `window.__gptLab`: what end-to-end tests read from the page without scraping the charts (docs/lab.md).
import { useLab } from './store/store';

declare global {
  interface Window {
    __gptLab?: { getLosses(): number[] };
  }
}

export function installTestHooks(): void {
  window.__gptLab = { getLosses: () => Array.from(useLab.getState().metrics.get('loss')) };
}
