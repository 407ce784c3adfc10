import { Command, CommanderError, Option } from 'commander';
import type { CliSettings, EnvInput } from '../config/index.ts';
import type { PrCache } from '../suspects/index.ts';
import type { AnalyzeFlags } from './analyze-command.ts';
import { OUTPUT_FORMATS } from './format-names.ts';
import type { OutputFormat } from './format-names.ts';
import { createCliProgress } from './progress.ts';
import type { CliProgress } from './progress.ts';
import type { SuspectsFlags } from './suspects-command.ts';
import { CliUsageError } from './usage-error.ts';
import { packageVersion } from './version.ts';

// The ci-triage command on commander: per-command --help with every flag described, --version, and
// every usage error as one line pointing at --help (the caller maps CliUsageError to exit code 2).
// Each command's module is imported when it runs, so `--help` and one command load only what they use.

export interface CliIo {
  env: EnvInput;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout and stderr are terminals: progress is drawn only when both are, unless --progress. */
  tty: { stdout: boolean; stderr: boolean };
  stdin?: AsyncIterable<Uint8Array | string>;
  cache?: PrCache;
  now?: () => Date;
}

const SOURCE_FORMS = `<source> is one of:
  https://<prow>/view/gs/<bucket>/<run path>     a Prow run page (any deck; CI_TRIAGE_PROW_URL names yours)
  gs://<bucket>/<run path>                       a run in GCS
  https://github.com/<owner>/<repo>/actions/runs/<id>[/job/<id>]   a GitHub Actions run or job
  ./logs/<job>/<build>                           a local run folder in Prow's GCS layout
  build.log, or - for stdin                      a single log file (a log alone has no result)`;

const ENVIRONMENT = `Environment:
  GITHUB_TOKEN            token for the GitHub API (Actions logs, suspect PRs); suspects are on when it is set
  GITHUB_API_URL          GitHub API base (default https://api.github.com; GHES: https://<host>/api/v3)
  GITHUB_SERVER_URL       GitHub web host, when it cannot be derived from GITHUB_API_URL
  CI_TRIAGE_GCS_URL       GCS endpoint or mirror (default https://storage.googleapis.com)
  CI_TRIAGE_PROW_URL      Prow deck URLs, comma-separated; the first builds run links (default https://prow.k8s.io)
  CI_TRIAGE_CONFIG_REPOS  CI-config repos searched for suspects, comma-separated (default kubernetes/test-infra)
  CI_TRIAGE_CACHE         SQLite file caching merged PRs (default ~/.cache/ci-triage/cache.db)`;

const EXIT_CODES = `Exit codes: 0 the run was analysed (even with no finding), 2 bad input (one line on stderr), 1 an internal error.`;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function buildProgram(io: CliIo, run: { settings: () => CliSettings }): Command {
  const program = new Command('ci-triage')
    .description('Why did this CI job fail, and which change broke it?')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for ci-triage or a command')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} })
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${ENVIRONMENT}\n\n${EXIT_CODES}`);

  program
    .command('analyze')
    .description('triage one failed run: the cause, its evidence, the baseline it was compared with, suspect PRs')
    .argument('[source]', 'the run to triage (forms below)')
    .option('--baseline <source>', "compare with this run instead of the job's last green run before the failure began")
    .addOption(
      new Option(
        '--format <format>',
        'output: text (for people), json (schema/report.schema.json), markdown (the PR comment the App posts), slack (the Block Kit message the Slack alert posts)',
      )
        .choices(OUTPUT_FORMATS)
        .default('text'),
    )
    .option('--json', 'same as --format json')
    .option('--rules <file>', 'an extra rule catalog in rules/default.yaml format (repeatable)', collect)
    .option('--suspects', 'look up suspect PRs even without GITHUB_TOKEN (low rate limit)')
    .option('--no-suspects', 'do not look up suspect PRs')
    .option('--config-repo <owner/repo>', 'another CI-config repo to search for suspects (repeatable)', collect)
    .option('--since <time>', 'start of the suspect window (ISO 8601), instead of the baseline run start')
    .option('--until <time>', 'end of the suspect window (ISO 8601), instead of the first red run start')
    .option('--progress', 'show progress on stderr even when it is not a terminal, or with --json')
    .option('--no-progress', 'never show progress')
    .allowExcessArguments(true)
    .addHelpText('after', `\n${SOURCE_FORMS}\n\n${EXIT_CODES}`)
    .action(async (source: string | undefined, opts: AnalyzeOpts, cmd: Command) => {
      if (source === undefined || cmd.args.length !== 1)
        throw new CliUsageError('analyze takes exactly one <source>', 'analyze');
      const format = formatOf(opts);
      const { runAnalyze } = await import('./analyze-command.ts');
      await runAnalyze(
        source,
        { ...opts, rules: opts.rules ?? [], configRepo: opts.configRepo ?? [], format },
        { ...io, settings: run.settings() },
        progressFor(io, opts.progress, format === 'json'),
      );
    });

  program
    .command('suspects')
    .description("rank the PRs merged into each repo's default branch in a window by how they touch the terms")
    .option('--repo <owner/repo>', 'a repository to search (repeatable; required)', collect)
    .option('--since <time>', 'start of the window (ISO 8601; required)')
    .option('--until <time>', 'end of the window (ISO 8601; required)')
    .option('--terms <A,B,...>', 'comma-separated terms: env vars, presets, images, file names (required)')
    .option('--job <name>', 'the failing job, so PRs that change its definition rank first')
    .option('--top <n>', 'how many suspects to print', '5')
    .option('--json', 'print the ranking as JSON')
    .option('--progress', 'show progress on stderr even when it is not a terminal, or with --json')
    .option('--no-progress', 'never show progress')
    .addHelpText('after', `\n${ENVIRONMENT}`)
    .action(async (opts: Omit<SuspectsFlags, 'repo'> & { repo?: string[]; progress?: boolean }) => {
      const { runSuspects } = await import('./suspects-command.ts');
      await runSuspects(
        { ...opts, repo: opts.repo ?? [] },
        { ...io, settings: run.settings() },
        progressFor(io, opts.progress, opts.json === true),
      );
    });
  return program;
}

type AnalyzeOpts = Omit<AnalyzeFlags, 'format' | 'rules' | 'configRepo'> & {
  format: OutputFormat;
  rules?: string[];
  configRepo?: string[];
  json?: boolean;
  progress?: boolean;
};

function formatOf(opts: AnalyzeOpts): OutputFormat {
  if (opts.json && opts.format !== 'text' && opts.format !== 'json')
    throw new CliUsageError(`--json and --format ${opts.format} ask for two outputs; pick one`, 'analyze');
  return opts.json ? 'json' : opts.format;
}

/** Progress when asked for, or by default on a terminal for human output; never into a pipe unasked. */
function progressFor(io: CliIo, flag: boolean | undefined, machine: boolean): CliProgress | null {
  const auto = io.tty.stderr && io.tty.stdout && !machine;
  if (flag === false || (flag === undefined && !auto)) return null;
  return createCliProgress({ write: io.err, tty: io.tty.stderr });
}

/** Commander's own usage errors as ours: one line, the command whose --help helps. */
export function commanderUsage(err: unknown, argv: string[]): CliUsageError | 'done' | null {
  if (!(err instanceof CommanderError)) return null;
  if (err.exitCode === 0) return 'done'; // --help, --version
  const text = err.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
  const command = argv[0] === 'analyze' || argv[0] === 'suspects' ? argv[0] : null;
  return new CliUsageError(text, command);
}
