export { githubPurpose, metrics } from './metrics.ts';
export type { Metrics, QueueSnapshot } from './metrics.ts';
