#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAnalyze, ANALYZE_USAGE } from './cli/analyze-command.ts';
import { CliUsageError, parseCliEnv } from './cli/env.schema.ts';
import { runSuspects, SUSPECTS_USAGE } from './cli/suspects-command.ts';

// The ci-triage command. Exit codes: 0 analysed (even with no finding), 2 bad input (one line, no
// stack trace), 1 an internal error.

const USAGE = `ci-triage: why did this CI job fail, and which change broke it?

${ANALYZE_USAGE}

${SUSPECTS_USAGE}

environment: GITHUB_TOKEN, GITHUB_API_URL (GitHub Enterprise: https://<host>/api/v3), CI_TRIAGE_GCS_URL,
  CI_TRIAGE_PROW_URL, CI_TRIAGE_CONFIG_REPOS (default kubernetes/test-infra), CI_TRIAGE_CACHE (PR cache file)`;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      out(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    const io = { env: parseCliEnv(env), out };
    if (command === 'analyze') await runAnalyze(rest, io);
    else if (command === 'suspects') await runSuspects(rest, io);
    else throw new CliUsageError(`unknown command "${command}"; try: ci-triage analyze <source>`);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  const e = err as { message?: string; permanent?: boolean; code?: string };
  const message = (e?.message ?? String(err)).trim();
  // Bad input the user can fix: usage errors and coded permanent errors from the stages.
  if (err instanceof CliUsageError || e?.permanent === true) {
    process.stderr.write(`ci-triage: ${message}\n`);
    return 2;
  }
  const transient = e?.permanent === false;
  process.stderr.write(`ci-triage: ${transient ? '' : 'internal error: '}${message.split('\n')[0]}\n`);
  if (process.env.CI_TRIAGE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return transient ? 2 : 1;
}

function isEntryPoint(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
