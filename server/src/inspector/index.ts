// The live inspector's sampling core (no vscode imports): shared by `socklint inspect` and the panel.
export { Sampler, type SamplerOptions, type SamplerEvents } from './sampler';
export { attach, isLoopback, inspectPortFromArgs, DEFAULT_INSPECTOR_PORT } from './attach';
export { listNodeProcesses } from './processes';
export * from './types';
export { KernelSampler, shortCommand as shortKernelCommand } from './kernelView';
export { listKernelProcesses, type KernelProcess } from './kernelProcesses';
