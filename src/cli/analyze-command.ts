import { parseArgs } from 'node:util';
import { renderText } from '../render/text/index.ts';
import { triage } from '../triage.ts';
import type { Report } from '../types.ts';
import { makeTriageDeps } from './deps.ts';
import { CliUsageError } from './env.schema.ts';
import type { CliEnv } from './env.schema.ts';
import type { PrCache } from '../suspects/index.ts';
import { openCliPrCache } from './pr-cache.ts';

export const ANALYZE_USAGE = `usage: ci-triage analyze <source> [--baseline <source>] [--json] [--rules <file>]... [--suspects | --no-suspects] [--config-repo <owner/repo>]... [--since <time>] [--until <time>]
  <source>: a Prow URL (https://prow.k8s.io/view/gs/<bucket>/<path>), gs://<bucket>/<path>, a GitHub Actions run or job URL,
            a local run folder in Prow's GCS layout, a log file, or - for stdin`;

export interface CommandIo {
  env: CliEnv;
  out: (text: string) => void;
  stdin?: AsyncIterable<Uint8Array | string>;
  cache?: PrCache;
}

export async function runAnalyze(argv: string[], io: CommandIo): Promise<Report> {
  const { values, positionals } = parseStrict(argv);
  if (positionals.length !== 1) throw new CliUsageError(`analyze takes exactly one <source>\n${ANALYZE_USAGE}`);
  const suspects = values['no-suspects'] ? 'off' : values.suspects ? 'on' : 'auto';
  const needsCache = !io.cache && (suspects === 'on' || (suspects === 'auto' && Boolean(io.env.GITHUB_TOKEN)));
  const opened = needsCache ? openCliPrCache(io.env.CI_TRIAGE_CACHE) : null;
  const cache = io.cache ?? opened?.cache ?? undefined;
  try {
    const deps = await makeTriageDeps({
      env: io.env,
      rulesFiles: values.rules ?? [],
      suspects,
      ...(cache ? { cache } : {}),
      ...(io.stdin ? { stdin: io.stdin } : {}),
    });
    const request = {
      source: positionals[0] as string,
      baseline: values.baseline ?? null,
      suspects: suspects !== 'off',
      configRepos: values['config-repo'] ?? [],
      since: checkTime(values.since, '--since'),
      until: checkTime(values.until, '--until'),
    };
    const report = await triage(request, deps);
    if (opened?.problem && report.suspects.length === 0) report.problems.push(opened.problem);
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
    return report;
  } finally {
    await opened?.close();
  }
}

function parseStrict(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        baseline: { type: 'string' },
        json: { type: 'boolean' },
        rules: { type: 'string', multiple: true },
        suspects: { type: 'boolean' },
        'no-suspects': { type: 'boolean' },
        'config-repo': { type: 'string', multiple: true },
        since: { type: 'string' },
        until: { type: 'string' },
      },
    });
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}\n${ANALYZE_USAGE}`);
  }
}

export function checkTime(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new CliUsageError(`${flag} must be a date/time such as 2025-01-08T19:08:31Z, got "${value}"`);
  return new Date(t).toISOString();
}
