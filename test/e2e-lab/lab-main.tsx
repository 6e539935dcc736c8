/** Scratch entry that mounts the lab alone, for looking at it and for the lab's e2e test. */
import '../../src/styles.css';
import { createRoot } from 'react-dom/client';
import { LabView } from '../../src/ui/lab/LabView';

const root = document.getElementById('root');
if (root) createRoot(root).render(<LabView />);
