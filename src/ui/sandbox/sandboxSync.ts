/**
 * Follows the configuration for the sandbox (source 'sandbox'): entering it suspends the live
 * run and saves its run fields (as an import does), every change of `sandboxG` or of the method
 * re-analyses the gradients with the float64 core and publishes them to the run store in the
 * same task (so the arrows, arcs, heatmaps and metrics follow a drag within a frame), and leaving
 * it restores the run. Malformed gradients in a link fall back to the default set and say so.
 */
import { InputError } from '../../core/errors';
import { type Config, SANDBOX_DEFAULT } from '../../state/configSchema';
import { useConfigStore } from '../../state/configStore';
import { backToLive } from '../../state/importActions';
import { analyse, publishImported } from '../../state/importPublish';
import { useImportStore } from '../../state/importStore';
import { runner } from '../../state/runner';
import { useRunStore } from '../../state/runStore';
import { parseSandbox, sandboxSet } from './sandboxSet';

/** Analyses and shows the sandbox gradients of `c` (InputError: the text is not usable). */
export function publishSandbox(c: Config): void {
  const set = sandboxSet(parseSandbox(c.sandboxG));
  const analysis = analyse(set, c);
  useImportStore.getState().set_({ set, analysis, error: null });
  publishImported(set, analysis, c);
}

export function startSandboxSync(): () => void {
  let entering = false;
  const enter = async () => {
    if (entering) return;
    entering = true;
    try {
      const st = useImportStore.getState();
      if (!st.saved && !runner.isSuspended) {
        await runner.suspend();
        const { set: _s, resetRun: _r, backend: _b, notice: _n, ...saved } = useRunStore.getState();
        useImportStore.getState().set_({ saved });
      }
    } finally {
      entering = false;
    }
    show(useConfigStore.getState().config);
  };
  const show = (c: Config) => {
    if (c.source !== 'sandbox' || entering) return;
    try {
      publishSandbox(c);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      useImportStore.getState().set_({ error: `${e.message}; the default gradients are shown` });
      if (c.sandboxG !== SANDBOX_DEFAULT)
        useConfigStore.getState().update({ sandboxG: SANDBOX_DEFAULT });
    }
  };
  const check = (c: Config, prev: Config | null) => {
    if (c.source === 'sandbox' && prev?.source !== 'sandbox') void enter();
    else if (c.source === 'sandbox' && c !== prev) show(c);
    else if (c.source === 'problem' && prev?.source === 'sandbox') backToLive();
  };
  check(useConfigStore.getState().config, null);
  return useConfigStore.subscribe((s, p) => check(s.config, p.config));
}
