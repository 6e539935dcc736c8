/**
 * Entry point: reads the configuration from the URL (a first visit, without a hash, opens on
 * FIRST_PRESET and is offered the guided tour), starts the runner, renders the app, and
 * exposes the stores, the frame-time measure and a large-d CPU engine run (largeCpuRun) on
 * window.__concord for tests and benchmarks.
 */
import 'katex/dist/katex.min.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useConfigStore } from './state/configStore';
import { FIRST_PRESET } from './state/presets';
import { runner } from './state/runner';
import { useRunStore } from './state/runStore';
import { startUrlSync } from './state/urlSync';
import { offerTourOnFirstVisit } from './tour/tourStore';
import { getSharedDevice } from './ui/gpu';
import { largeCpuRun } from './workers/largeCpuRun';

declare global {
  interface Window {
    __concord?: {
      run: typeof useRunStore;
      config: typeof useConfigStore;
      runner: typeof runner;
      frameTimes(): number[];
      gpuDevice(): GPUDevice | null;
      largeCpuRun: typeof largeCpuRun;
    };
  }
}

if (window.location.hash.length <= 1) {
  useConfigStore.getState().applyPreset(FIRST_PRESET);
  offerTourOnFirstVisit();
}
startUrlSync();
runner.start();
window.__concord = {
  run: useRunStore,
  config: useConfigStore,
  runner,
  frameTimes: () => runner.clock.times(),
  gpuDevice: getSharedDevice,
  largeCpuRun,
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
