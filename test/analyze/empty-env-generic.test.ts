// The generic empty-env wordings (src/analyze/wordings/empty-env-generic.yaml) as the line reader
// applies them: real-shaped guard messages scripts print, the look-alikes they must leave alone (a
// wrong value, a default taken, a warning, a code error), and that a tool's own row still wins.
import { envErrorOf } from '../../src/analyze/env/env-lines.ts';
import { classifyRun } from '../../src/analyze/index.ts';
import { topCause } from '../../src/analyze/rank-findings.ts';
import { lines, observeText, shippedCatalog } from './support.ts';

// [line, row that must read it, the name it must report]
const POSITIVE: [string, string, { variable?: string; input?: string }][] = [
  // `X is not set` family: a script's own `[ -z "$X" ] && echo ... && exit 1`
  ['DOTFILES_LIB_DIR is not set', 'generic-name-is-not-set', { variable: 'DOTFILES_LIB_DIR' }],
  ['./ci/publish.sh: TOP_SRCDIR is not set', 'generic-name-is-not-set', { variable: 'TOP_SRCDIR' }],
  ['❌  PROD_DATABASE_URL is not set', 'generic-name-is-not-set', { variable: 'PROD_DATABASE_URL' }],
  ['DEPLOY_HOST variable not set, aborting', 'generic-name-variable-not-set', { variable: 'DEPLOY_HOST' }],
  ['CI_REGISTRY_IMAGE is unset.', 'generic-name-is-unset', { variable: 'CI_REGISTRY_IMAGE' }],
  // `must be set`
  // (`X must be set` and `X is required` hold an error word: the built-in reading takes most of them)
  ["'TAG' must be set", 'generic-name-must-be-set', { variable: 'TAG' }],
  // `is required` / `is empty` / `is missing` / `not provided` / `not defined`
  ['`RELEASE_PAT` is required to push the tag', 'generic-name-is-required', { variable: 'RELEASE_PAT' }],
  ['TAG_NAME is empty', 'generic-name-is-empty', { variable: 'TAG_NAME' }],
  ['[ERROR] TARGET_DB_HOST is empty', 'generic-name-is-empty', { variable: 'TARGET_DB_HOST' }],
  ['CODECOV_TOKEN secret is missing', 'generic-name-is-missing', { variable: 'CODECOV_TOKEN' }],
  ['EMAIL not provided', 'generic-name-not-provided', { variable: 'EMAIL' }],
  ['TM_HOME is not defined', 'generic-name-not-defined', { variable: 'TM_HOME' }],
  ['Error: RELEASE_BRANCH is undefined', 'generic-name-is-undefined', { variable: 'RELEASE_BRANCH' }],
  ['KUBECONFIG_DATA must not be empty.', 'generic-name-cannot-be-empty', { variable: 'KUBECONFIG_DATA' }],
  ["API_KEY can't be blank", 'generic-name-cannot-be-blank', { variable: 'API_KEY' }],
  ['Error: No GITHUB_TOKEN provided', 'generic-no-name-provided', { variable: 'GITHUB_TOKEN' }],
  ['No DOCKER_IMAGE specified', 'generic-no-name-specified', { variable: 'DOCKER_IMAGE' }],
  ["::error::missing required input 'app_id'", 'generic-missing-required-input', { input: 'app_id' }],
  ['You must set GITHUB_TOKEN to create a release', 'generic-you-must-set-name', { variable: 'GITHUB_TOKEN' }],
  ['Error: GITHUB_TOKEN not set.', 'generic-name-not-set-period', { variable: 'GITHUB_TOKEN' }],
  ['DEPLOY_KEY not set, exiting', 'generic-name-not-set-comma', { variable: 'DEPLOY_KEY' }],
  // Azure Pipelines leaves an undefined macro `$(name)` as is
  [
    'invalid argument "myacr.azurecr.io/web:$(imageTag)" for "-t, --tag" flag: invalid reference format',
    'azure-undefined-macro-in-tag-flag',
    { variable: 'imageTag' },
  ],
  // the name after `environment variable` (caarlos0/env, rustc, shell)
  [
    'env: environment variable "DATABASE_URL" should not be empty',
    'generic-environment-variable-name-state',
    { variable: 'DATABASE_URL' },
  ],
  [
    'error: environment variable `APP_BUILD_SHA` not defined at compile time',
    'generic-environment-variable-name-state',
    { variable: 'APP_BUILD_SHA' },
  ],
  [
    "environment variable 'GITHUB_TOKEN' was not provided",
    'generic-environment-variable-name-state',
    { variable: 'GITHUB_TOKEN' },
  ],
  // config loaders and libraries
  [
    '[env] Missing required environment variables: NEXT_PUBLIC_SUPABASE_URL, SUPABASE_KEY.',
    'generic-missing-required-variable',
    { variable: 'NEXT_PUBLIC_SUPABASE_URL' },
  ],
  [
    'Missing environment variable SENTRY_AUTH_TOKEN',
    'generic-missing-environment-variable',
    { variable: 'SENTRY_AUTH_TOKEN' },
  ],
  [
    '2024/05/02 10:11:12 envconfig.Process: required key APP_DB_DSN missing value',
    'envconfig-required-key-missing-value',
    { variable: 'APP_DB_DSN' },
  ],
  ['error: Environment variable not found: DATABASE_URL.', 'env-var-not-found-named', { variable: 'DATABASE_URL' }],
  [
    "Please set the environment variable 'KEIL_INSTALL_DIR'",
    'generic-please-set-name',
    { variable: 'KEIL_INSTALL_DIR' },
  ],
  ["Input 'app-id' is required", 'generic-input-is-required', { input: 'app-id' }],
];

