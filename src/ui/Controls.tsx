/**
 * The control panel: problem and its parameters, method and its parameters (with the formula
 * typeset), flow, step size, steps per frame, comparison method, backend preference and the
 * arrow toggles. Every input is a plain labelled HTML control bound to the configuration store.
 */

import { META_LOSSES } from '../core/meta/metaLoss';
import { METHOD_IDS } from '../core/types';
import { COMPARE_IDS, type Config, FLOW_KINDS, PROBLEM_IDS } from '../state/configSchema';
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { METHOD_LABELS } from '../state/runConfig';
import { useRunStore } from '../state/runStore';
import { CheckField, NumField, SelectField, SliderField } from './fields';
import { FLOW_LABELS, FLOW_TEX, METHOD_TEX } from './formulas';
import { MethodParams } from './MethodParams';
import { Sym } from './Sym';
import { Tex } from './Tex';

const PROBLEM_LABELS: Record<(typeof PROBLEM_IDS)[number], string> = {
  'quadratic-groups': 'Quadratic groups (K objectives in R^d)',
  'cagrad-toy': 'CAGrad toy (2-D, two objectives)',
  'convex-pair': 'Convex quadratic pair (2-D)',
};

export function Controls() {
  const c = useConfigStore((s) => s.config);
  const dProblem = useRunStore((s) => s.d);
  const Krun = useRunStore((s) => s.K);
  const Kimported = useImportStore((s) => s.set?.K ?? null);
  const quad = c.problem === 'quadratic-groups';
  const usesAlpha = c.method === 'cosine' || c.method === 'interaction' || c.compare === 'cosine';
  if (c.source !== 'problem') {
    // Problem and flow belong to the live run; only the method applies to a set of gradients.
    return (
      <div className="controls">
        <section>
          <h2>Problem</h2>
          <p className="hint" data-testid="controls-imported">
            {c.source === 'sandbox'
              ? 'Your own gradients: drag the arrow tips in the scene. The problem and flow settings apply to the live run.'
              : 'Imported gradients: the problem and flow settings apply to the live run.'}
          </p>
        </section>
        {methodSection(c, dProblem, usesAlpha, Kimported ?? Krun)}
      </div>
    );
  }
  return (
    <div className="controls">
      <section>
        <h2>Problem</h2>
        <SelectField
          field="problem"
          label="Problem"
          testId="problem"
          options={PROBLEM_IDS.map((p) => ({ value: p, label: PROBLEM_LABELS[p] }))}
        />
        {quad ? (
          <div className="grid2">
            <NumField field="K" label="Objectives K" testId="K" />
            <NumField field="d" label="Dimension d" testId="d" />
            <NumField field="groups" label="Groups" testId="groups" max={c.K} />
            <NumField field="seed" label="Seed" testId="seed" />
            <NumField
              field="eigMin"
              label="Eigenvalue min"
              testId="eig-min"
              hint="Smallest Hessian eigenvalue of each L_i"
            />
            <NumField
              field="eigMax"
              label="Eigenvalue max"
              testId="eig-max"
              hint="Largest Hessian eigenvalue; cond = max / min"
            />
            <NumField field="groupRadius" label="Group radius" testId="group-radius" />
            <NumField field="spread" label="Within-group spread" testId="spread" />
          </div>
        ) : null}
        <NumField field="start" label="Start point #" testId="start" />
      </section>
      {methodSection(c, dProblem, usesAlpha, Krun)}
      <section>
        <h2>Flow</h2>
        <SelectField
          field="flow"
          label="Flow"
          testId="flow"
          options={FLOW_KINDS.map((f) => ({ value: f, label: FLOW_LABELS[f] }))}
        />
        <Tex tex={FLOW_TEX[c.flow]} testId="flow-formula" />
        <div className="grid2">
          <NumField
            field="eta"
            label={
              <>
                Step size <Sym id="eta" />
              </>
            }
            testId="eta"
          />
          <NumField field="stepsPerFrame" label="Steps / frame" testId="steps-per-frame" />
          {c.flow === 'two-phase' ? (
            <NumField field="epsSwitch" label="ε switch" testId="eps-switch" />
          ) : null}
        </div>
      </section>
      <section>
        <h2>View</h2>
        <SelectField
          field="backend"
          label="Backend"
          testId="backend"
          options={[
            { value: 'auto', label: 'Auto (GPU when available)' },
            { value: 'gpu', label: 'GPU (WebGPU, float32)' },
            { value: 'cpu', label: 'CPU (float64)' },
          ]}
        />
        <CheckField field="showRaw" label="Raw gradients g_i" testId="show-raw" />
        <CheckField field="showProjected" label="Projected g′_i" testId="show-projected" />
      </section>
    </div>
  );
}

