/**
 * Concord's lab: claims measured live, meta-learning and group discovery, the Coulomb
 * embedding, α sweeps and basin maps, each in a tab. Every lab run owns its state and its
 * engines (cancellable, with a progress bar) and leaves the main view's stores untouched.
 * Tabs stay mounted once opened, so a result survives switching tabs.
 */
import { useState } from 'react';
import './lab.css';
import { AlphaSweepPanel } from './AlphaSweepPanel';
import { BasinPanel } from './BasinPanel';
import { ClaimsPanel } from './ClaimsPanel';
import { CoulombPanel } from './CoulombPanel';
import { MetaPanel } from './MetaPanel';

const TABS = [
  { id: 'claims', label: 'Claims', view: ClaimsPanel },
  { id: 'meta', label: 'Meta-learning & groups', view: MetaPanel },
  { id: 'coulomb', label: 'Coulomb embedding', view: CoulombPanel },
  { id: 'alpha', label: 'α sweep', view: AlphaSweepPanel },
  { id: 'basin', label: 'Basin maps', view: BasinPanel },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function LabView() {
  const [tab, setTab] = useState<TabId>('claims');
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(() => new Set<TabId>(['claims']));
  const open = (id: TabId) => {
    setTab(id);
    setOpened((s) => (s.has(id) ? s : new Set([...s, id])));
  };
  return (
    <div className="lab" data-testid="lab">
      <div className="lab-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`lab-tab-${t.id}`}
            className={tab === t.id ? 'active' : ''}
            onClick={() => open(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map(({ id, view: View }) =>
        opened.has(id) ? (
          <div key={id} role="tabpanel" hidden={tab !== id} className="lab-tabpanel">
            <View />
          </div>
        ) : null,
      )}
    </div>
  );
}
