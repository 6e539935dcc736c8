/**
 * Concord's layout: top bar (presets, backend, export), controls on the left, the 3-D scene in
 * the centre with the transport bar below it, heatmaps and live charts on the right. The lab
 * (claims, meta-learning, Coulomb embedding, α sweeps, basin maps) replaces the three columns
 * when `view` is 'lab', the method atlas (every method's properties measured) when it is 'atlas';
 * the live run pauses and its state stays in the stores. A gradient file
 * dropped anywhere (or picked with "Import gradients") switches to the imported set: its panel
 * takes the place of the live charts until "Back to the live run".
 */
import { useEffect } from 'react';
import { Scene } from './scene/Scene';
import { useConfigStore } from './state/configStore';
import { startImportSync } from './state/importActions';
import { runner } from './state/runner';
import { AtlasView } from './ui/atlas/AtlasView';
import { Charts, MetaChart } from './ui/Charts';
import { Controls } from './ui/Controls';
import { ImportDropZone } from './ui/ImportDropZone';
import { ImportedPanel } from './ui/ImportedPanel';
import { ImportStatus } from './ui/ImportStatus';
import { LabView } from './ui/lab/LabView';
import { Matrices } from './ui/Matrices';
import { Notices } from './ui/Notices';
import { TopBar } from './ui/TopBar';
import { Transport } from './ui/Transport';
import { useKeyboard } from './ui/useKeyboard';

export function App() {
  const view = useConfigStore((s) => s.config.view);
  const imported = useConfigStore((s) => s.config.source === 'imported');
  useKeyboard(view === 'live');
  useEffect(() => {
    if (view === 'lab' || view === 'atlas') runner.pause();
  }, [view]);
  useEffect(() => startImportSync(), []);
  if (view === 'atlas') {
    return (
      <div className="app lab-open">
        <TopBar />
        <main className="lab-area">
          <AtlasView />
        </main>
      </div>
    );
  }
  if (view === 'lab') {
    return (
      <div className="app lab-open">
        <TopBar />
        <ImportDropZone />
        <main className="lab-area">
          <ImportStatus />
          <LabView />
        </main>
      </div>
    );
  }
  return (
    <div className="app">
      <TopBar />
      <ImportDropZone />
      <aside className="left">
        <Controls />
      </aside>
      <main className="centre">
        <ImportStatus />
        <Notices />
        <div className="scene-wrap">
          <Scene />
        </div>
        <Transport />
      </main>
      <aside className="right">
        {imported ? <ImportedPanel /> : null}
        <Matrices />
        {imported ? null : (
          <>
            <Charts />
            <MetaChart />
          </>
        )}
      </aside>
    </div>
  );
}
