/** A KaTeX-typeset formula (display math); a formula that fails to parse shows its source. */
import katex from 'katex';
import { useMemo } from 'react';

export function Tex({ tex, testId }: { tex: string; testId?: string }) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'html' }),
    [tex],
  );
  // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of a constant formula.
  return <div className="tex" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
