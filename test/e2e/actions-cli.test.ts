// The CLI end to end on the six Actions failures: `ci-triage analyze <run URL> --json` in process (its
// octokit answered by nock, as the App's), the JSON report checked for the definition diff, the change
// touching the failure, the baseline and the suspects; and GITHUB_SERVER_URL for an API on another host.
import { jest } from '@jest/globals';
import { main } from '../../src/cli.ts';
import type { Report } from '../../src/types.ts';
import { schemaErrors } from '../helpers/report-schema.ts';
import { RED_ID, REPO, SCENARIOS, nockScenario } from './actions-scenarios.ts';

const URL_OF_RUN = `https://github.com/${REPO}/actions/runs/${RED_ID}`;

async function analyze(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => Boolean((out += String(s))));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => Boolean((err += String(s))));
  try {
    const code = await main(['analyze', ...args], env);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('ci-triage analyze on Actions failures', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    nockScenario(s);

    const r = await analyze([URL_OF_RUN, '--json'], { GITHUB_TOKEN: 'ghp_test', CI_TRIAGE_CACHE: ':memory:' });

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.findings[0]?.classifier).toBe(s.expect.finding);
    expect(report.definitionChanges.map((c) => c.path)).toEqual(s.expect.changes);
    expect(report.definitionChanges.filter((c) => c.touchesFailure).map((c) => c.path)).toEqual(s.expect.touching);
    expect(report.suspects.map((x) => x.title).slice(0, s.expect.suspects.length)).toEqual(s.expect.suspects);
    if (s.expect.suspects.length === 0) expect(report.suspects).toEqual([]);
    expect(report.baseline?.buildId).toBe(s.firstRun ? '4990' : '5001');
  });

  describe('an API on another host than the web links', () => {
    const PROXY = 'https://gh-proxy.example.test';

    it('refuses a github.com run link, naming the host it expects', async () => {
      const r = await analyze([URL_OF_RUN, '--json'], { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: PROXY });

      expect(r.code).toBe(2);
      expect(r.err).toContain('but the configured GitHub is https://gh-proxy.example.test');
    });

    it('reads it through the proxy when GITHUB_SERVER_URL names the web host', async () => {
      nockScenario(SCENARIOS[2]!, PROXY);

      const r = await analyze([URL_OF_RUN, '--json'], {
        GITHUB_TOKEN: 'ghp_test',
        GITHUB_API_URL: PROXY,
        GITHUB_SERVER_URL: 'https://github.com',
        CI_TRIAGE_CACHE: ':memory:',
      });

      expect(r.err).toBe('');
      expect((JSON.parse(r.out) as Report).definitionChanges[0]?.touchesFailure).toBe(true);
    });
  });
});
