// The whole page for a browser that cannot run WebGPU: what is missing and how to get it.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useLab } from '../store/store';

export function NoWebGpu() {
  const problem = useLab((s) => s.webgpuProblem);
  return (
    <main className="no-webgpu" data-testid="no-webgpu">
      <h1>GPT Lab needs WebGPU</h1>
      <p>
        GPT Lab trains a real language model on your computer's graphics card, through WebGPU.{' '}
        {problem ? 'This browser has WebGPU, but it could not open a graphics adapter:' : 'This browser does not offer WebGPU.'}
      </p>
      {problem && <pre className="problem">{problem}</pre>}
      <h2>How to get it</h2>
      <ul>
        <li><strong>Chrome or Edge 113 or newer</strong> (Windows, macOS, ChromeOS; Android 121+): WebGPU is on by default. Update the browser if it is older.</li>
        <li>On Linux, or if it is still missing, open <code>chrome://flags/#enable-unsafe-webgpu</code>, set it to <em>Enabled</em> and restart the browser.</li>
        <li><strong>Safari</strong>: use Safari Technology Preview (or Safari 26), or turn on WebGPU under Develop → Feature Flags.</li>
        <li><strong>Firefox</strong>: use Firefox Nightly (Firefox 141+ on Windows has it on by default).</li>
      </ul>
      <p>School computers may block the graphics card with a policy or an old driver: ask your administrator, or try another computer.</p>
    </main>
  );
}
