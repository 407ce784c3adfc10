import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalyzeError, classifyRun, loadRuleCatalog, observeRun } from '../../src/analyze/index.ts';
import type { RuleCatalog } from '../../src/analyze/index.ts';
import { rulesInForce } from '../../src/analyze/observe-run.ts';
import { evidence, lines, textArtifact } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-triage-rules-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, yaml: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, yaml);
  return path;
}

function rule(fields: string): string {
  return `rules:\n  - id: my-rule\n    category: test\n    explanation: It broke.\n${fields}`;
}

async function loadError(yaml: string): Promise<AnalyzeError> {
  const path = await file(`r${Math.random().toString(36).slice(2)}.yaml`, yaml);
  const err = await loadRuleCatalog([path]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AnalyzeError);
  expect((err as AnalyzeError).message).toContain(path);
  expect((err as AnalyzeError).message).not.toContain('\n');
  return err as AnalyzeError;
}

async function findingsFor(
  catalog: RuleCatalog,
  text: string,
  startedAt: string | null = '2025-02-01T00:00:00Z',
): Promise<string[]> {
  const obs = await observeRun(evidence([textArtifact('build-log.txt', text)], { startedAt }), catalog);
  return classifyRun(obs, null, catalog).map((f) => f.summary);
}

describe('loadRuleCatalog', () => {
  it('loads the shipped rules', async () => {
    const catalog = await loadRuleCatalog();

    expect(catalog.files).toEqual([expect.stringMatching(/rules\/default\.yaml$/)]);
    expect(new Set(catalog.rules.map((r) => r.id)).size).toBe(catalog.rules.length);
    expect(catalog.rules.every((r) => r.triggers.length > 0)).toBe(true);
  });

  it('adds user rules and lets them replace a shipped rule with the same id', async () => {
    const path = await file(
      'user.yaml',
      `rules:
  - id: no-space-left
    category: resource
    confidence: 0.5
    explanation: Disk full on {where|the runner}.
    patterns: ['no space left on device(?: on (?<where>[\\w-]+))?']
  - id: flaky-widget
    category: test
    explanation: The widget test flaked ({count} retries).
    patterns: ['widget retried (?<count>\\d+) times']
`,
    );

    const catalog = await loadRuleCatalog([path]);

    expect(catalog.rules.filter((r) => r.id === 'no-space-left')).toHaveLength(1);
    expect(await findingsFor(catalog, lines('no space left on device on node-7', 'widget retried 3 times'))).toEqual([
      'The widget test flaked (3 retries).',
      'Disk full on node-7.',
    ]);
  });

  it.each([
    ['a missing file', null, 'rules-unreadable', /cannot read rules file: ENOENT/],
    ['bad YAML', 'rules:\n  - id: x\n   bad: [', 'rules-bad-yaml', /\.yaml:\d+:\d+: invalid YAML: /],
    ['no rules list', 'version: 1\n', 'rule-invalid', /expected a mapping with a `rules:` list/],
    [
      'an unknown key',
      rule("    paterns: ['x']\n    patterns: ['oops here']\n"),
      'rule-invalid',
      /rule "my-rule": Unrecognized key: "paterns"/,
    ],
    [
      'neither patterns nor sequence',
      rule(''),
      'rule-invalid',
      /rule "my-rule": needs exactly one of `patterns` or `sequence`/,
    ],
    [
      'a bad id',
      rule("    patterns: ['boom here']\n").replace('my-rule', 'My_Rule'),
      'rule-invalid',
      /rule "My_Rule": `id` must be kebab-case/,
    ],
    [
      'a placeholder without a group',
      rule("    patterns: ['boom here']\n").replace('It broke.', 'It broke {why}.'),
      'rule-invalid',
      /uses \{why\} but no pattern has a group/,
    ],
    [
      'a pattern that does not compile',
      rule("    patterns: ['broken (here']\n"),
      'rule-invalid',
      /pattern 1 \(broken \(here\) does not compile/,
    ],
    [
      'an exponential pattern',
      rule("    patterns: ['timeout (a+)+$']\n"),
      'rule-unsafe-pattern',
      /pattern 1 .* may backtrack catastrophically \(exponential/,
    ],
    [
      'a quadratic pattern',
      rule("    patterns: ['error: .*failed.*again']\n"),
      'rule-unsafe-pattern',
      /may backtrack catastrophically \(\w+ degree polynomial time, e\.g\. on /,
    ],
    ['a backreference', rule("    patterns: ['(?<w>word) again \\k<w>']\n"), 'rule-invalid', /uses a backreference/],
    ['a lookbehind', rule("    patterns: ['(?<=ERROR )boom']\n"), 'rule-invalid', /uses a lookaround/],
    [
      'a pattern matching every line',
      rule("    patterns: ['(?:nothing)?']\n"),
      'rule-invalid',
      /matches the empty string/,
    ],
    [
      'no literal to prefilter on',
      rule("    patterns: ['(?:ERROR|FATAL) \\d+']\n"),
      'rule-invalid',
      /has no literal of 4\+ characters outside groups; add `triggers:`/,
    ],
    [
      'a short trigger',
      rule("    patterns: ['boom here']\n    triggers: ['bo']\n"),
      'rule-invalid',
      /`triggers.0` Too small/,
    ],
    [
      'inverted time bounds',
      rule("    patterns: ['boom here']\n    validFrom: 2025-02-01\n    validUntil: 2025-01-01\n"),
      'rule-invalid',
      /`validFrom` must be before `validUntil`/,
    ],
    [
      'a bad date',
      rule("    patterns: ['boom here']\n    validFrom: someday\n"),
      'rule-invalid',
      /`validFrom` is not a date/,
    ],
    [
      'the same id twice',
      `${rule("    patterns: ['boom here']\n")}${rule("    patterns: ['bang here']\n").replace('rules:\n', '')}`,
      'rule-duplicate-id',
      /rule "my-rule": the id is used twice/,
    ],
  ])('rejects %s with one clear line', async (_what, yaml, code, message) => {
    const err =
      yaml === null
        ? ((await loadRuleCatalog([join(dir, 'missing.yaml')]).catch((e: unknown) => e)) as AnalyzeError)
        : await loadError(yaml);

    expect(err).toMatchObject({ code, permanent: true });
    expect(err.message).toMatch(message);
  });
});

describe('catalog rules at work', () => {
  it('applies a rule only inside its time bounds', async () => {
    const path = await file(
      'bounded.yaml',
      rule("    patterns: ['k8s.gcr.io frozen']\n    validFrom: 2023-03-20\n    validUntil: 2025-01-01\n"),
    );
    const catalog = await loadRuleCatalog([path]);

    expect(rulesInForce(catalog, '2024-06-01T00:00:00Z').some((r) => r.id === 'my-rule')).toBe(true);
    expect(await findingsFor(catalog, 'k8s.gcr.io frozen\n', '2024-06-01T00:00:00Z')).toEqual(['It broke.']);
    expect(await findingsFor(catalog, 'k8s.gcr.io frozen\n', '2025-02-01T00:00:00Z')).toEqual([]);
    expect(await findingsFor(catalog, 'k8s.gcr.io frozen\n', '2023-01-01T00:00:00Z')).toEqual([]);
    expect(await findingsFor(catalog, 'k8s.gcr.io frozen\n', null)).toEqual(['It broke.']);
  });

  it('matches a sequence only in order and within its window', async () => {
    const path = await file(
      'sequence.yaml',
      `rules:
  - id: two-step
    category: test
    explanation: "{first} then {second}"
    sequence:
      within: 2
      patterns: ['step one: (?<first>\\w+)', 'step two: (?<second>\\w+)']
`,
    );
    const catalog = await loadRuleCatalog([path]);

    expect(await findingsFor(catalog, lines('step one: a', 'noise', 'step two: b'))).toEqual(['a then b']);
    expect(await findingsFor(catalog, lines('step one: a', 'noise', 'noise', 'step two: b'))).toEqual([]);
    expect(await findingsFor(catalog, lines('step two: b', 'step one: a'))).toEqual([]);
  });

  it('fills facts from context patterns anywhere in the run and falls back when absent', async () => {
    const catalog = await loadRuleCatalog();
    const quota = lines(
      'ERROR: (gcloud.compute.networks.create) Could not fetch resource:',
      " - Quota 'NETWORKS' exceeded.  Limit: 15.0 globally.",
    );

    const [withProject] = await findingsFor(catalog, `gcloud config set project k8s-infra-e2e-boskos-052\n${quota}`);
    const [without] = await findingsFor(catalog, quota);

    expect(withProject).toContain('in GCP project k8s-infra-e2e-boskos-052,');
    expect(without).toContain('in GCP project (not named in the log),');
  });

  it('honours ignoreCase', async () => {
    const path = await file('case.yaml', rule("    ignoreCase: true\n    patterns: ['segmentation fault']\n"));

    expect(await findingsFor(await loadRuleCatalog([path]), 'Segmentation Fault (core dumped)\n')).toEqual([
      'It broke.',
    ]);
  });
});