const NO_NAME: [string, string][] = [
  [
    'MissingEnvVarsError: The following variables were defined in .env.example but are not present in the environment:',
    'dotenv-safe-missing-env-vars',
  ],
  [
    "thread 'main' panicked at src/main.rs:12:46: called `Result::unwrap()` on an `Err` value: NotPresent",
    'rust-env-var-not-present',
  ],
];

// Look-alikes: a wrong value (env-wrong-value), a default taken, a warning, a code error, a file or
// a dependency, an English word where the name should be.
const NEGATIVE: string[] = [
  'NODE_ENV must be set to production for this build',
  'PRICING_REGIONS environment variable is not set to a non-blank list',
  'Your git identity is not set up yet',
  'DEPLOY_ENV is not set, using the default (staging)',
  'CODECOV_TOKEN is not set. Skipping upload',
  'Warning: CODECOV_TOKEN is not set',
  '::warning::SENTRY_AUTH_TOKEN is not set; source maps will not be uploaded',
  '##[warning]NPM_TOKEN is missing',
  'WARNING: OPENAI_API_KEY environment variable not found. Using a dummy key',
  'ReferenceError: API_URL is not defined',
  "NameError: name 'BASE_DIR' is not defined",
  'GLIBC_2.34 is required by /usr/bin/node',
  'Node.js 18 is required',
  'sha256sum.md is empty',
  'the queue is empty',
  'Please set DEBUG=1 to see more output',
  'User input is required to continue',
  'No tests provided',
  'no URL provided',
  'No GITHUB_TOKEN provided, using anonymous access',
  'Commit message must not be empty',
  'You must set DEBUG=1 to see the trace',
  'integration_test.go:25: TEST_DATABASE_URL is not set, skipping',
  'DEPLOY_KEY not set, using the default key',
  'fatal: not a git repository (or any parent up to mount point /) Stopping at filesystem boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM not set).',
];

describe('generic empty-env wordings', () => {
  it.each(POSITIVE)('%s', (line, wording, name) => {
    const e = envErrorOf(line);

    expect({ wording: e?.wording, variable: e?.variable, input: e?.input }).toEqual({
      wording,
      variable: name.variable ?? null,
      input: name.input ?? null,
    });
  });

  it.each(NO_NAME)('%s reads without a name', (line, wording) => {
    expect({ wording: envErrorOf(line)?.wording, variable: envErrorOf(line)?.variable }).toEqual({
      wording,
      variable: null,
    });
  });

  it.each(NEGATIVE)('leaves alone: %s', (line) => {
    expect(envErrorOf(line)).toBeNull();
  });

  // Lines with an error word the built-in reading already took; the generic rows leave them to it.
  it.each([
    ['MODEL_ID must be set', 'MODEL_ID'],
    ['env variable USER must be set', 'USER'],
    ['SLACK_WEBHOOK_URL env var is required to send the notification', 'SLACK_WEBHOOK_URL'],
    ['env: required environment variable "DATABASE_URL" is not set', 'DATABASE_URL'],
    ['Error: AZURE_CLIENT_ID must be set to a non-empty value', 'AZURE_CLIENT_ID'],
  ])('the built-in reading keeps %s', (line, variable) => {
    expect(envErrorOf(line)).toMatchObject({ type: 'missing-env', wording: null, variable });
  });

  it('ranks below the tool-specific rows and the built-in reading', () => {
    const generic = envErrorOf('MODEL_ID is not defined')!;
    const bash = envErrorOf('/home/runner/work/_temp/run.sh: line 4: MODEL_ID: unbound variable')!;
    const builtIn = envErrorOf('Error: MODEL_ID must be set')!;

    expect(generic.confidence).toBeLessThan(bash.confidence);
    expect(builtIn).toMatchObject({ type: 'missing-env', wording: null, variable: 'MODEL_ID' });
    expect(generic.confidence).toBeLessThan(builtIn.confidence);
  });

  it('makes a failed step whose script printed "X is not set" an empty-env failure naming X', async () => {
    const log = lines(
      '##[group]Run ./scripts/release.sh',
      './scripts/release.sh',
      '##[endgroup]',
      'Building release artefacts',
      'NPM_TOKEN is not set',
      '##[error]Process completed with exit code 1.',
    );
    const top = topCause(await classifyRun(await observeText(log), null, await shippedCatalog()));

    expect(top?.classifier).toBe('empty-env');
    expect(top?.facts).toMatchObject({ variable: 'NPM_TOKEN', wording: 'generic-name-is-not-set' });
  });

  it('does not call a wrong value an empty one', async () => {
    const log = lines(
      '##[group]Run ./scripts/release.sh',
      'NODE_ENV must be set to production for this build',
      '##[error]Process completed with exit code 1.',
    );
    const top = topCause(await classifyRun(await observeText(log), null, await shippedCatalog()));

    expect(top?.classifier).not.toBe('empty-env');
  });
});
