/**
 * Concord's layout: top bar (presets, backend, export), controls on the left, the 3-D scene in
 * the centre with the transport bar below it, heatmaps and live charts on the right.
 */
import { Scene } from './scene/Scene';
import { Charts, MetaChart } from './ui/Charts';
import { Controls } from './ui/Controls';
import { Matrices } from './ui/Matrices';
import { Notices } from './ui/Notices';
import { TopBar } from './ui/TopBar';
import { Transport } from './ui/Transport';
import { useKeyboard } from './ui/useKeyboard';

export function App() {
  useKeyboard();
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
