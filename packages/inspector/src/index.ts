// @socklint/inspector: the live inspector's sampling core (no vscode imports), shared by
// `socklint inspect`, `socklint run` and the editor's panel. See README.md.
export { Sampler, type SamplerOptions, type SamplerEvents } from './sampler';
export { attach, isLoopback, inspectPortFromArgs, looksLikeNode, DEFAULT_INSPECTOR_PORT } from './attach';
export { hasProcfs } from './osProcess';
export { listNodeProcesses, orderCandidates, ancestorsOf, parentPid, editorRoots, type Candidates, type OwnProcesses } from './processes';
export * from './types';
export { KernelSampler, shortCommand as shortKernelCommand } from './kernelView';
export { listKernelProcesses, type KernelProcess } from './kernelProcesses';
export {
  verdictOf,
  createdBeforeTracing,
  NO_PROBLEM,
  type Verdict,
  type VerdictOptions,
  type VerdictItem,
  type VerdictPlace,
  type VerdictProblem,
} from './verdict';
export { trendsOf, trendPoint, trendsText, rateText, uncoveredWithoutTimeout, TREND_WINDOW_MS, type Trends, type TrendPoint } from './trends';
export { serverBoundsSockets, serverTimeoutWarnings, serverOfOwner, type ServerTimeoutField } from './serverTimeouts';
