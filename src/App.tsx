/**
 * Concord's layout: top bar (one height: presets, page switch, export, tour, presentation), the
 * controls on the left (a drawer on narrow screens), the story band, the 3-D scene and the
 * transport with the measured values and the run's finding in the centre, heatmaps and live
 * charts on the right (stacked under the scene on narrow screens; presentation mode hides the
 * dense panels and enlarges the type). The lab (claims, meta-learning, Coulomb embedding, α
 * sweeps, basin maps) replaces the three columns when `view` is 'lab', the method atlas (every method's properties
 * measured) when it is 'atlas'; the live run pauses and
 * its state stays in the stores. A gradient file dropped anywhere (or picked with "Import
 * gradients") switches to the imported set, and the "Your own gradients" preset to the sandbox:
 * their panel takes the place of the live charts until "Back to the live run".
 */
import { useEffect } from 'react';
import { Scene } from './scene/Scene';
import { useConfigStore } from './state/configStore';
import { startImportSync } from './state/importActions';
import { runner } from './state/runner';
import { Tour } from './tour/Tour';
import { AtlasView } from './ui/atlas/AtlasView';
import { Charts, MetaChart } from './ui/Charts';
import { Controls } from './ui/Controls';
import { ImportDropZone } from './ui/ImportDropZone';
import { ImportedPanel } from './ui/ImportedPanel';
import { ImportStatus } from './ui/ImportStatus';
import { LabView } from './ui/lab/LabView';
import { useLayoutStore } from './ui/layoutStore';
import { Matrices } from './ui/Matrices';
import { Notices } from './ui/Notices';
import { startPageTitle } from './ui/pageTitle';
import { Story } from './ui/Story';
import { startSandboxSync } from './ui/sandbox/sandboxSync';
import { TopBar } from './ui/TopBar';
import { Transport } from './ui/Transport';
import { useKeyboard } from './ui/useKeyboard';

export function App() {
  const view = useConfigStore((s) => s.config.view);
  const source = useConfigStore((s) => s.config.source);
  const present = useConfigStore((s) => s.config.present);
  const drawer = useLayoutStore((s) => s.drawer);
  const setDrawer = useLayoutStore((s) => s.setDrawer);
  useKeyboard(view === 'live');
  useEffect(() => {
    if (view === 'lab' || view === 'atlas') runner.pause();
  }, [view]);
  useEffect(() => startImportSync(), []);
  useEffect(() => startSandboxSync(), []);
  useEffect(() => startPageTitle(), []);
  const cls = `app${present ? ' present' : ''}${drawer ? ' drawer-open' : ''}`;
  if (view === 'atlas') {
    return (
      <div className={`${cls} lab-open`}>
        <TopBar />
        <main className="lab-area">
          <AtlasView />
        </main>
      </div>
    );
  }
  if (view === 'lab') {
    return (
      <div className={`${cls} lab-open`}>
        <TopBar />
        <ImportDropZone />
        <main className="lab-area">
          <ImportStatus />
          <LabView />
        </main>
        <Tour />
      </div>
    );
  }
  return (
    <div className={cls}>
      <TopBar />
      <ImportDropZone />
      <aside className="left" data-testid="controls-drawer" aria-label="Controls">
        <button
          type="button"
          className="drawer-close"
          aria-label="Close the controls"
          onClick={() => setDrawer(false)}
        >
          ×
        </button>
        <Controls />
      </aside>
      {drawer ? (
        <button
          type="button"
          className="drawer-scrim"
          aria-label="Close the controls"
          onClick={() => setDrawer(false)}
        />
      ) : null}
      <main className="centre">
        <Story />
        <ImportStatus />
        <Notices />
        <div className="scene-wrap">
          <Scene />
        </div>
        <Transport />
      </main>
      <aside className="right" data-testid="panels">
        {source !== 'problem' ? <ImportedPanel /> : null}
        <Matrices />
        {source !== 'problem' ? null : (
          <>
            <Charts />
            <MetaChart />
          </>
        )}
      </aside>
      <Tour />
    </div>
  );
}
