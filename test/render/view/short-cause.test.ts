import { buildVerdictLine, plainCause, shortCause, SHORT_CAUSE_CHARS } from '../../../src/render/view/index.ts';
import type { Finding } from '../../../src/types.ts';
import {
  capiDriftReport,
  hostileReport,
  noFindingReport,
  quotaReport,
  windowsEmptyEnvReport,
} from '../sample-reports.ts';

describe('shortCause', () => {
  it('says each incident in one short sentence with its key value as code', () => {
    const cases = [windowsEmptyEnvReport(), capiDriftReport(), quotaReport()].map((r) =>
      shortCause(r.findings[0] as Finding),
    );

    expect(cases.map((segments) => segments.filter((s) => s.code).map((s) => s.text))).toEqual([
      ['NODE_BINARY_TAR_URL', 'KUBE_GCE_ENABLE_IP_ALIASES'],
      ['kindest/node:v1.33.0-alpha.1.199_25278540780516', 'v1.33.0-alpha.1.122+c81431de59a3bf'],
      ['k8s-infra-e2e-boskos-052'],
    ]);
    for (const segments of cases) expect(plainCause(segments).length).toBeLessThan(SHORT_CAUSE_CHARS);
  });

  it('cuts a long summary at a clause break, never past the cap', () => {
    const f = {
      ...(quotaReport().findings[0] as Finding),
      facts: {},
      summary: `${'word '.repeat(20)}then, ${'more '.repeat(40)}`,
    } as Finding;

    const text = plainCause(shortCause(f));

    expect(text.length).toBeLessThanOrEqual(SHORT_CAUSE_CHARS);
    expect(text.endsWith('then')).toBe(true);
  });

  it('keeps secrets out of the short cause too', () => {
    const r = hostileReport();

    expect(JSON.stringify(buildVerdictLine(r))).not.toContain('hunter2');
  });
});

describe('buildVerdictLine', () => {
  it('reads verdict, culprit, commit and rerun from the report', () => {
    const r = windowsEmptyEnvReport();
    r.run.commit = '88F35421b1c1a5d3bd1e0d0e7c6f4a6f4b6c2d11';

    const v = buildVerdictLine(r);

    expect([v.verdict, v.commit, v.culprit?.ref, v.culprit?.reason?.label]).toEqual([
      'broken',
      '88F3542',
      'kubernetes/test-infra#34103',
      'removes preset',
    ]);
  });

  it('says new for a first failure, and nothing about the cause when nothing matched', () => {
    const r = noFindingReport();
    r.history = { pattern: 'single', failedSameCause: 1, passed: 0, failedOtherCause: 0 };

    const v = buildVerdictLine(r);

    expect([v.verdict, v.cause, v.culprit, v.commit]).toEqual(['new', null, null, null]);
  });
});
