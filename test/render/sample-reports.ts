import type { EmptyEnvFinding, Finding, Report, RunSummary, Suspect } from '../../src/types.ts';
import { generateEngineReports } from '../helpers/engine-reports.ts';

// Sample reports for the render, deliver, store, digest and Slack tests, made by the real engine from
// the project's fixtures (test/helpers/engine-reports.ts): the golden logs of the two incident shapes
// (the Windows empty-env node failure, the CAPI kind version drift) and the GCE quota log, each triaged
// in a Prow run folder with history, baseline and suspects from the fixture PR exports. Builders return
// fresh copies, so tests may mutate. `csiRun`/`capiRun` build run summaries for history and digest tests.

const GENERATED = await generateEngineReports();

const CSI_JOB = 'pull-kubernetes-csi-csi-proxy-integration';
const CSI_VIEW = 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy';
const CAPI_JOB = 'periodic-cluster-api-e2e-latestk8s-main';
const CAPI_VIEW = `https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/${CAPI_JOB}`;

export function csiRun(
  buildId: string,
  pr: number,
  result: RunSummary['result'],
  startedAt: string,
  finishedAt: string,
): RunSummary {
  return { job: CSI_JOB, buildId, url: `${CSI_VIEW}/${pr}/${CSI_JOB}/${buildId}`, result, startedAt, finishedAt };
}

export function capiRun(
  buildId: string,
  result: RunSummary['result'],
  startedAt: string,
  finishedAt: string,
): RunSummary {
  return { job: CAPI_JOB, buildId, url: `${CAPI_VIEW}/${buildId}`, result, startedAt, finishedAt };
}

export function emptyEnvFinding(): EmptyEnvFinding {
  const finding = windowsEmptyEnvReport().findings[0];
  if (finding?.classifier !== 'empty-env')
    throw new Error('the engine no longer finds empty-env in the Windows fixture');
  return finding as EmptyEnvFinding;
}

/** The PR that removed the Windows presets (kubernetes/test-infra#34103), as the suspect finder ranks it. */
export function presetRemovalSuspect(): Suspect {
  const suspect = windowsEmptyEnvReport().suspects[0];
  if (suspect?.number !== 34103) throw new Error('the engine no longer ranks #34103 first for the Windows fixture');
  return suspect;
}

export function windowsEmptyEnvReport(): Report {
  return structuredClone(GENERATED.windowsEmptyEnv);
}

export function capiDriftReport(): Report {
  return structuredClone(GENERATED.capiDrift);
}

export function quotaReport(): Report {
  return structuredClone(GENERATED.quota);
}

/**
 * A failed run nothing matched, with partial input: the "could not tell" path. The engine's report of a
 * log with no known wording, plus the transport failures a local folder cannot produce (a 503 on an
 * artifact, GitHub refusing the suspect lookup).
 */
export function noFindingReport(): Report {
  return {
    ...structuredClone(GENERATED.noFinding),
    suspectsNote: 'suspects unavailable: GitHub answered 403',
    problems: ['artifacts/e2e-959a6f05cf-e3991-windows-node-group-x1/serial-1.log: download failed (HTTP 503)'],
  };
}

/** Log-derived text at its worst: markup, pings, issue refs, backticks, ANSI, a token. Renderers must defuse all of it. */
export const HOSTILE_TOKEN = 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

export function hostileReport(): Report {
  const report = windowsEmptyEnvReport();
  const top = report.findings[0] as Finding;
  top.summary = `<img src=x onerror=alert(1)> @here <!channel> @kubernetes/sig-windows-leads fixes #123 GH-7 see [x](https://evil.example) \`\`\` <!-- ci-triage:pr-comment --> token=${HOSTILE_TOKEN}`;
  top.facts = {
    ...(top.facts as Record<string, unknown>),
    variable: 'A`B``C<script>',
    node: '<@U123ABC> @channel',
    extra: { nested: '<details><summary>x</summary>', token: HOSTILE_TOKEN },
  } as unknown as Finding['facts'];
  top.evidence = [
    { artifact: 'build-log.txt', line: 1, text: '\u001b[31m```\u001b[0m</details><h1>pwned</h1> @everyone #1' },
    {
      artifact: 'build-log.txt',
      line: 2,
      text: `curl -H "Authorization: Bearer ${HOSTILE_TOKEN}" https://api.github.com`,
    },
    { artifact: 'build-log.txt', line: 3, text: '````` <!subteam^S0123|@oncall> <https://evil.example|click>' },
  ];
  const suspect = report.suspects[0] as Suspect;
  suspect.title = 'Fix @org/team ping in #99 <b>bold</b>';
  suspect.reasons = [{ kind: 'term-hit', file: 'a`b.yaml', sign: '-', text: '- token: ``` @here' }];
  report.problems = ['could not read <b>serial-1.log</b> from https://user:hunter2@storage.example/x'];
  return report;
}

/**
 * A failed run nothing matched, with key lines: lines of https://github.com/entireio/cli/actions/runs/22672121228
 * (the assertion new against the green run, the build's `git describe` noise old), plus a hostile line.
 */
export function keyLinesReport(): Report {
  return {
    ...noFindingReport(),
    problems: [],
    keyLines: [
      {
        artifact: 'build-log.txt',
        line: 17,
        text: '2026-03-04T13:56:13.0917858Z         \tError:      \tShould NOT be empty, but was []',
        score: 9.89,
        new: true,
      },
      {
        artifact: 'build-log.txt',
        line: 15,
        text: '2026-03-04T13:56:13.0914306Z === FAIL: e2e/tests TestLineAttributionReasonable/cursor-cli (44.77s)',
        score: 7.56,
        new: true,
      },
      {
        artifact: 'build-log.txt',
        line: 30,
        text: `Error: push failed \`\`\` @here <!channel> fixes #123 token=${HOSTILE_TOKEN} \u001b[31mred\u001b[0m`,
        score: 5,
        new: true,
      },
      {
        artifact: 'build-log.txt',
        line: 10,
        text: '2026-03-04T13:47:29.2269169Z fatal: No names found, cannot describe anything.',
        score: 1.87,
        new: false,
      },
    ],
  };
}
