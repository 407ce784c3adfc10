import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startGcsServer } from '../helpers/gcs-server.ts';
import type { EmptyEnvFinding, Finding, ImagePullFinding, Report } from '../../src/types.ts';
import { schemaErrors } from '../helpers/report-schema.ts';
import { RUNS, SHARED, WINDOWS_NODES, WINDOWS_VANISHED } from './expected.ts';
import type { ExpectedRun } from './expected.ts';
import { expectFinding } from '../helpers/findings.ts';

// Both incidents end to end through the real CLI, reading the local folder and the same tree over
// HTTP from a loopback GCS, with history discovery and no --baseline.
const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');

async function analyze(ref: string, env: Record<string, string> = {}): Promise<Report> {
  const { stdout } = await run(process.execPath, [CLI, 'analyze', ref, '--json', '--no-suspects'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Report;
}

function find(report: Report, classifier: string): Finding | undefined {
  return report.findings.find((f) => f.classifier === classifier);
}

function checkRun(expected: ExpectedRun, report: Report): void {
  expect(schemaErrors(report)).toEqual([]);
  expect(report.run.buildId).toBe(expected.buildId);
  expect(report.run.result).toBe(expected.result);
  if (expected.cause === null) {
    expect(
      report.findings.filter((f) => f.classifier === 'empty-env' || f.classifier === 'image-pull-manifest'),
    ).toEqual([]);
    return;
  }
  expect(report.baseline?.buildId).toBe(expected.baseline);
  const top = report.findings[0]!;
  if (expected.cause === 'quota') {
    expect(top.classifier).toMatch(/^rule:.*quota/);
    expect(JSON.stringify(top.facts)).toContain('NETWORKS');
    expect(top.evidence.map((e) => e.text).join('\n')).toContain("Quota 'NETWORKS' exceeded");
    expect(expectFinding(top, top.classifier as `rule:${string}`).facts.project).toBe('k8s-infra-e2e-boskos-052');
    expect(find(report, 'empty-env')).toBeUndefined();
    // The preset regression is latent in this run: noted, below the real cause.
    const latent = find(report, 'env-drift');
    expect(latent?.category).toBe('latent');
    expect(latent!.confidence).toBeLessThan(top.confidence);
    return;
  }
  expect(top.classifier).toBe(expected.cause);
  if (expected.buildId === '1889120572684636160') {
    expect(report.history).toEqual({ pattern: 'broken', failedSameCause: 3, passed: 0, failedOtherCause: 1 });
  }
  if (expected.buildId === '1889575453191049217') {
    expect(report.history).toEqual({ pattern: 'flaky', failedSameCause: 4, passed: 3, failedOtherCause: 0 });
  }
  if (expected.cause === 'empty-env') checkEmptyEnv(expected, expectFinding(top, 'empty-env'));
  else checkDrift(expected, expectFinding(top, 'image-pull-manifest'), report);
}

function checkEmptyEnv(expected: ExpectedRun, f: EmptyEnvFinding): void {
  expect(f.facts.parameter).toBe('Path');
  expect(f.facts.variable).toBe('NODE_BINARY_TAR_URL');
  expect(f.facts.node).toBe(WINDOWS_NODES[expected.buildId]);
  const changes = f.facts.envChanges ?? [];
  for (const [name, before] of Object.entries(WINDOWS_VANISHED))
    expect(changes).toContainEqual({ name, before, after: null });
  expect(changes.filter((c) => c.before === null)).toEqual([]);
  expect(f.facts.danglingLabels).toEqual(
    expect.arrayContaining(['preset-common-gce-windows', 'preset-e2e-gce-windows-containerd']),
  );
  expect(f.facts.danglingLabels).not.toContain('preset-k8s-ssh');
  expect(f.facts.danglingLabels).not.toContain('preset-service-account');
  const vanished = (f.facts.vanishedLines ?? []).join('\n');
  expect(vanished).toContain('Will download and extract kubernetes-node-windows-amd64.tar.gz');
  const serial = f.evidence.find(
    (e) => e.artifact.endsWith('serial-1.log') && e.text.includes("Cannot bind argument to parameter 'Path'"),
  );
  expect(serial?.artifact).toBe(`artifacts/${WINDOWS_NODES[expected.buildId]}/serial-1.log`);
  expect(serial?.line).toBeGreaterThan(0);
}

function checkDrift(expected: ExpectedRun, f: ImagePullFinding, report: Report): void {
  const tag = expected.requested!.replace('+', '_');
  expect(f.facts.image).toBe(`kindest/node:${tag}`);
  expect(f.facts.drift).toEqual({ requested: expected.requested, available: [expected.available] });
  expect(JSON.stringify(f.facts)).toContain(expected.cluster!);
  expect(f.facts.unresolvedSinceBaseline).toEqual(expect.arrayContaining(['KUBERNETES_VERSION_LATEST_CI']));
  const texts = f.evidence.map((e) => e.text).join('\n');
  expect(texts).toContain(`manifest for kindest/node:${tag} not found`);
  expect(texts).not.toContain(`manifest for kindest/node:${expected.available!.replace('+', '_')} not found`);
  expect(report.firstRed?.buildId).toBe('1886631050654781440');
}

describe.each(['local folder', 'loopback GCS over HTTP'])('incidents through the CLI (%s)', (mode) => {
  const servers: { close(): Promise<void> }[] = [];
  const refFor = new Map<string, Promise<{ ref: string; env: Record<string, string> }>>();

  async function source(r: ExpectedRun): Promise<{ ref: string; env: Record<string, string> }> {
    const root = join(SHARED, r.incident, 'gcs');
    if (mode === 'local folder') return { ref: join(root, r.path), env: {} };
    let server = refFor.get(r.incident);
    if (!server) {
      server = startGcsServer({ root }).then((s) => {
        servers.push(s);
        return { ref: '', env: { CI_TRIAGE_GCS_URL: s.url, CI_TRIAGE_PROW_URL: 'https://prow.example.test' } };
      });
      refFor.set(r.incident, server);
    }
    const { env } = await server;
    return { ref: `https://prow.example.test/view/gs/${r.path}`, env };
  }

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it.each(RUNS.map((r) => [`${r.incident} ${r.buildId} (${r.result}${r.cause ? `, ${r.cause}` : ''})`, r] as const))(
    '%s',
    async (_name, expected) => {
      const { ref, env } = await source(expected);

      const report = await analyze(ref, env);

      checkRun(expected, report);
    },
  );
});
