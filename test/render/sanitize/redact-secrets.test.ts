import { checkSync } from 'recheck';
import {
  cleanLogText,
  KEY_VALUE_PATTERN,
  redactSecrets,
  REDACTED,
  SECRET_REPLACEMENTS,
  stripControl,
} from '../../../src/render/sanitize/index.ts';

// Fake credentials in the shapes real ones have (none of these is live).
const GHP = 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM_LINE = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4';

describe('redactSecrets', () => {
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
    const out = redactSecrets(input);

    expect(out).toBe(expected);
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

  it('is idempotent', () => {
    const once = redactSecrets(`GITHUB_TOKEN=${GHP} Authorization: Bearer ${JWT}`);

    expect(redactSecrets(once)).toBe(once);
  });

  it('uses only patterns recheck finds safe from ReDoS', () => {
    const patterns = [
      ...SECRET_REPLACEMENTS.map((r) => [r.id, r.pattern] as const),
      ['key-value value', KEY_VALUE_PATTERN] as const,
    ];

    const verdicts = patterns.map(([id, re]) => [
      id,
      checkSync(re.source, re.flags.replace('y', ''), { checker: 'fuzz', randomSeed: 1, timeout: 10000 }).status,
    ]);

    expect(verdicts.filter(([, status]) => status !== 'safe')).toEqual([]);
  });

  it('handles long adversarial lines quickly', () => {
    const inputs = [
      'a'.repeat(200_000),
      'eyJ-'.repeat(50_000),
      'a://b:'.repeat(30_000),
      'password='.repeat(20_000),
      '"'.repeat(200_000),
    ];
    const start = performance.now();

    for (const input of inputs) redactSecrets(input);

    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe('stripControl / cleanLogText', () => {
  it('removes ANSI colours, OSC sequences, bidi overrides and stray controls but keeps tabs and newlines', () => {
    const input =
      '\u001b[0;33mDetected 2 ready nodes\u001b[0m\r\n\u001b]8;;https://evil\u0007x\u001b]8;;\u0007\tok\u202egnp.exe\u0000';

    expect(stripControl(input)).toBe('Detected 2 ready nodes\nx\tokgnp.exe');
  });

  it('strips controls before redacting, so colour codes cannot hide a token', () => {
    expect(cleanLogText(`token=\u001b[1m${GHP}\u001b[0m`)).toBe(`token=${REDACTED}`);
  });
});
