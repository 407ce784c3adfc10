import { loadAppConfig, readCliSettings } from '../../src/config/index.ts';

const APP = {
  APP_ID: '1',
  WEBHOOK_SECRET: 's',
  PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----',
};

describe('one source-settings reader for the CLI and the App', () => {
  const env = {
    GITHUB_API_URL: 'https://ghes.example.com/api/v3/',
    CI_TRIAGE_PROW_URL: 'https://prow.example.com/deck/, https://prow.k8s.io',
    CI_TRIAGE_GCS_URL: 'http://127.0.0.1:9000',
    CI_TRIAGE_CONFIG_REPOS: 'example/ci-config',
  };

  it('reads the same sources from the same environment on both surfaces', () => {
    const cli = readCliSettings(env);
    const app = loadAppConfig({ ...APP, ...env });

    expect(cli.ok && cli.data.sources).toEqual({
      apiUrl: 'https://ghes.example.com/api/v3',
      webUrl: 'https://ghes.example.com',
      prowUrls: ['https://prow.example.com/deck', 'https://prow.k8s.io'],
      gcsUrl: 'http://127.0.0.1:9000',
      configRepos: ['example/ci-config'],
    });
    expect(cli.ok && app.triage).toEqual(cli.ok && cli.data.sources);
  });

  it('takes GITHUB_SERVER_URL as the web host when set, and an empty token as none', () => {
    const cli = readCliSettings({ GITHUB_SERVER_URL: 'https://code.example.com/', GITHUB_TOKEN: '' });

    expect(cli).toMatchObject({
      ok: true,
      data: { githubToken: undefined, sources: { webUrl: 'https://code.example.com' } },
    });
  });

  it.each([
    ['CI_TRIAGE_PROW_URL', 'prow.k8s.io', /^CI_TRIAGE_PROW_URL must list http\(s\) Prow/],
    ['CI_TRIAGE_GCS_URL', 'not a url', /^CI_TRIAGE_GCS_URL must be an http\(s\) URL .*\(got "not a url"\)/],
    ['CI_TRIAGE_CONFIG_REPOS', 'just-a-name', /^CI_TRIAGE_CONFIG_REPOS must list owner\/name/],
    ['GITHUB_SERVER_URL', 'ftp://x', /^GITHUB_SERVER_URL must be an http\(s\) URL/],
  ])('names %s when it is malformed', (name, value, message) => {
    const cli = readCliSettings({ [name]: value });

    expect(cli.ok).toBe(false);
    expect(!cli.ok && cli.issues[0]).toEqual({ setting: name, message: expect.stringMatching(message) });
  });
});
