import { classifyRun, observeRun } from '../../src/analyze/index.ts';
import type { RunObservations } from '../../src/analyze/index.ts';
import { envErrorOf } from '../../src/analyze/env/env-lines.ts';
import type { Finding, RunInfo } from '../../src/types.ts';
import { env, evidence, lines, shippedCatalog, textArtifact } from './support.ts';
import { expectFinding } from '../helpers/findings.ts';

// One real-world line each, with what it exercises and the parameter/variable it must name.
const ERRORS: [string, string, Record<string, string | null>][] = [
  [
    'PowerShell empty string',
    "Kubernetes Windows node setup failed: Cannot bind argument to parameter 'Path' because it is an empty string.",
    { type: 'powershell-binding', parameter: 'Path' },
  ],
  [
    'PowerShell null, cmdlet prefix',
    "Split-Path : Cannot bind argument to parameter 'Path' because it is null.",
    { type: 'powershell-binding', parameter: 'Path', cmdlet: 'Split-Path' },
  ],
  [
    'PowerShell ValidateNotNullOrEmpty',
    "Invoke-WebRequest : Cannot validate argument on parameter 'Uri'. The argument is null or empty.",
    { type: 'powershell-validation', parameter: 'Uri', cmdlet: 'Invoke-WebRequest' },
  ],
  [
    'bash set -u',
    './hack/ci/e2e.sh: line 42: GCP_PROJECT: unbound variable',
    { type: 'bash-unbound', variable: 'GCP_PROJECT' },
  ],
  [
    'bash ${X:?}',
    'scripts/ci-e2e-lib.sh: line 12: KUBERNETES_VERSION: parameter null or not set',
    { type: 'bash-null', variable: 'KUBERNETES_VERSION' },
  ],
  ['curl empty URL', 'curl: (3) URL using bad/illegal format or missing URL', { type: 'empty-url', parameter: 'URL' }],
  ['curl no URL', 'curl: (2) no URL specified', { type: 'empty-url', parameter: 'URL' }],
  ['wget no URL', 'wget: missing URL', { type: 'empty-url', parameter: 'URL' }],
  [
    'docker empty tag',
    'invalid argument "gcr.io/k8s-staging-foo/bar:" for "-t, --tag" flag: invalid reference format',
    { type: 'empty-image-tag', parameter: 'tag', image: 'gcr.io/k8s-staging-foo/bar:' },
  ],
  [
    'kubelet empty tag',
    'Failed to apply default image tag "registry.k8s.io/pause:": couldn\'t parse image reference "registry.k8s.io/pause:": invalid reference format',
    { type: 'empty-image-tag', parameter: 'tag' },
  ],
  [
    'gsutil without URL',
    'CommandException: Wrong number of arguments for "cp" command.',
    { type: 'gsutil-arguments', parameter: 'cp arguments' },
  ],
  [
    'required variable',
    'ERROR: environment variable AZURE_CLIENT_ID is required',
    { type: 'missing-env', variable: 'AZURE_CLIENT_ID' },
  ],
  [
    'must be set',
    'F0211 01:13:55.000000 main.go:12] BOSKOS_HOST must be set',
    { type: 'missing-env', variable: 'BOSKOS_HOST' },
  ],
];

const NOT_ERRORS: [string, string][] = [
  ['informational default', 'KUBECONFIG is not set, using the default /root/.kube/config'],
  [
    'the CAPI defaulting line',
    'Defaulting KUBERNETES_VERSION_LATEST_CI to ci/latest-1.33 to trigger image build (because env var is not set)',
  ],
  ['kube-up IP', 'Using master: e2e-master (external IP: 34.105.14.201; internal IP: (not set))'],
  ['docker invalid reference with a full tag', 'docker: invalid reference format: repository name must be lowercase.'],
  ['plain prose', 'Authentication is required for this operation'],
];

describe('empty-env line readers', () => {
  it.each(ERRORS)('reads %s', (_what, line, expected) => {
    expect(envErrorOf(line)).toMatchObject(expected);
  });

  it.each(NOT_ERRORS)('ignores %s', (_what, line) => {
    expect(envErrorOf(line)).toBeNull();
  });
});

