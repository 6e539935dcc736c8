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
  dualproj: String.raw`d = \operatorname*{arg\,min}_{v\,:\,v\cdot g_j \ge 0\ \forall j} \big\|v - \textstyle\sum_i g_i\big\|`,
  imtlg: String.raw`\begin{gathered}d = K\textstyle\sum_j w_j g_j,\quad w = \frac{v}{\mathbf 1^\top v}\\ v = G^{+}\,(\|g_1\|,\dots,\|g_K\|)\end{gathered}`,
  alignedmtl: String.raw`\begin{gathered}d = K\textstyle\sum_j \alpha_j g_j,\quad \alpha = \sqrt{\lambda_r}\,V\Lambda^{-1/2}V^\top \tfrac1K\mathbf 1\\ G = V\Lambda V^\top\end{gathered}`,
  nashmtl: String.raw`d = \textstyle\sum_j \alpha_j g_j,\quad \tfrac{G}{\|G\|_F}\,\alpha = 1/\alpha,\ \alpha > 0`,
  graddrop: String.raw`\begin{gathered}P_k = \tfrac12\Big(1 + \frac{\sum_i g_{ik}}{\sum_i |g_{ik}|}\Big),\ U_k \sim \mathcal U[0,1)\\ g'_{ik} = g_{ik}\,[\,P_k > U_k,\, g_{ik} > 0\ \text{or}\ P_k < U_k,\, g_{ik} < 0\,]\end{gathered}`,
  config: String.raw`\begin{gathered}u = \frac{b}{\|b\|},\ b = [\hat g_1\ \cdots\ \hat g_K]^{\top +}\mathbf 1\\ d = \big(\textstyle\sum_i g_i\cdot u\big)\,u\end{gathered}`,
  krum: String.raw`\begin{gathered}s_i = \textstyle\sum_{K-f-2\ \text{nearest}\ j} \|g_i - g_j\|\\ d = K\cdot\text{mean of the } m \text{ rows of smallest } s_i\end{gathered}`,
  trimmedmean: String.raw`d_k = K\cdot\operatorname{mean}\big(\{g_{ik}\}_i \text{ without its } t \text{ largest and } t \text{ smallest}\big)`,
  rlw: String.raw`d = K\textstyle\sum_j w_j g_j,\quad w = \operatorname{softmax}(z),\ z \sim \mathcal N(0, I)\ \text{each step}`,
  mean: String.raw`d = K\cdot\tfrac1K\textstyle\sum_i g_i\quad(\text{TorchJD's Mean with scale} = \text{mean})`,
  constant: String.raw`d = \textstyle\sum_i w_i g_i`,
  gradvac: String.raw`\begin{gathered}\varphi = \cos(p, g_j) < \hat\varphi_{ij}:\ p \leftarrow p + \frac{\|p\|(\hat\varphi_{ij}\sqrt{1-\varphi^2} - \varphi\sqrt{1-\hat\varphi_{ij}^2})}{\|g_j\|\sqrt{1-\hat\varphi_{ij}^2}}\,g_j\\ \hat\varphi_{ij} \leftarrow (1-\beta)\hat\varphi_{ij} + \beta\varphi\end{gathered}`,
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
