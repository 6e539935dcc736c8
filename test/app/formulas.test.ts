import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { METHOD_IDS } from '../../src/core/types';
import { FLOW_KINDS } from '../../src/state/configSchema';
import { METHOD_LABELS } from '../../src/state/runConfig';
import { FLOW_LABELS, FLOW_TEX, METHOD_TEX } from '../../src/ui/formulas';

describe('typeset formulas', () => {
  it('every method of MATH.md §2 and every flow of §5 has a label and a formula KaTeX accepts', () => {
    expect(Object.keys(METHOD_TEX).sort()).toEqual([...METHOD_IDS].sort());
    expect(Object.keys(METHOD_LABELS).sort()).toEqual([...METHOD_IDS].sort());
    expect(Object.keys(FLOW_TEX).sort()).toEqual([...FLOW_KINDS].sort());
    expect(Object.keys(FLOW_LABELS).sort()).toEqual([...FLOW_KINDS].sort());
    for (const tex of [...Object.values(METHOD_TEX), ...Object.values(FLOW_TEX)]) {
      const html = katex.renderToString(tex, { displayMode: true, throwOnError: true });
      expect(html).toContain('katex-display');
      expect(html).not.toContain('katex-error');
    }
  });
});
