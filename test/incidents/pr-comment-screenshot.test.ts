import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { renderPrComment } from '../../src/render/github/index.ts';
import type { PrCommentJob } from '../../src/render/github/index.ts';
import { MemoryPrCache } from '../../src/suspects/index.ts';
import { triage } from '../../src/triage.ts';
import type { Report } from '../../src/types.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { startGcsServer } from '../helpers/gcs-server.ts';
import { makeTestOctokit, startGithubFake } from '../helpers/github-fake.ts';
import type { GithubExport } from '../helpers/github-fake.ts';
import { githubCommentPage } from '../helpers/github-page.ts';
import { SHARED } from './expected.ts';

// The PR comment for each incident, triaged by the real engine (runs from a loopback GCS, suspects
// from a loopback GitHub holding the PRs really merged), rendered the way GitHub renders it, in
// headless Chromium: the verdict line and the likely culprit must sit in the first 600 px.
// PNGs go to a temp folder (CI_TRIAGE_SCREENSHOTS to choose it), never into the repo.

const FOLD_PX = 600;
const SHOTS = process.env.CI_TRIAGE_SCREENSHOTS ?? join(tmpdir(), 'ci-triage-screenshots');
const WIN = {
  incident: 'windows-empty-node-binary-url',
  url: 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160',
  exports: ['kubernetes__test-infra.json'],
  empty: 'kubernetes-csi/csi-proxy',
  culprit: 'https://github.com/kubernetes/test-infra/pull/34103',
};
const CAPI = {
  incident: 'capi-kind-version-drift',
  url: 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217',
  exports: ['kubernetes__test-infra.json', 'kubernetes-sigs__cluster-api.json'],
  empty: 'kubernetes/kubernetes',
  culprit: 'https://github.com/kubernetes-sigs/cluster-api/pull/11784',
};
type Incident = typeof WIN;

const closers: (() => Promise<void>)[] = [];

async function triageIncident(i: Incident): Promise<Report> {
  const gcs = await startGcsServer({ root: join(SHARED, i.incident, 'gcs') });
  const exports = i.exports.map(
    (f) => JSON.parse(readFileSync(join(SHARED, i.incident, 'github', f), 'utf8')) as GithubExport,
  );
  // The repo under test merged nothing in the window; it is there so the finder can read it.
  const github = await startGithubFake([...exports, { repo: i.empty, branch: 'master', pulls: [], files: {} }]);
  closers.push(
    () => gcs.close(),
    () => github.close(),
  );
  const deps = {
    sources: { gcsUrl: gcs.url, prowUrl: 'https://prow.k8s.io' },
    catalog: await loadRuleCatalog([]),
    suspects: {
      octokit: makeTestOctokit(github.baseUrl),
      cache: new MemoryPrCache(),
      configRepos: ['kubernetes/test-infra'],
    },
  };
  return triage({ source: i.url, suspects: true }, deps);
}

function failing(report: Report): PrCommentJob {
  return {
    job: report.run.job,
    url: report.run.url,
    status: 'failing',
    report,
    error: null,
    updatedAt: '2025-02-12T09:30:00Z',
  };
}

async function shoot(page: Page, name: string, markdown: string): Promise<void> {
  writeFileSync(join(SHOTS, `${name}.md`), markdown);
  await page.setContent(githubCommentPage(markdown), { waitUntil: 'load' });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not rendered`);
  return box.y + box.height;
}

async function rightOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not rendered`);
  return box.x + box.width;
}

describe('PR comment first screen, rendered like GitHub in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const reports = new Map<Incident, Report>();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 812, height: 900 } });
    reports.set(WIN, await triageIncident(WIN));
    reports.set(CAPI, await triageIncident(CAPI));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(closers.map((c) => c()));
  });

  it.each([
    ['windows', WIN, 'broken', 'NODE_BINARY_TAR_URL'],
    ['capi', CAPI, 'flaky', 'kindest/node:v1.33.0-alpha.1.199_25278540780516'],
  ])('%s: the verdict line and the culprit are in the first 600 px', async (name, incident, verdict, fact) => {
    const report = reports.get(incident)!;
    const md = renderPrComment(
      { repo: 'r/r', pr: 1, jobs: [failing(report)], configNote: null },
      { now: new Date('2025-02-12T09:31:00Z') },
    );

    await shoot(page, `pr-comment-${name}`, md);
    const line = page.locator('.markdown-body > p', { hasText: '❌' }).first();
    const culprit = `.markdown-body > p a[href="${incident.culprit}"]`;

    await expect(line.locator('strong', { hasText: verdict }).count()).resolves.toBe(1);
    await expect(line.locator('code', { hasText: fact }).count()).resolves.toBe(1);
    expect(await bottomOf(page, `.markdown-body > p:has-text("❌")`)).toBeLessThanOrEqual(FOLD_PX);
    expect(await bottomOf(page, culprit)).toBeLessThanOrEqual(FOLD_PX);
    // The details are there, but collapsed: nothing of them shows on the first screen.
    expect(await page.locator('details').first().getAttribute('open')).toBeNull();
    expect(await page.locator('details ul').first().isVisible()).toBe(false);

    for (const summary of await page.locator('summary').all()) await summary.click();
    await page.screenshot({ path: join(SHOTS, `pr-comment-${name}-details.png`), fullPage: true });
    const evidence = await page
      .locator('details li > a:first-child', { hasText: /\.(txt|log):\d+$/ })
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(evidence.length).toBeGreaterThan(0);
    for (const href of evidence) expect(href).toMatch(/#1:build-log\.txt%3A\d+$|^https:\/\/gcsweb\.k8s\.io\/gcs\//);
    // Each bold heading is its own paragraph, followed by its own list: nothing merges into the facts.
    const headings = await page.locator('details > p > strong:only-child').allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['Facts:', 'Suspects:', 'Evidence:']));
  });

  it('both jobs on one PR: the table rows with verdict and culprit are in the first 600 px', async () => {
    const md = renderPrComment(
      { repo: 'r/r', pr: 1, jobs: [failing(reports.get(WIN)!), failing(reports.get(CAPI)!)], configNote: null },
      { now: new Date('2025-02-12T09:31:00Z') },
    );

    await shoot(page, 'pr-comment-both', md);

    const headers = await page.locator('table th').allTextContents();
    expect(headers).toEqual(['Job', 'Verdict', 'Cause', 'Likely culprit', 'Commit', 'Rerun']);
    for (const [incident, verdict] of [
      [WIN, 'broken'],
      [CAPI, 'flaky'],
    ] as const) {
      const row = `table tr:has(a[href="${incident.culprit}"])`;
      await expect(page.locator(row).locator('td').nth(1).textContent()).resolves.toBe(verdict);
      expect(await bottomOf(page, row)).toBeLessThanOrEqual(FOLD_PX);
      // The rerun cell is on screen too, not scrolled off to the right of the comment.
      expect(await rightOf(page, `${row} td:last-child`)).toBeLessThanOrEqual(await rightOf(page, '.markdown-body'));
    }
  });
});
