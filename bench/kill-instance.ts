// One instance of the kill test (bench/kill-test.ts): the real app from the environment (PostgreSQL via
// DATABASE_URL, the fake GitHub via GITHUB_API_URL), with an engine that takes KILL_ENGINE_MS per run
// and notes each start in KILL_STARTED (so re-runs after the kill can be counted).
import { appendFileSync } from 'node:fs';
import { pino } from 'pino';
import { ProbotOctokit } from 'probot';
import { startApp } from '../handlers/main.ts';
import { loadAppConfig } from '../src/config/index.ts';
import { windowsEmptyEnvReport } from '../test/render/sample-reports.ts';

const started = process.env.KILL_STARTED ?? '';
const engineMs = Number(process.env.KILL_ENGINE_MS ?? 20);
const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, throttle: { enabled: false } }));

const app = await startApp(loadAppConfig(process.env), {
  log: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  Octokit,
  createTriageProvider: async () => async () => async (req) => {
    appendFileSync(started, `${req.source}\n`);
    await new Promise((r) => setTimeout(r, engineMs));
    // .../pull/<org_repo>/<pr>/<job>/<build>
    const [job = 'x', buildId = '0'] = new URL(req.source).pathname.split('/').slice(-2);
    const r = windowsEmptyEnvReport();
    return { ...r, run: { ...r.run, job, buildId, url: req.source } };
  },
});
process.stdout.write(`LISTENING ${app.url}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
