import type { TriageStore } from '../store/types.ts';
import type { LatestRedRun } from './types.ts';

// `/triage <job-name>` without a CI-specific lookup: the newest failed run of the job that ci-triage
// has already seen (the App triages failures as they are reported). A job whose newest recorded run
// is green has no red run to show.

const RED = new Set(['FAILURE', 'ERROR']);

export function storeLatestRedRun(store: Pick<TriageStore, 'listTriages'>): LatestRedRun {
  return async (job) => {
    const [newest] = (await store.listTriages({ job, limit: 20 })).sort((a, b) => runTime(b) - runTime(a));
    if (!newest || !RED.has(newest.report.run.result)) return null;
    return newest.report.run.url;
  };
}

function runTime(t: { createdAt: string; report: { run: { startedAt: string | null } } }): number {
  return Date.parse(t.report.run.startedAt ?? t.createdAt);
}
