import type { CliSettings } from '../config/index.ts';
import type { PrCache } from '../suspects/index.ts';
import { triage } from '../triage.ts';
import type { Report } from '../types.ts';
import { makeTriageDeps, wantsSuspects } from './deps.ts';
import type { OutputFormat } from './format-names.ts';
import { openCliPrCache } from './pr-cache.ts';
import type { CliProgress } from './progress.ts';
import { CliUsageError } from './usage-error.ts';

export interface CommandIo {
  settings: CliSettings;
  out: (text: string) => void;
  stdin?: AsyncIterable<Uint8Array | string>;
  cache?: PrCache;
  now?: () => Date;
}

/** `analyze`'s flags as commander hands them over (repeatable flags are arrays). */
export interface AnalyzeFlags {
  baseline?: string;
  format: OutputFormat;
  rules: string[];
  suspects?: boolean;
  configRepo: string[];
  since?: string;
  until?: string;
}

export async function runAnalyze(
  source: string,
  flags: AnalyzeFlags,
  io: CommandIo,
  progress: CliProgress | null,
): Promise<Report> {
  const request = {
    source,
    baseline: flags.baseline ?? null,
    configRepos: flags.configRepo,
    since: checkTime(flags.since, '--since', 'analyze'),
    until: checkTime(flags.until, '--until', 'analyze'),
  };
  const suspects = flags.suspects === false ? 'off' : flags.suspects ? 'on' : 'auto';
  const needsCache = !io.cache && wantsSuspects(suspects, io.settings);
  const opened = needsCache ? await openCliPrCache(io.settings.cachePath) : null;
  const cache = io.cache ?? opened?.cache ?? undefined;
  try {
    const deps = await makeTriageDeps({
      settings: io.settings,
      rulesFiles: flags.rules,
      suspects,
      refs: request.baseline ? [source, request.baseline] : [source],
      progress,
      ...(cache ? { cache } : {}),
      ...(io.stdin ? { stdin: io.stdin } : {}),
    });
    const report = await triage({ ...request, suspects: suspects !== 'off' }, deps);
    if (opened?.problem && report.suspects.length === 0) report.problems.push(opened.problem);
    progress?.end();
    io.out(await printed(report, flags.format, { now: io.now?.() ?? new Date(), source }));
    return report;
  } finally {
    progress?.end();
    await opened?.close();
  }
}

/** The report as `format` prints it; JSON without loading the renderers. */
async function printed(report: Report, format: OutputFormat, ctx: { now: Date; source: string }): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const { formatReport } = await import('./output-format.ts');
  return formatReport(report, format, ctx);
}

export function checkTime(value: string | undefined, flag: string, command: string): string | null {
  if (value === undefined) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new CliUsageError(`${flag} must be a date/time such as 2025-01-08T19:08:31Z, got "${value}"`, command);
  return new Date(t).toISOString();
}
