import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, isSetupMode, loadAppConfig } from '../../src/config/index.ts';

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const base = { APP_ID: '12345', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's3cret' };
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

function issuesOf(env: Record<string, string | undefined>, readFile = noFiles): string[] {
  try {
    loadAppConfig(env, { readFile });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => i.message);
    throw err;
  }
  return [];
}

describe('loadAppConfig', () => {
  it('applies defaults for everything optional', () => {
    const config = loadAppConfig(base, { readFile: noFiles });

    expect(config).toEqual({
      github: {
        appId: 12345,
        privateKey: PEM.trim(),
        webhookSecret: 's3cret',
        apiUrl: 'https://api.github.com',
        webhooksPath: '/api/github/webhooks',
      },
      triage: {
        apiUrl: 'https://api.github.com',
        webUrl: 'https://github.com',
        prowUrls: ['https://prow.k8s.io'],
        gcsUrl: 'https://storage.googleapis.com',
        configRepos: ['kubernetes/test-infra'],
      },
      store: { dbPath: 'ci-triage.db', databaseUrl: null, poolSize: 10 },
      queue: { concurrency: 2, leaseMs: 120_000, maxAttempts: 5 },
      repoConfig: { ttlMs: 300_000 },
      deliver: { dryRun: false },
      command: 'triage',
      server: { host: 'localhost', port: 3000 },
      logLevel: 'info',
      logFormat: 'json',
      shutdownMs: 25_000,
      redisUrl: null,
      redisPrefix: 'ci-triage:',
    });
  });

  it('reads GHES, several Prow hosts, config repos and server settings', () => {
    const config = loadAppConfig(
      {
        ...base,
        GITHUB_API_URL: 'https://ghes.example.com/api/v3/',
        CI_TRIAGE_PROW_URL: 'https://prow.k8s.io, https://prow.example.com/deck/',
        CI_TRIAGE_CONFIG_REPOS: 'kubernetes/test-infra,example/ci-config',
        CI_TRIAGE_DB: '/var/lib/ci-triage/db.sqlite',
        PORT: '8080',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'DEBUG',
        CI_TRIAGE_DRY_RUN: 'true',
      },
      { readFile: noFiles },
    );

    expect(config.github.apiUrl).toBe('https://ghes.example.com/api/v3');
    expect(config.triage.prowUrls).toEqual(['https://prow.k8s.io', 'https://prow.example.com/deck']);
    expect(config.triage.configRepos).toEqual(['kubernetes/test-infra', 'example/ci-config']);
    expect(config.store.dbPath).toBe('/var/lib/ci-triage/db.sqlite');
    expect(config.server).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.logLevel).toBe('debug');
    expect(config.deliver.dryRun).toBe(true);
  });

  it('derives the API URL from GHE_HOST (probot setting), and refuses a GITHUB_API_URL naming another server', () => {
    const ghe = loadAppConfig({ ...base, GHE_HOST: 'ghes.example.com' }, { readFile: noFiles });
    const agreeing = loadAppConfig(
      {
        ...base,
        GHE_HOST: 'ghes.example.com',
        GHE_PROTOCOL: 'http',
        GITHUB_API_URL: 'https://ghes.example.com/api/v3',
      },
      { readFile: noFiles },
    );

    expect(ghe.github.apiUrl).toBe('https://ghes.example.com/api/v3');
    expect(agreeing.github.apiUrl).toBe('https://ghes.example.com/api/v3');
    expect(issuesOf({ ...base, GHE_HOST: 'ghes.example.com', GITHUB_API_URL: 'https://api.github.com' })).toEqual([
      'GHE_HOST (ghes.example.com) and GITHUB_API_URL (https://api.github.com) name different servers: set one, or make them agree',
    ]);
    expect(issuesOf({ ...base, GHE_HOST: 'https://ghes.example.com' })[0]).toMatch(/^GHE_HOST must be a host name/);
  });

  it('reads LOG_FORMAT, the shutdown grace and REDIS_URL', () => {
    const config = loadAppConfig(
      { ...base, LOG_FORMAT: 'pretty', CI_TRIAGE_SHUTDOWN_SECONDS: '40', REDIS_URL: 'redis://cache:6379/2' },
      { readFile: noFiles },
    );

    expect([config.logFormat, config.shutdownMs, config.redisUrl]).toEqual(['pretty', 40_000, 'redis://cache:6379/2']);
    expect(issuesOf({ ...base, LOG_FORMAT: 'xml' })[0]).toMatch(/^LOG_FORMAT must be json or pretty/);
  });

  it('selects PostgreSQL with DATABASE_URL and rejects a URL of another kind', () => {
    const config = loadAppConfig(
      { ...base, DATABASE_URL: 'postgres://ci@db:5432/ci_triage', CI_TRIAGE_DB_POOL: '4' },
      { readFile: noFiles },
    );

    expect(config.store).toEqual({
      dbPath: 'ci-triage.db',
      databaseUrl: 'postgres://ci@db:5432/ci_triage',
      poolSize: 4,
    });
    expect(issuesOf({ ...base, DATABASE_URL: 'mysql://db/ci' })).toEqual([
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:pass@host:5432/ci_triage (got "mysql://db/ci")',
    ]);
  });

  it.each([
    ['APP_ID missing', { APP_ID: undefined }, /^APP_ID is missing: set it to the numeric App ID/],
    ['APP_ID not numeric', { APP_ID: 'my-app' }, /^APP_ID must be the numeric App ID \(digits only\) \(got "my-app"\)/],
    [
      'WEBHOOK_SECRET missing',
      { WEBHOOK_SECRET: undefined },
      /^WEBHOOK_SECRET is missing: set it to the webhook secret/,
    ],
    ['WEBHOOK_SECRET blank', { WEBHOOK_SECRET: '  ' }, /^WEBHOOK_SECRET is empty/],
    ['both keys missing', { PRIVATE_KEY: undefined }, /^PRIVATE_KEY or PRIVATE_KEY_PATH is missing/],
    ['PRIVATE_KEY not a PEM', { PRIVATE_KEY: 'not a key' }, /^PRIVATE_KEY is not a PEM private key/],
    [
      'GITHUB_API_URL not a URL',
      { GITHUB_API_URL: 'ghes.example.com' },
      /^GITHUB_API_URL must be an http\(s\) URL .* \(got "ghes.example.com"\)/,
    ],
    [
      'CI_TRIAGE_PROW_URL not a URL',
      { CI_TRIAGE_PROW_URL: 'https://prow.k8s.io,prow' },
      /^CI_TRIAGE_PROW_URL must list http\(s\) Prow \(Deck\) URLs/,
    ],
    ['CI_TRIAGE_GCS_URL not http', { CI_TRIAGE_GCS_URL: 'gs://bucket' }, /^CI_TRIAGE_GCS_URL must be an http\(s\) URL/],
    [
      'CI_TRIAGE_CONFIG_REPOS malformed',
      { CI_TRIAGE_CONFIG_REPOS: 'kubernetes' },
      /^CI_TRIAGE_CONFIG_REPOS must list owner\/name repositories/,
    ],
    ['CI_TRIAGE_CONFIG_REPOS empty', { CI_TRIAGE_CONFIG_REPOS: ' , ' }, /^CI_TRIAGE_CONFIG_REPOS must not be empty/],
    ['CI_TRIAGE_DB blank', { CI_TRIAGE_DB: ' ' }, /^CI_TRIAGE_DB must be a file path/],
    ['PORT not a number', { PORT: 'http' }, /^PORT must be a whole number between 0 and 65535 \(got "http"\)/],
    ['PORT too large', { PORT: '70000' }, /^PORT must be at most 65535/],
    [
      'LOG_LEVEL unknown',
      { LOG_LEVEL: 'verbose' },
      /^LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent \(got "verbose"\)/,
    ],
    ['CI_TRIAGE_CONCURRENCY zero', { CI_TRIAGE_CONCURRENCY: '0' }, /^CI_TRIAGE_CONCURRENCY must be at least 1/],
    ['CI_TRIAGE_DRY_RUN not boolean', { CI_TRIAGE_DRY_RUN: 'yes' }, /^CI_TRIAGE_DRY_RUN must be true or false/],
    ['WEBHOOK_PATH relative', { WEBHOOK_PATH: 'hooks' }, /^WEBHOOK_PATH must be a path starting with "\/"/],
  ])('%s gives its own message', (_what, over, message) => {
    const issues = issuesOf({ ...base, ...over });

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(message);
  });

  it('reports every problem at once, one line each, never echoing secrets', () => {
    let error: ConfigError | null = null;
    try {
      loadAppConfig({ PRIVATE_KEY: 'secret-value', PORT: 'x' }, { readFile: noFiles });
    } catch (err) {
      error = err as ConfigError;
    }

    expect(error?.issues.map((i) => i.setting).sort()).toEqual(['APP_ID', 'PORT', 'PRIVATE_KEY', 'WEBHOOK_SECRET']);
    expect(error?.message).toMatch(/^ci-triage cannot start: 4 settings are missing or malformed:\n {2}- /);
    expect(error?.message).not.toContain('secret-value');
  });

  it('accepts the key as base64 or with escaped newlines, as one-line env files carry it', () => {
    const b64 = loadAppConfig({ ...base, PRIVATE_KEY: Buffer.from(PEM).toString('base64') }, { readFile: noFiles });
    const escaped = loadAppConfig({ ...base, PRIVATE_KEY: PEM.replace(/\n/g, '\\n') }, { readFile: noFiles });

    expect(b64.github.privateKey).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(escaped.github.privateKey.split('\n').length).toBeGreaterThan(5);
  });

  it('reads PRIVATE_KEY_PATH, and names the file when it cannot', () => {
    const ok = loadAppConfig(
      { ...base, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: '/keys/app.pem' },
      { readFile: (p) => (p === '/keys/app.pem' ? PEM : noFiles(p)) },
    );
    const missing = issuesOf({ ...base, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: '/keys/nope.pem' });

    expect(ok.github.privateKey).toBe(PEM.trim());
    expect(missing).toEqual(['PRIVATE_KEY_PATH cannot be read (ENOENT): /keys/nope.pem']);
  });
});

describe('isSetupMode', () => {
  it('is on only without any credential and outside production', () => {
    expect(isSetupMode({})).toBe(true);
    expect(isSetupMode({ NODE_ENV: 'production' })).toBe(false);
    expect(isSetupMode({ APP_ID: '1' })).toBe(false);
    expect(isSetupMode({ PRIVATE_KEY_PATH: 'k.pem' })).toBe(false);
  });
});
