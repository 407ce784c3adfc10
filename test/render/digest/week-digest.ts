import { buildDigest } from '../../../src/digest/index.ts';
import type { Digest } from '../../../src/digest/index.ts';
import { FINGERPRINTS, WEEK_END, WEEK_START, weekOfIncidents } from '../../fixtures/slack/week-of-incidents.ts';

/** The seeded week's digest, built without a store (first sightings taken from the seeds themselves). */
export function weekDigest(): Digest {
  const seeds = weekOfIncidents();
  const firstSeen: Record<string, string> = {};
  for (const s of seeds) {
    for (const f of s.report.findings) {
      const at = new Date(s.report.run.startedAt ?? WEEK_END).toISOString();
      if (!firstSeen[f.fingerprint] || at < (firstSeen[f.fingerprint] as string)) firstSeen[f.fingerprint] = at;
    }
  }
  const triages = seeds.map((s) => ({
    repo: s.repo,
    createdAt: s.report.run.finishedAt ?? WEEK_END,
    report: s.report,
  }));
  const feedback = [
    {
      createdAt: '2025-02-08T18:00:00Z',
      fingerprint: FINGERPRINTS.quota,
      classifier: 'rule:gce-quota-exceeded',
    },
    { createdAt: '2025-02-01T18:00:00Z', fingerprint: 'x', classifier: 'rule:ginkgo-failed' },
  ];
  return buildDigest({
    scope: { key: 'channel:C0KUBE001|7d', label: 'all jobs' },
    period: { start: WEEK_START, end: WEEK_END },
    triages,
    firstSeen,
    feedback,
  });
}
