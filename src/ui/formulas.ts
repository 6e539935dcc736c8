/**
 * TeX of each method of MATH.md §2 and each flow of §5, typeset with KaTeX in the controls.
 * These are the definitions the core implements; the text is display only.
 */
import type { MethodId } from '../core/types';
import type { FlowKind } from '../state/configSchema';

export const METHOD_TEX: Record<MethodId, string> = {
  sum: String.raw`g'_i = g_i,\qquad d = \textstyle\sum_i g_i = \nabla F`,
  pcgrad: String.raw`\begin{gathered}p \leftarrow g_i;\ \ \forall j\neq i:\ p \leftarrow p - \frac{p\cdot g_j}{\|g_j\|^2}\,g_j\\ \text{if } p\cdot g_j < -\tau\|p\|\|g_j\|;\qquad g'_i = p\end{gathered}`,
  cosine: String.raw`g'_i = g_i - \sum_{j\,:\,G_{ij} < -\tau\|g_i\|\|g_j\|} \alpha\,|\cos_{ij}|\,\frac{G_{ij}}{G_{jj}}\,g_j`,
  interaction: String.raw`\begin{gathered}g'_i = g_i - \sum_{j\neq i} A_{ij}\,m_{ij}\,\frac{G_{ij}}{G_{jj}}\,g_j\\ A_{ij} = \alpha\ (i\neq j)\end{gathered}`,
  mgda: String.raw`d = K\cdot\operatorname*{arg\,min}_{u\,\in\,\operatorname{conv}\{g_1,\dots,g_K\}} \|u\|`,
  cagrad: String.raw`\begin{gathered}d = K\Big(g_0 + \tfrac{c\|g_0\|}{\|g_w\|}\,g_w\Big),\quad g_0 = \tfrac1K\textstyle\sum_i g_i\\ w = \operatorname*{arg\,min}_{w\in\Delta}\ g_w\cdot g_0 + c\|g_0\|\,\|g_w\|\end{gathered}`,
  upgrad: String.raw`\begin{gathered}g'_i = \operatorname*{arg\,min}_{v\,:\,v\cdot g_j \ge 0\ \forall j} \|v - g_i\|\\ d = \textstyle\sum_i g'_i\end{gathered}`,
};

export const FLOW_TEX: Record<FlowKind, string> = {
  loss: String.raw`\theta \leftarrow \theta - \eta\, d`,
  bflow: String.raw`\begin{gathered}\theta \leftarrow \theta - \eta\,\nabla B\\ \nabla B = \tfrac{2}{S}\big(H\textstyle\sum_i g_i - B\sum_i H_i g_i\big)\end{gathered}`,
  'two-phase': String.raw`\text{loss-flow until } |I + \tfrac12| < \varepsilon_{\text{switch}},\ \text{then B-flow}`,
};

export const FLOW_LABELS: Record<FlowKind, string> = {
  loss: 'Loss-flow (θ ← θ − η d)',
  bflow: 'B-flow (descend B)',
  'two-phase': 'Two-phase (loss, then B)',
};
