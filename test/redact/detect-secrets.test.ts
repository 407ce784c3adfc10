import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { REDACTED, redactSecrets, SECRET_PATTERNS } from '../../src/redact/detect-secrets.ts';

// All credentials in the corpus and below are fake (random values in the vendors' shapes).
interface SecretEntry {
  id: string;
  kind: string;
  line: string;
  secret: string;
}
interface KeepEntry {
  id: string;
  line: string;
}

const corpus = parse(readFileSync(new URL('../fixtures/secrets/corpus.yaml', import.meta.url), 'utf8')) as {
  secrets: SecretEntry[];
  keep: KeepEntry[];
};

describe('secret corpus', () => {
  it('has the planted secrets and keep lines it promises', () => {
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(120);
    expect(corpus.keep.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.secrets.map((e) => e.id)).size).toBe(corpus.secrets.length);
    for (const e of corpus.secrets) expect(e.line).toContain(e.secret);
  });

  it.each(corpus.secrets.map((e) => [e.id, e] as const))('redacts %s', (_id, entry) => {
    const out = redactSecrets(entry.line);

    expect(out).not.toContain(entry.secret);
    expect(out).not.toBe(entry.line);
  });

  it.each(corpus.secrets.map((e) => [e.id, e] as const))('is idempotent on %s', (_id, entry) => {
    const once = redactSecrets(entry.line);

    expect(redactSecrets(once)).toBe(once);
  });

  it.each(corpus.keep.map((e) => [e.id, e.line] as const))('keeps %s unchanged', (_id, line) => {
    expect(redactSecrets(line)).toBe(line);
  });

  it('keeps all keep lines unchanged when they arrive as one multi-line chunk', () => {
    const chunk = corpus.keep.map((e) => e.line).join('\n');

    expect(redactSecrets(chunk)).toBe(chunk);
  });

  it('redacts every planted secret when the corpus arrives as one log', () => {
    const log = corpus.secrets.map((e) => e.line).join('\n');
    const out = redactSecrets(log);

    expect(corpus.secrets.filter((e) => out.includes(e.secret)).map((e) => e.id)).toEqual([]);
  });
});

// The previous redactor's (the retired src/render/sanitize/redact-secrets.ts) cases: this module must cover them.
const GHP = 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM_LINE = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4';