/** Method, its parameters and τ (shared by the live run and the imported mode). */
function methodSection(c: Config, dProblem: number, usesAlpha: boolean, K: number) {
  return (
    <section>
      <h2>Method</h2>
      <SelectField
        field="method"
        label="Projection method"
        testId="method"
        options={METHOD_IDS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
      />
      <Tex tex={METHOD_TEX[c.method]} testId="method-formula" />
      {usesAlpha ? (
        <SliderField field="alpha" label={<Sym id="alpha" />} testId="alpha" step={0.01} />
      ) : null}
      {c.method === 'cagrad' || c.compare === 'cagrad' ? (
        <SliderField field="c" label={<Sym id="c" />} testId="cagrad-c" step={0.01} />
      ) : null}
      {c.method === 'cosine' ? (
        <SelectField
          field="mode"
          label="Mode"
          testId="mode"
          options={[
            { value: 'simultaneous', label: 'Simultaneous (original gradients)' },
            { value: 'sequential', label: 'Sequential (PCGrad loop)' },
          ]}
        />
      ) : null}
      {c.method === 'interaction' ? (
        <SelectField
          field="gating"
          label="Gating m_ij"
          testId="gating"
          options={[
            { value: 'conflicting', label: 'Conflicting pairs only' },
            { value: 'all', label: 'All pairs' },
          ]}
        />
      ) : null}
      {c.method === 'interaction' ? <LearnA /> : null}
      {c.method === 'pcgrad' || (c.method === 'cosine' && c.mode === 'sequential') ? (
        <SelectField
          field="order"
          label="Projection order"
          testId="order"
          options={[
            { value: 'fixed', label: 'Fixed (ascending j)' },
            { value: 'random', label: 'Random (seeded)' },
          ]}
        />
      ) : null}
      {(c.method === 'pcgrad' || (c.method === 'cosine' && c.mode === 'sequential')) &&
      c.order === 'random' ? (
        <SelectField
          field="shuffle"
          label="Random order drawn"
          testId="shuffle"
          options={[
            { value: 'per-step', label: 'Afresh every step (as published)' },
            { value: 'once', label: 'Once per run (fixed table)' },
          ]}
        />
      ) : null}
      <MethodParams c={c} K={K} />
      <NumField
        field="tau"
        label={
          <>
            Conflict tolerance <Sym id="tau" />
          </>
        }
        testId="tau"
      />
      <SelectField
        field="compare"
        label="Compare with"
        testId="compare"
        options={COMPARE_IDS.map((m) => ({
          value: m,
          label: m === 'none' ? 'No comparison' : METHOD_LABELS[m],
        }))}
      />
      {c.compare !== 'none' && dProblem !== 2 ? (
        <p className="hint">The comparison path is drawn for 2-D problems.</p>
      ) : null}
    </section>
  );
}

/**
 * Live learning of A (MATH.md §6): on, the matrix starts from A_ij = α and one meta-cycle runs
 * about every second; the A heatmap and the ‖A_t − A_{t−1}‖_F chart follow.
 */
function LearnA() {
  const on = useConfigStore((s) => s.config.learnA);
  const loss = useConfigStore((s) => s.config.metaLoss);
  const info = META_LOSSES.find((m) => m.id === loss);
  return (
    <>
      <CheckField field="learnA" label="Learn A by meta-gradient (live)" testId="learn-a" />
      {on ? (
        <>
          <SelectField
            field="metaLoss"
            label="Meta-loss"
            testId="meta-loss"
            options={META_LOSSES.map((m) => ({ value: m.id, label: m.label }))}
          />
          <p className="hint">
            {info?.description} One cycle: 2K(K−1) rollouts of 20 steps from the problem's starts,
            central differences, A in [0, 1].
          </p>
        </>
      ) : null}
    </>
  );
}
