import type { Digest, DigestPeriod } from '../../digest/types.ts';

// Wording shared by the Slack and Markdown digests, so both say the same thing.

/** `+3`, `−2` or `±0` (a real minus sign, so it reads as one). */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '\u00b10';
}

/** `12 (+4 vs 8)`: a count with its change against the previous period. */
export function withDelta(now: number, before: number): string {
  return `${now} (${signed(now - before)} vs ${before})`;
}

export function periodLength(period: DigestPeriod): string {
  const hours = Math.round((Date.parse(period.end) - Date.parse(period.start)) / 3_600_000);
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
}

/** `2025-02-05 09:00 – 2025-02-12 09:00 UTC` */
export function periodLabel(period: DigestPeriod): string {
  const fmt = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  return `${fmt(period.start)} \u2013 ${fmt(period.end)} UTC`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** One line with the headline numbers. */
export function headline(d: Digest): string {
  const t = d.totals;
  const gone = d.goneCauses > 0 ? `, ${d.goneCauses} gone since the previous period` : '';
  return (
    `${plural(t.failures, 'failure')} (${signed(t.failures - t.previous)} vs ${t.previous}) in ${plural(t.failingJobs, 'job')} ` +
    `(${signed(t.failingJobs - t.previousFailingJobs)}); ${plural(d.causes.length, 'cause')}: ${d.newCauses} new, ${d.recurringCauses} recurring${gone}`
  );
}

export function feedbackLine(d: Digest): string {
  const f = d.feedback;
  if (f.total === 0 && f.previous === 0) return 'none';
  const by = f.byClassifier.map((c) => `${c.classifier} ${c.count}`).join(', ');
  return `${withDelta(f.total, f.previous)}${by ? `: ${by}` : ''}`;
}

export function flakyDetail(row: Digest['flaky'][number]): string {
  const source = row.flaggedByHistory ? 'history verdict' : 'recorded runs';
  return `${plural(row.flips, 'flip')} in the period; ${row.passed} passed / ${row.failed} failed (${source})`;
}
