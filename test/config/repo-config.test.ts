import {
  DEFAULT_REPO_CONFIG,
  createRepoConfigCache,
  isJobIgnored,
  matchGlob,
  parseRepoConfig,
} from '../../src/config/index.ts';

describe('parseRepoConfig (.github/ci-triage.yml)', () => {
  it('reads a valid file', () => {
    const text = [
      'enabled: true',
      'ignore_jobs:',
      '  - pull-*-verify',
      '  - lint',
      'config_repos: [kubernetes/test-infra, example/ci-config]',
      'rules:',
      '  - .ci-triage/rules.yml',
      'command: /CI-Triage',
    ].join('\n');

    const parsed = parseRepoConfig(text);

    expect(parsed).toEqual({
      config: {
        enabled: true,
        ignore_jobs: ['pull-*-verify', 'lint'],
        config_repos: ['kubernetes/test-infra', 'example/ci-config'],
        rules: ['.ci-triage/rules.yml'],
        command: 'ci-triage',
      },
      note: null,
    });
  });

  it('uses the defaults for a missing or empty file, without a note', () => {
    expect(parseRepoConfig(null)).toEqual({ config: DEFAULT_REPO_CONFIG, note: null });
    expect(parseRepoConfig('# nothing yet\n')).toEqual({ config: DEFAULT_REPO_CONFIG, note: null });
  });

  it('refuses a command name that is not one word, with a note', () => {
    const parsed = parseRepoConfig('command: "triage me"');

    expect(parsed.config).toEqual(DEFAULT_REPO_CONFIG);
    expect(parsed.note).toContain('command must be a name such as ci-triage');
  });

  it('reads a disabled repository', () => {
    expect(parseRepoConfig('enabled: false').config.enabled).toBe(false);
  });

  it.each([
    ['broken YAML', 'ignore_jobs: [lint\nrules: x', /is not valid YAML at line \d/],
    [
      'a list instead of a mapping',
      '- lint',
      /must be a mapping with the settings enabled, ignore_jobs, config_repos, rules and command/,
    ],
    ['enabled as a string', 'enabled: "no"', /enabled must be true or false/],
    ['ignore_jobs as a string', 'ignore_jobs: lint', /ignore_jobs must be a list of job names or globs/],
    ['a bad config repo', 'config_repos: [test-infra]', /config_repos entries must be owner\/name repositories/],
    ['a rule path escaping the repo', 'rules: [../secrets.yml]', /rules entries must not contain "\.\."/],
    [
      'a rule file that is not YAML',
      'rules: [rules.json]',
      /rules entries must be relative paths to \.yml\/\.yaml files/,
    ],
    ['a misspelt setting', 'ignore_job: [lint]', /unknown setting ignore_job/],
  ])('%s: defaults plus a note that says what is wrong', (_what, text, reason) => {
    const parsed = parseRepoConfig(text);

    expect(parsed.config).toEqual(DEFAULT_REPO_CONFIG);
    expect(parsed.note).toMatch(/^`\.github\/ci-triage\.yml` was ignored because /);
    expect(parsed.note).toMatch(reason);
  });
});

describe('ignore_jobs', () => {
  it.each([
    ['lint', 'lint', true],
    ['lint', 'lint-go', false],
    ['pull-*-verify', 'pull-kubernetes-verify', true],
    ['pull-*-verify', 'pull-kubernetes-verify-gofmt', false],
    ['*e2e*', 'periodic-cluster-api-e2e-latestk8s-main', true],
    ['pull-?', 'pull-1', true],
    ['pull-?', 'pull-12', false],
    ['*', '', true],
  ])('%s matches %s: %s', (pattern, job, expected) => {
    expect(matchGlob(pattern, job)).toBe(expected);
  });

  it('stays fast on patterns that make regex engines backtrack', () => {
    const start = performance.now();

    const hit = matchGlob(`${'*a'.repeat(50)}b`, 'a'.repeat(5000));

    expect(hit).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('applies the repository list', () => {
    const config = { ...DEFAULT_REPO_CONFIG, ignore_jobs: ['pull-*-verify'] };

    expect(isJobIgnored(config, 'pull-kubernetes-verify')).toBe(true);
    expect(isJobIgnored(config, 'pull-kubernetes-csi-csi-proxy-integration')).toBe(false);
  });
});

describe('createRepoConfigCache', () => {
  it('fetches once per TTL per repository', async () => {
    let clock = 0;
    const fetched: string[] = [];
    const cache = createRepoConfigCache({ ttlMs: 1000, now: () => clock });
    const fetchFor = (repo: string, text: string) => async () => {
      fetched.push(repo);
      return text;
    };

    await cache.load('o/a', fetchFor('o/a', 'enabled: false'));
    const cached = await cache.load('o/a', fetchFor('o/a', 'enabled: true'));
    await cache.load('o/b', fetchFor('o/b', ''));
    clock = 1001;
    const refreshed = await cache.load('o/a', fetchFor('o/a', 'enabled: true'));

    expect(cached.config.enabled).toBe(false);
    expect(refreshed.config.enabled).toBe(true);
    expect(fetched).toEqual(['o/a', 'o/b', 'o/a']);
  });

  it('does not cache a failed fetch', async () => {
    const cache = createRepoConfigCache({ ttlMs: 60_000 });

    await expect(cache.load('o/a', async () => Promise.reject(new Error('502')))).rejects.toThrow('502');
    const after = await cache.load('o/a', async () => 'enabled: false');

    expect(after.config.enabled).toBe(false);
  });
});
