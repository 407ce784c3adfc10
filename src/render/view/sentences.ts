import type { HistoryVerdict, RunSummary } from '../../types.ts';
import { cleanLogText } from '../sanitize/index.ts';

// Plain-English sentences shared by all renderers.

export function runLabel(run: RunSummary): string {
  return cleanLogText(`${run.job} #${run.buildId}`);
}

/** `#<build>` when `other` is a run of the same job as `run`, else the full label. */
export function relativeLabel(other: RunSummary, run: RunSummary): string {
  return other.job === run.job ? cleanLogText(`#${other.buildId}`) : runLabel(other);
}

/** `2025-02-11T01:59:49Z` → `2025-02-11 01:59 UTC`; unparseable input is returned cleaned. */
export function formatTime(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return cleanLogText(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function baselineSentence(baseline: RunSummary | null, run: RunSummary): string {
  if (!baseline) return 'No baseline: no earlier passing run of this job was found, so nothing was compared.';
  const when = formatTime(baseline.finishedAt ?? baseline.startedAt);
  const kind = baseline.result === 'SUCCESS' ? 'passing run' : `${baseline.result} run`;
  return `Compared with ${kind} ${relativeLabel(baseline, run)}${when ? `, finished ${when}` : ''}.`;
}

export function verdictSentence(h: HistoryVerdict, firstRed: RunSummary | null, run: RunSummary): string {
  const since = firstRed ? `, starting with ${relativeLabel(firstRed, run)}` : '';
  const other = h.failedOtherCause > 0 ? ` ${plural(h.failedOtherCause, 'other run')} failed differently.` : '';
  switch (h.pattern) {
    case 'broken':
      return `Broken, not a flake: ${plural(h.failedSameCause, 'run')} failed the same way${since}, and none passed in between.${other}`;
    case 'flaky':
      return `Flaky: ${plural(h.failedSameCause, 'failure')} with this cause alternate with ${plural(h.passed, 'passing run')}.${other}`;
    case 'single':
      return `First failure with this cause among the runs looked at.${other}`;
    default:
      return `History unknown: not enough earlier runs to tell broken from flaky.${other}`;
  }
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
