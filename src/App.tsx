/**
 * Concord's layout: top bar (presets, backend, export), controls on the left, the 3-D scene in
 * the centre with the transport bar below it, heatmaps and live charts on the right. The lab
 * (claims, meta-learning, Coulomb embedding, α sweeps, basin maps) replaces the three columns
 * when `view` is 'lab'; the live run pauses and its state stays in the stores.
 */
import { useEffect } from 'react';
import { Scene } from './scene/Scene';
import { useConfigStore } from './state/configStore';
import { runner } from './state/runner';
import { Charts, MetaChart } from './ui/Charts';
import { Controls } from './ui/Controls';
import { LabView } from './ui/lab/LabView';
import { Matrices } from './ui/Matrices';
import { Notices } from './ui/Notices';
import { TopBar } from './ui/TopBar';
import { Transport } from './ui/Transport';
import { useKeyboard } from './ui/useKeyboard';

export function App() {
  const view = useConfigStore((s) => s.config.view);
  useKeyboard(view === 'live');
  useEffect(() => {
    if (view === 'lab') runner.pause();
  }, [view]);
  if (view === 'lab') {
    return (
      <div className="app lab-open">
        <TopBar />
        <main className="lab-area">
          <LabView />
        </main>
      </div>
    );
  }
  return (
    <div className="app">
      <TopBar />
      <aside className="left">
        <Controls />
      </aside>
      <main className="centre">
        <Notices />
        <div className="scene-wrap">
          <Scene />
        </div>
        <Transport />
      </main>
      <aside className="right">
        <Matrices />
        <Charts />
        <MetaChart />
      </aside>
    </div>
  );
}
