#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCliSettings } from './config/index.ts';
import type { EnvInput } from './config/index.ts';
import { buildProgram, commanderUsage } from './cli/program.ts';
import type { CliIo } from './cli/program.ts';
import { CliUsageError } from './cli/usage-error.ts';

// The ci-triage command. Exit codes: 0 analysed (even with no finding), 2 bad input (one line, no
// stack trace), 1 an internal error.

export async function main(argv: string[], env: EnvInput, io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = {
    env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    tty: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    ...io,
  };
  const program = buildProgram(full, { settings: () => settingsOf(env) });
  if (argv.length === 0) {
    full.err(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const usage = commanderUsage(err, argv);
    if (usage === 'done') return 0;
    return reportError(usage ?? err, full.err);
  }
}

function settingsOf(env: EnvInput) {
  const read = readCliSettings(env);
  if (read.ok) return read.data;
  throw new CliUsageError(`bad environment: ${read.issues.map((i) => i.message).join('; ')}`);
}

function reportError(err: unknown, write: (text: string) => void): number {
  const e = err as { message?: string; permanent?: boolean; code?: string };
  const message = oneLine(e?.message ?? String(err));
  if (err instanceof CliUsageError) {
    const help = err.command ? `ci-triage ${err.command} --help` : 'ci-triage --help';
    write(`ci-triage: ${message} (see ${help})\n`);
    return 2;
  }
  // Bad input the user can fix: coded permanent errors from the stages.
  if (e?.permanent === true) {
    write(`ci-triage: ${message}\n`);
    return 2;
  }
  const transient = e?.permanent === false;
  write(`ci-triage: ${transient ? '' : 'internal error: '}${message}\n`);
  if (process.env.CI_TRIAGE_DEBUG) write(`${(err as Error)?.stack ?? ''}\n`);
  return transient ? 2 : 1;
}

function oneLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
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
