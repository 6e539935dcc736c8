import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProblem } from '../../src/core/problems';
import {
  chooseBackend,
  cpuOnlyMethod,
  cpuOnlyNotice,
  NO_WEBGPU_NOTICE,
} from '../../src/state/backendChoice';
import { CONFIG_KEYS, type Config, defaultConfig, PROBLEM_IDS } from '../../src/state/configSchema';
import {
  classifyChange,
  interactionMatrix,
  METHOD_FIELDS,
  methodSpec,
  problemParams,
  REBUILD_FIELDS,
} from '../../src/state/runConfig';
import { configArb } from './arbitraries';

describe('configuration → core and engine', () => {
  it('every problem of the table builds from the default parameters', () => {
    for (const id of PROBLEM_IDS) {
      const p = createProblem(id, problemParams({ ...defaultConfig(), problem: id }));
      expect(p.id).toBe(id);
      expect(p.starts().length).toBeGreaterThan(0);
    }
  });

  it('quadratic-groups receives exactly the configured K, d, groups, conditioning and seed', () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const q = { ...c, problem: 'quadratic-groups' as const, d: Math.min(c.d, 16) };
        const p = createProblem('quadratic-groups', problemParams(q));
        expect([p.K, p.d]).toEqual([q.K, q.d]);
        // Same seed, same problem: a link reproduces the numbers.
        const p2 = createProblem('quadratic-groups', problemParams(q));
        const th = new Float64Array(q.d).fill(0.5);
        expect(Array.from(p2.gradients(th))).toEqual(Array.from(p.gradients(th)));
      }),
      { numRuns: 30 },
    );
  });

  it('α, τ and the method change in place; the problem, flow and backend rebuild; η only sets η', () => {
    const a = defaultConfig();
    expect([...classifyChange(a, { ...a, alpha: 0.9 })]).toEqual(['method']);
    expect([...classifyChange(a, { ...a, tau: 1e-6 })]).toEqual(['method']);
    expect([...classifyChange(a, { ...a, method: 'pcgrad' })]).toEqual(['method']);
    expect([...classifyChange(a, { ...a, eta: 0.5 })]).toEqual(['eta']);
    expect([...classifyChange(a, { ...a, compare: 'sum' })]).toEqual(['compare']);
    for (const k of REBUILD_FIELDS) {
      const b = {
        ...a,
        [k]:
          k === 'problem'
            ? 'convex-pair'
            : k === 'flow'
              ? 'bflow'
              : k === 'backend'
                ? 'cpu'
                : (a[k] as number) + 1,
      } as Config;
      expect(classifyChange(a, b).has('rebuild'), k).toBe(true);
    }
    expect(classifyChange(a, { ...a, showRaw: false }).size).toBe(0);
    expect(classifyChange(a, { ...a, stepsPerFrame: 9 }).size).toBe(0);
    expect(classifyChange(a, { ...a, view: 'lab' }).size).toBe(0);
    // Every field is classified somewhere or is a pure view field.
    const view = [
      'preset',
      'stepsPerFrame',
      'showRaw',
      'showProjected',
      'eta',
      'compare',
      'compareTorchjd',
      'view',
      'source',
      'atlasK',
      'atlasD',
      'atlasSets',
      'atlasSeed',
      'sandboxG',
      'present',
    ];
    for (const k of CONFIG_KEYS) {
      expect(REBUILD_FIELDS.includes(k) || METHOD_FIELDS.includes(k) || view.includes(k), k).toBe(
        true,
      );
    }
  });

  it('the interaction method gets A_ij = α off the diagonal, 0 on it; other methods none', () => {
    const c = { ...defaultConfig(), method: 'interaction' as const, alpha: 0.3 };
    const A = interactionMatrix(c, 3)!;
    expect(Array.from(A)).toEqual([0, 0.3, 0.3, 0.3, 0, 0.3, 0.3, 0.3, 0]);
    expect(Array.from(methodSpec(c, 3).A!)).toEqual(Array.from(A));
    expect(interactionMatrix({ ...c, method: 'cosine' }, 3)).toBeNull();
    const s = methodSpec({ ...defaultConfig(), alpha: 0.7, tau: 1e-5, c: 0.2 }, 4, 'cagrad');
    expect(s).toMatchObject({ id: 'cagrad', alpha: 0.7, tau: 1e-5, c: 0.2 });
    expect(s.A).toBeUndefined();
  });
});

describe('backend choice', () => {
  it('MGDA, CAGrad and UPGrad (as method or comparison) keep the run on the CPU for K > 16', async () => {
    const c = defaultConfig();
    expect(cpuOnlyMethod(c)).toBeNull();
    for (const m of ['mgda', 'cagrad', 'upgrad'] as const) {
      expect(cpuOnlyMethod({ ...c, K: 16, method: m, compare: m })).toBeNull();
      expect(cpuOnlyMethod({ ...c, K: 17, method: m })).toBe(m);
      expect(cpuOnlyMethod({ ...c, K: 17, compare: m })).toBe(m);
      const r = await chooseBackend({ ...c, K: 20, method: m, backend: 'gpu' });
      expect(r).toEqual({ backend: 'cpu', notice: cpuOnlyNotice(m) });
      expect(cpuOnlyNotice(m)).toMatch(/K ≤ 16/);
    }
    for (const m of ['sum', 'pcgrad', 'cosine', 'interaction'] as const) {
      expect(cpuOnlyMethod({ ...c, method: m, compare: m })).toBeNull();
    }
    expect(await chooseBackend({ ...c, backend: 'cpu' })).toEqual({ backend: 'cpu', notice: null });
    // No navigator.gpu in node: the WebGPU-unavailable notice.
    expect(await chooseBackend(c)).toEqual({ backend: 'cpu', notice: NO_WEBGPU_NOTICE });
  });
});
