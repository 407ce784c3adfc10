import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { renderPrComment } from '../../src/render/github/index.ts';
import { renderSlackReport } from '../../src/render/slack/index.ts';
import { renderText } from '../../src/render/text/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { triage } from '../../src/triage.ts';
import type { TriageDeps } from '../../src/triage.ts';
import type { Report } from '../../src/types.ts';
import { leaked, PLANTED, PLANTED_RULES, plantedLog } from './planted-secrets.ts';

// Each planted secret through the whole engine and every output a report reaches: the CLI's --json and
// text, the PR comment's Markdown, Slack's Block Kit, and the SQLite rows the App saves.

const NOW = new Date('2025-02-11T03:00:00Z');

describe('no planted secret reaches any output', () => {
  let dir: string;
  let deps: TriageDeps;
  const outputs: Record<string, string[]> = { json: [], text: [], markdown: [], blockKit: [], store: [] };
  const reached: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-secrets-'));
    const rules = join(dir, 'planted-rules.yaml');
    writeFileSync(rules, PLANTED_RULES);
    deps = { sources: {}, catalog: await loadRuleCatalog([rules]), suspects: null };
    const store = openSqliteStore({ path: ':memory:' });
    for (const s of PLANTED) {
      const log = join(dir, `${s.id}.log`);
      writeFileSync(log, plantedLog(s));
      const report = await triage({ source: log, suspects: false }, deps);
      if (report.findings.some((f) => f.classifier === 'rule:planted-step-failure')) reached.push(s.id);
      collect(report, outputs);
      await store.saveTriage({ repo: 'acme/app', trigger: 'status', report });
    }
    outputs.store?.push(dumpTables(store.db));
    await store.close();
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plants every corpus secret where the engine reports it', () => {
    expect(PLANTED.length).toBeGreaterThanOrEqual(180);
    expect(PLANTED.filter((s) => !reached.includes(s.id)).map((s) => s.id)).toEqual([]);
  });

  it.each(['json', 'text', 'markdown', 'blockKit', 'store'])('leaks none through %s', (name) => {
    const text = (outputs[name] ?? []).join('\n');

    expect(text.length).toBeGreaterThan(0);
    expect(leaked(text)).toEqual([]);
  });
});

function collect(report: Report, out: Record<string, string[]>): void {
  out.json?.push(JSON.stringify(report, null, 2));
  out.text?.push(renderText(report));
  const job = {
    job: 'deploy-e2e',
    url: null,
    status: 'failing' as const,
    report,
    error: null,
    updatedAt: NOW.toISOString(),
  };
  out.markdown?.push(renderPrComment({ repo: 'acme/app', pr: 1, jobs: [job], configNote: null }, { now: NOW }));
  out.blockKit?.push(JSON.stringify(renderSlackReport(report, { triageId: '1' })));
}

function dumpTables(db: import('node:sqlite').DatabaseSync): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}