describe('covers the previous redactor', () => {
  it.each([
    ['GitHub classic token in env', `export GITHUB_TOKEN=${GHP}`, `export GITHUB_TOKEN=${REDACTED}`],
    ['GitHub app token mid-line', 'token ghs_16C7e42F292c6912E7710c838347Ae178B4a used', `token ${REDACTED} used`],
    ['GitHub oauth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', REDACTED],
    ['GitHub fine-grained PAT', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', REDACTED],
    [
      'Slack bot token',
      'SLACK_BOT_TOKEN: xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
      `SLACK_BOT_TOKEN: ${REDACTED}`,
    ],
    ['Slack user token bare', 'using xoxp-1234567890-0987654321-abcdefABCDEF', `using ${REDACTED}`],
    ['Slack app token', 'xapp-1-A0123456789-1234567890123-0123456789abcdef', REDACTED],
    [
      'Slack webhook URL',
      'posting to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now',
      `posting to https://hooks.slack.com/${REDACTED} now`,
    ],
    [
      'Discord webhook URL',
      'https://discord.com/api/webhooks/123456789012345678/abcDEF-ghi_JKL',
      `https://discord.com/api/webhooks/${REDACTED}`,
    ],
    ['AWS access key id', 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE', `aws_access_key_id=${REDACTED}`],
    ['AWS key id alone', 'key AKIAIOSFODNN7EXAMPLE in use', `key ${REDACTED} in use`],
    [
      'AWS secret with spaces',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      `aws_secret_access_key = ${REDACTED}`,
    ],
    [
      'GCP service-account JSON',
      '{"private_key_id": "4f1e9d2c8b7a6e5d4c3b2a190817", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n", "client_email": "ci@proj.iam.gserviceaccount.com"}',
      `{"private_key_id": "${REDACTED}", "private_key": "${REDACTED}", "client_email": "ci@proj.iam.gserviceaccount.com"}`,
    ],
    [
      'PEM block over lines',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c2\nabc\n-----END RSA PRIVATE KEY-----\nnext line',
      `-----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----\nnext line`,
    ],
    [
      'PEM block cut off by a log cap',
      '-----BEGIN PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c2',
      `-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`,
    ],
    ['PEM body line on its own', `  ${PEM_LINE}`, `  ${REDACTED}`],
    [
      'JWT in Authorization header',
      `curl -H "Authorization: Bearer ${JWT}" https://api`,
      `curl -H "Authorization: Bearer ${REDACTED}" https://api`,
    ],
    ['Basic auth header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', `Authorization: Basic ${REDACTED}`],
    ['bare bearer token', 'sending Bearer 0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d', `sending Bearer ${REDACTED}`],
    [
      'password in URL',
      'git clone https://oauth2:glpat-abcdefghij@gitlab.example.com/org/repo.git',
      'git clone https://oauth2:***@gitlab.example.com/org/repo.git',
    ],
    ['password flag', 'mysql --password=hunter2 -u root', `mysql --password=${REDACTED} -u root`],
    ['YAML-style password', 'Password: correct-horse', `Password: ${REDACTED}`],
    ['passwd', 'passwd=s3cr3t!', `passwd=${REDACTED}`],
    ['api_key', 'api_key=abc', `api_key=${REDACTED}`],
    ['api-key with quotes', "'api-key': 'abc def'", `'api-key': '${REDACTED}'`],
    [
      'token in a query string',
      'https://x.example/o?X-Goog-Signature=8f9a0b1c2d3e4f5a&token=abc123&n=1',
      `https://x.example/o?X-Goog-Signature=${REDACTED}&token=${REDACTED}&n=1`,
    ],
    ['unterminated quoted secret', '"client_secret": "abcdef', `"client_secret": "${REDACTED}`],
    [
      'random value after a weak key',
      'session=Zx8Qm2Lp9Vt4Rk7Yw3Nc6Hs1Jd5Fg0Ab  cookie=yes',
      `session=${REDACTED}  cookie=yes`,
    ],
    ['key=value inside another value', 'env:GITHUB_TOKEN=abc123', `env:GITHUB_TOKEN=${REDACTED}`],
    [
      'several pairs on one line',
      'user=ci password=p1 secret=p2 mode=fast',
      `user=ci password=${REDACTED} secret=${REDACTED} mode=fast`,
    ],
  ])('%s', (_what, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    [
      'Prow entrypoint line',
      '{"component":"entrypoint","error":"wrapped process failed: exit status 1","file":"sigs.k8s.io/prow/pkg/entrypoint/run.go:84","level":"error","msg":"Error executing test process","severity":"error","time":"2025-02-11T01:59:40Z"}',
    ],
    [
      'kubetest step',
      "2025/02/11 01:13:56 process.go:155: Step 'gcloud auth activate-service-account --key-file=/etc/service-account/service-account.json' finished in 1.472s",
    ],
    [
      'kubetest failure',
      '2025/02/11 01:58:30 main.go:326: Something went wrong: starting e2e cluster: error during ./hack/e2e-internal/e2e-up.sh: exit status 1',
    ],
    ['env var naming a key file', 'GCE_SSH_PRIVATE_KEY_FILE=/etc/ssh-key-secret/ssh-private'],
    ['prose about a password', 'The user name and password to use is located in /workspace/.kube/config.'],
    [
      'empty kube-env value',
      '2025/02/11 01:20:58 GCEMetadataScripts: windows-startup-script-ps1: NODE_BINARY_TAR_HASH: ',
    ],
    ['a variable reference', 'export GITHUB_TOKEN=${GITHUB_TOKEN}'],
    [
      'Ginkgo failure',
      '  [FAILED] Failed to create kind cluster "clusterctl-upgrade-management-9h23mr": failed to pull image "kindest/node:v1.33.0-alpha.1.199_25278540780516": exit status 1',
    ],
    [
      'Ginkgo location',
      '  [FAILED] in [It] - /home/prow/go/src/sigs.k8s.io/cluster-api/test/framework/bootstrap/kind_provider.go:196 @ 02/12/25 08:13:19.992',
    ],
    [
      'image with digest',
      '#5 [builder 1/8] FROM docker.io/library/golang:1.23.6@sha256:8469cb4fe13d1b87abb61122035130d2d9c1432e8cdbe9dfc1296fe0ac553aea',
    ],
    ['commit SHA', 'base_sha=154e6db9f3bb28b0db7d6859f10aee0b02b5c730 hash: 88f354215f157c404a98216f3f530a0f2616c0be'],
    [
      'version resolution',
      '+ KUBERNETES_VERSION_MANAGEMENT="ci/latest-1.33" resolved to "v1.33.0-alpha.1.122+c81431de59a3bf"',
    ],
    ['go test result', '--- PASS: TestSecretsAreMounted (0.00s)'],
    ['URL with port', 'dial tcp https://10.0.0.1:6443/healthz: connection refused'],
    [
      'long Go symbol path',
      'sigs.k8s.io/cluster-api/test/framework/clusterctl.UpgradeManagementClusterAndWait({0x4a1b2c0, 0xc000123450})',
    ],
  ])('keeps a normal line: %s', (_what, line) => {
    expect(redactSecrets(line)).toBe(line);
  });
});

describe('readable output', () => {
  it.each([
    [
      'password flag',
      '+ helm repo add acme https://charts.acme.dev --username ci --password Tz9qL2xWv8Rk',
      `+ helm repo add acme https://charts.acme.dev --username ci --password ${REDACTED}`,
    ],
    ['password flag with =', 'mysql --password=hunter2 -u root', `mysql --password=${REDACTED} -u root`],
    [
      'docker login -p',
      '+ docker login -u ci-bot -p Xq7Lm2Vt9Rk4 registry.acme.dev',
      `+ docker login -u ci-bot -p ${REDACTED} registry.acme.dev`,
    ],
    [
      'URL password',
      'DATABASE_URL=postgres://app:Xq7Lm2Vt9Rk4@db:5432/app',
      'DATABASE_URL=postgres://app:***@db:5432/app',
    ],
    ['URL password, empty user', 'redis://:Xq7Lm2Vt9Rk4@redis:6379/0', 'redis://:***@redis:6379/0'],
    [
      'aws configure set',
      '+ aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzFAKEKEY',
      `+ aws configure set aws_secret_access_key ${REDACTED}`,
    ],
    [
      'curl -u',
      '+ curl -u elastic:Xq7Lm2Vt9Rk4 http://localhost:9200',
      `+ curl -u elastic:${REDACTED} http://localhost:9200`,
    ],
    ['kubectl literal', '--from-literal=password=Xq7Lm2Vt9Rk4', `--from-literal=password=${REDACTED}`],
    ['env dump', 'GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', `GITHUB_TOKEN=${REDACTED}`],
    ['bare token mid-line', 'token ghs_16C7e42F292c6912E7710c838347Ae178B4a used', `token ${REDACTED} used`],
    ['quoted JSON value', '{"client_secret":"Xq7Lm2Vt9Rk4Zp3Wn8"}', `{"client_secret":"${REDACTED}"}`],
    ['authorization header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', `Authorization: Basic ${REDACTED}`],
    ['netrc', 'machine github.com login ci password Xq7Lm2Vt9Rk4', `machine github.com login ci password ${REDACTED}`],
    ['gh secret set', '+ gh secret set TOKEN --body "Xq7Lm2Vt9Rk4"', `+ gh secret set TOKEN --body "${REDACTED}"`],
    [
      'token-named URL user',
      '+ git clone https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/api.git',
      '+ git clone https://x-access-token:***@github.com/acme/api.git',
    ],
    ['mysql -p attached', '+ mysql -uroot -pXq7Lm2Vt9Rk4 -e "SELECT 1"', `+ mysql -uroot -p${REDACTED} -e "SELECT 1"`],
  ])('%s', (_what, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe('PEM private keys', () => {
  const body = [
    'MIIEowIBAAKCAQEA1c2Qm8Lz0pW3nYt6Rk9Vx4Hs7Jd2Fg5Ab8Cq1Zw3Ne6Ty9Ui0Op',
    'Zx8Qm2Lp9Vt4Rk7Yw3Nc6Hs1Jd5Fg0AbQ3w7Er4Ty8Ui2Op6As9Df3Gh7Jk1Lz5Xc',
    'Vb0Nm4Qw8Er2Ty6Ui9Op3As7Df1Gh5Jk8Lz2Xc6Vb9Nm3Qw7Er1Ty5Ui8Op2As6Df',
  ];

  it('replaces a whole multi-line block and keeps the following line', () => {
    const input = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----', 'next line'].join('\n');

    expect(redactSecrets(input)).toBe(
      `-----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----\nnext line`,
    );
  });

  it.each([
    'OPENSSH PRIVATE KEY',
    'EC PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
    'DSA PRIVATE KEY',
  ])('handles %s', (kind) => {
    const input = [`-----BEGIN ${kind}-----`, ...body, `-----END ${kind}-----`].join('\n');
    const out = redactSecrets(input);

    expect(out).toBe(`-----BEGIN ${kind}-----${REDACTED}-----END ${kind}-----`);
  });

  it('redacts a block cut off by a log cap to the end of the text', () => {
    const out = redactSecrets(['before', '-----BEGIN PRIVATE KEY-----', ...body].join('\n'));

    expect(out).toBe(`before\n-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`);
  });

  it('redacts a block whose lines carry runner timestamps', () => {
    const input = ['-----BEGIN PRIVATE KEY-----', ...body, '-----END PRIVATE KEY-----']
      .map((l, i) => `2026-12-02T18:01:0${i}.1234567Z ${l}`)
      .join('\n');
    const out = redactSecrets(input);

    for (const line of body) expect(out).not.toContain(line);
    expect(out.startsWith('2026-12-02T18:01:00.1234567Z -----BEGIN PRIVATE KEY-----')).toBe(true);
  });

  it('redacts a block inside a JSON string with escaped newlines', () => {
    const input = `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${body.join('\\n')}\\n-----END PRIVATE KEY-----\\n", "client_email": "ci@p.iam.gserviceaccount.com"}`;
    const out = redactSecrets(input);

    for (const line of body) expect(out).not.toContain(line);
    expect(out).toContain('"client_email": "ci@p.iam.gserviceaccount.com"');
  });

  it('redacts a body line seen on its own', () => {
    expect(redactSecrets(`  ${body[1]}`)).toBe(`  ${REDACTED}`);
  });

  it('keeps certificates (public) untouched', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

    expect(redactSecrets(cert)).toBe(cert);
  });
});

describe('robustness', () => {
  it('redacts a 1 MB line of random text', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=:@-_.~ "\'';
    let line = '';
    while (line.length < 1_000_000) line += chars[Math.floor(rand() * chars.length)];
    const planted = `${line.slice(0, 500_000)} ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 ${line.slice(500_000)}`;

    const out = redactSecrets(planted);

    expect(out).not.toContain('ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789');
  });

  it('handles long adversarial lines', () => {
    const inputs = [
      'a'.repeat(200_000),
      'eyJ-'.repeat(50_000),
      'a://b:'.repeat(30_000),
      'password='.repeat(20_000),
      '"'.repeat(200_000),
      '--token '.repeat(30_000),
      'docker login '.repeat(20_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(10_000),
      'A'.repeat(300_000),
      `${'x://'.repeat(50_000)}@`,
      'key: '.repeat(50_000),
      '-u a:'.repeat(100_000),
      '-u=-u='.repeat(100_000),
      'gh secret set X '.repeat(30_000),
      'mysql '.repeat(100_000),
      'machine a login b password '.repeat(20_000),
      'http://a:b@'.repeat(50_000),
      'sha512-'.repeat(100_000),
      '--from-literal=a='.repeat(30_000),
      '1234567890:AA'.repeat(50_000),
    ];

    for (const input of inputs) expect(typeof redactSecrets(input)).toBe('string');
  });

  it('exposes every pattern it runs, each without backreferences', () => {
    expect(SECRET_PATTERNS.length).toBeGreaterThan(40);
    for (const { id, pattern } of SECRET_PATTERNS) {
      expect(id).toMatch(/^[a-z0-9-]+$/);
      expect(pattern.source).not.toMatch(/\\[1-9]|\\k</);
    }
    expect(new Set(SECRET_PATTERNS.map((p) => p.id)).size).toBe(SECRET_PATTERNS.length);
  });
});