const NODE = 'artifacts/e2e-bb3cd9e79e-e3991-windows-node-group-dt2w/serial-1.log';
const P = '2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: ';
const SERIAL = lines(
  `${P}Logging kube-env key-value pairs except CERT and KEY values`,
  `${P}NODE_BINARY_TAR_HASH: `,
  `${P}CSI_PROXY_FLAGS: `,
  `${P}NODE_BINARY_TAR_URL: `,
  `${P}WINDOWS_CNI_VERSION: v1.2.0`,
  `${P}Containerd configured and started`,
  `${P}Exception caught in script:`,
  `${P}At C:\\k8s-node-setup.psm1:383 char:32`,
  `${P}+   $filename = Split-Path -leaf $urls[0]`,
  `${P}+                                ~~~~~~~~`,
  `${P}Kubernetes Windows node setup failed: Cannot bind argument to parameter 'Path' because it is an empty string.`,
);
const GREEN_SERIAL = SERIAL.replace(
  'NODE_BINARY_TAR_URL: \n',
  'NODE_BINARY_TAR_URL: https://storage.googleapis.com/k/kubernetes-node-windows-amd64.tar.gz\n',
)
  .replace('NODE_BINARY_TAR_HASH: \n', 'NODE_BINARY_TAR_HASH: 0123abcd\n')
  .split('\n')
  .slice(0, 6)
  .join('\n');

const LABELS = {
  'preset-common-gce-windows': 'true',
  'preset-k8s-ssh': 'true',
  'preset-service-account': 'true',
  'prow.k8s.io/job': 'x',
};
const GREEN_ENV = {
  NUM_NODES: '1',
  KUBERNETES_NODE_PLATFORM: 'windows',
  WINDOWS_ENABLE_DSR: 'true',
  GCE_SSH_PRIVATE_KEY_FILE: '/etc/ssh-key-secret/ssh-private',
  BUILD_ID: '1',
  IMAGE: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20241128-8df65c072f-master',
};
const RED_ENV = {
  NUM_NODES: '1',
  GCE_SSH_PRIVATE_KEY_FILE: '/etc/ssh-key-secret/ssh-private',
  BUILD_ID: '2',
  IMAGE: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250205-f1f3519e6b-master',
};

async function observe(build: string, serial: string | null, info: Partial<RunInfo>): Promise<RunObservations> {
  // Like kubernetes_e2e.py: the sorted environment first, so both env sources are compared.
  const vars = (info.env ?? []).map((v) => `${v.name}=${v.value}`).sort();
  const buildLog = lines('Environment:', ...vars, build);
  const logs = [textArtifact('build-log.txt', buildLog), ...(serial ? [textArtifact(NODE, serial)] : [])];
  return observeRun(evidence(logs, info), await shippedCatalog());
}

async function classify(current: RunObservations, baseline: RunObservations | null): Promise<Finding[]> {
  return classifyRun(current, baseline, await shippedCatalog());
}

