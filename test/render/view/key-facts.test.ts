import { humanize, keyFacts } from '../../../src/render/view/index.ts';
import type { Finding } from '../../../src/types.ts';
import { capiDriftReport, emptyEnvFinding, quotaReport } from '../sample-reports.ts';

function finding(classifier: string, facts: Record<string, unknown>): Finding {
  return {
    classifier,
    category: 'test',
    confidence: 0.5,
    summary: 's',
    facts,
    evidence: [],
    fingerprint: 'fp',
  } as Finding;
}

describe('keyFacts', () => {
  it('presents empty-env facts with curated labels, env changes and the location', () => {
    const facts = keyFacts(emptyEnvFinding());

    expect(facts.map((f) => f.label)).toEqual([
      'Empty variable',
      'Empty parameter',
      'Where',
      'Node',
      'Env changes since baseline',
      'Preset labels with no preset',
      'Log lines gone since baseline',
      'Error type',
      'Occurrences',
      'Cmdlet',
      'Code',
    ]);
    // The wording table's row id (facts.wording) stays in the JSON, not among the facts a person reads.
    expect(facts.map((f) => f.label)).not.toContain('Wording');
    expect(facts[2]?.items).toEqual([{ literal: 'C:\\k8s-node-setup.psm1:383 char 32', note: null }]);
    expect(facts[4]?.items).toContainEqual({ literal: 'KUBERNETES_NODE_PLATFORM=windows', note: 'gone' });
  });

  it('presents image-pull-manifest drift as requested vs available', () => {
    const top = capiDriftReport().findings[0] as Finding;

    const drift = keyFacts(top).find((f) => f.label === 'Version drift');

    expect(drift?.items).toEqual([
      { literal: 'v1.33.0-alpha.1.199+25278540780516', note: 'requested' },
      { literal: 'v1.33.0-alpha.1.122+c81431de59a3bf', note: 'available' },
    ]);
  });

  it('marks added and changed env vars', () => {
    const facts = keyFacts(
      finding('empty-env', {
        envChanges: [
          { name: 'A', before: null, after: '1' },
          { name: 'B', before: '1', after: '2' },
        ],
      }),
    );

    expect(facts[0]?.items).toEqual([
      { literal: 'A=1', note: 'new' },
      { literal: 'B: 1 → 2', note: 'changed' },
    ]);
  });

  it('shows catalog rule facts generically and leaves the category out', () => {
    const top = quotaReport().findings[0] as Finding;

    const facts = keyFacts(top);

    expect(facts.map((f) => `${f.label}=${f.items[0]?.literal}`)).toEqual([
      'Project=k8s-infra-e2e-boskos-052',
      'Command=gcloud.compute.networks.create',
      'Quota=NETWORKS',
      'Limit=15.0',
      'Occurrences=1',
    ]);
  });

  it('caps list items and counts the rest', () => {
    const facts = keyFacts(finding('rule:x', { names: Array.from({ length: 9 }, (_, i) => `n${i}`) }), {
      maxItems: 3,
      maxLiteral: 50,
      maxGeneric: 8,
    });

    expect(facts[0]).toEqual({
      label: 'Names',
      items: [
        { literal: 'n0', note: null },
        { literal: 'n1', note: null },
        { literal: 'n2', note: null },
      ],
      more: 6,
    });
  });

  it('survives malformed facts: wrong shapes, nulls, cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    const facts = keyFacts(
      finding('empty-env', { envChanges: 'oops', danglingLabels: null, drift: 5, weird: cyclic, n: 0, ok: true }),
    );

    // A known fact of the wrong shape is left out; unknown ones are shown as they are.
    expect(facts.map((f) => f.label)).toEqual(['Drift', 'Weird', 'N', 'Ok']);
    expect(facts[1]?.items[0]?.literal).toBe('[object Object]');
  });

  it('redacts secrets and strips terminal escapes in values', () => {
    const facts = keyFacts(finding('rule:x', { cmd: '\u001b[1mexport TOKEN=abc\u001b[0m' }));

    expect(facts[0]?.items[0]?.literal).toBe('export TOKEN=[REDACTED]');
  });
});

describe('keyFacts after the suspect finder', () => {
  it('names the PR that removed each dangling preset', () => {
    const base = emptyEnvFinding();
    const f = {
      ...base,
      facts: {
        ...base.facts,
        danglingPresets: [
          { label: 'preset-common-gce-windows', removedBy: { repo: 'kubernetes/test-infra', number: 34103 } },
          { label: 'preset-x', removedBy: null },
        ],
      },
    };

    const dangling = keyFacts(f).find((k) => k.label === 'Preset labels with no preset');

    expect(dangling?.items).toEqual([
      { literal: 'preset-common-gce-windows', note: 'removed by kubernetes/test-infra#34103' },
      { literal: 'preset-x', note: null },
    ]);
  });

  it('shows a flat record as key=value items and keeps baseline evidence out of the facts', () => {
    const f = {
      ...capiDriftReport().findings[0]!,
      facts: {
        image: 'kindest/node:v1',
        repository: 'kindest/node',
        tool: 'docker',
        occurrences: 1,
        resolvedVersions: { KUBERNETES_VERSION: 'v1.33.0' },
        unresolvedEvidence: [{ artifact: 'build-log.txt', line: 1, text: 'x' }],
      },
    } as Finding;

    const facts = keyFacts(f);

    expect(facts.find((k) => k.label === 'Resolved versions')?.items).toEqual([
      { literal: 'KUBERNETES_VERSION=v1.33.0', note: null },
    ]);
    expect(facts.map((k) => k.label)).not.toContain('Unresolved evidence');
  });
});

describe('humanize', () => {
  it.each([
    ['failedTest', 'Failed test'],
    ['boskos_project', 'Boskos project'],
    ['unresolvedSinceBaseline', 'Unresolved since baseline'],
    ['HTTPStatus', 'Httpstatus'],
  ])('%s → %s', (key, label) => {
    expect(humanize(key)).toBe(label);
  });
});
