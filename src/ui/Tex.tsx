/**
 * A KaTeX-typeset formula (display math); a formula that fails to parse shows its source.
 * `inline` renders it in a span (for use inside phrasing content such as a hover definition).
 */
import katex from 'katex';
import { useMemo } from 'react';

export function Tex({ tex, testId, inline }: { tex: string; testId?: string; inline?: boolean }) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'html' }),
    [tex],
  );
  if (inline) {
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of a constant formula.
    return <span className="tex" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
  }
  // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of a constant formula.
  return <div className="tex" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