describe('empty-env classifier', () => {
  const green = (): Promise<RunObservations> =>
    observe(
      lines(
        'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl/ci/v1.33.0',
        'IP aliases are enabled.',
        'Cluster validation succeeded',
      ),
      GREEN_SERIAL,
      { result: 'SUCCESS', env: env(GREEN_ENV), labels: LABELS },
    );
  const red = (): Promise<RunObservations> =>
    observe(lines('!!! Cannot find kubernetes-node-windows-amd64.tar.gz', 'IP aliases are disabled.'), SERIAL, {
      env: env(RED_ENV),
      labels: LABELS,
    });

  it('links the empty kube-env value to the failing parameter and explains it against the baseline', async () => {
    const [top] = await classify(await red(), await green());

    expect(top!.classifier).toBe('empty-env');
    expect(top!.facts).toEqual({
      errorType: 'powershell-binding',
      parameter: 'Path',
      variable: 'NODE_BINARY_TAR_URL',
      cmdlet: 'Split-Path',
      wording: 'pwsh-bind-argument-empty-string',
      file: 'C:\\k8s-node-setup.psm1',
      line: 383,
      char: 32,
      code: '$filename = Split-Path -leaf $urls[0]',
      node: 'e2e-bb3cd9e79e-e3991-windows-node-group-dt2w',
      occurrences: 1,
      envChanges: [
        { name: 'KUBERNETES_NODE_PLATFORM', before: 'windows', after: null },
        { name: 'WINDOWS_ENABLE_DSR', before: 'true', after: null },
      ],
      danglingLabels: ['preset-common-gce-windows'],
      vanishedLines: [
        expect.stringContaining(
          'NODE_BINARY_TAR_URL: https://storage.googleapis.com/k/kubernetes-node-windows-amd64.tar.gz',
        ),
        'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl/ci/v1.33.0',
        expect.stringContaining('NODE_BINARY_TAR_HASH: 0123abcd'),
      ],
    });
    expect(top!.evidence.map((e) => [e.artifact, e.line])).toEqual([
      [NODE, 4],
      [NODE, 8],
      [NODE, 9],
      [NODE, 11],
    ]);
  });

  it('finds the empty value without a baseline too, with the same fingerprint', async () => {
    const current = await red();
    const [withBaseline] = await classify(current, await green());

    const [alone] = await classify(current, null);

    expect(expectFinding(alone, 'empty-env').facts.variable).toBe('NODE_BINARY_TAR_URL');
    expect(expectFinding(alone, 'empty-env').facts.envChanges).toBeUndefined();
    expect(alone!.fingerprint).toBe(withBaseline!.fingerprint);
  });

  it('gives no finding when no step failed on an empty value, only a latent note below the cause', async () => {
    const quota = lines(
      'ERROR: (gcloud.compute.networks.create) Could not fetch resource:',
      " - Quota 'NETWORKS' exceeded.  Limit: 15.0 globally.",
      'Something went wrong: starting e2e cluster',
    );

    const findings = await classify(await observe(quota, null, { env: env(RED_ENV), labels: LABELS }), await green());

    expect(findings.map((f) => f.classifier)).toEqual(['rule:gce-quota-exceeded', 'rule:kubetest-failed', 'env-drift']);
    expect(findings[2]).toMatchObject({ category: 'latent', confidence: 0.25, evidence: [] });
    expect(expectFinding(findings[2], 'env-drift').facts.danglingLabels).toEqual(['preset-common-gce-windows']);
  });

  it('names the variable a bash error names, without needing a dump', async () => {
    const obs = await observe(
      lines('+ gcloud config set project "${GCP_PROJECT}"', './hack/ci/e2e.sh: line 42: GCP_PROJECT: unbound variable'),
      null,
      {},
    );

    const [top] = await classify(obs, null);

    expect(top).toMatchObject({
      classifier: 'empty-env',
      facts: { errorType: 'bash-unbound', variable: 'GCP_PROJECT', parameter: null },
    });
    expect(top!.evidence).toEqual([
      { artifact: 'build-log.txt', line: 3, text: './hack/ci/e2e.sh: line 42: GCP_PROJECT: unbound variable' },
    ]);
  });

  it('takes the variable from the message of the same failure that names it (a traceback)', async () => {
    // Shape of https://github.com/alexwlchan/auto_merge_my_pull_requests/pull/4 (CPython's os.py frame, then the KeyError).
    const obs = await observe(
      lines(
        'Traceback (most recent call last):',
        '  File "/usr/local/lib/python3.7/os.py", line 678, in __getitem__',
        '    raise KeyError(key) from None',
        "KeyError: 'PUBLISH_TOKEN'",
      ),
      null,
      {},
    );

    const [top] = await classify(obs, null);

    expect(top).toMatchObject({ classifier: 'empty-env', facts: { variable: 'PUBLISH_TOKEN' } });
    expect(top!.evidence.map((e) => e.line)).toEqual([3, 5]);
  });

  it('names the one variable the command echoed just before expands, when the error names none', async () => {
    const run = (command: string) =>
      observe(lines(command, 'ERROR: (gcloud.config.set) argument VALUE is required'), null, {}).then((o) =>
        classify(o, null),
      );

    const [one] = await run('$ gcloud config set project $GOOGLE_CLOUD_PROJECT');
    const [two] = await run('$ gcloud config set $SECTION $GOOGLE_CLOUD_PROJECT');
    const [plain] = await run('gcloud config set project $GOOGLE_CLOUD_PROJECT is what we ran');

    expect(one).toMatchObject({ facts: { variable: 'GOOGLE_CLOUD_PROJECT', parameter: 'VALUE' } });
    expect(two).toMatchObject({ facts: { variable: null, parameter: 'VALUE' } });
    expect(plain).toMatchObject({ facts: { variable: null } });
  });

  it("names the one value a step's env block showed empty just before an error that names nothing", async () => {
    // Shape of docker/login-action#90: the step header lists its env, one entry empty.
    const step = (...env: string[]) =>
      lines(
        'Run docker/login-action@v3',
        '  with:',
        '    username: someone',
        '  env:',
        ...env,
        'Error: Username and password required',
      );

    const [one] = await classify(
      await observe(step('    DOCKERHUB_PASS:', '    DOCKERHUB_USER: someone'), null, {}),
      null,
    );
    const [two] = await classify(await observe(step('    DOCKERHUB_PASS:', '    DOCKERHUB_USER:'), null, {}), null);

    expect(one).toMatchObject({ classifier: 'empty-env', facts: { variable: 'DOCKERHUB_PASS' } });
    expect(two).toMatchObject({ classifier: 'empty-env', facts: { variable: null } });
  });

  it('says nothing about a green run', async () => {
    const findings = await classify(await observe('', SERIAL, { result: 'SUCCESS' }), null);

    expect(findings.filter((f) => f.classifier === 'empty-env')).toEqual([]);
  });
});
