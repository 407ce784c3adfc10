// The cross-line joins of empty-env: which variable was empty, read from the lines around an error
// that does not name it (a command's word, a script's guard, the runner's debug output, PowerShell's
// marker, a compose `${X:?msg}`, a credential flag).
import {
  credentialFlagVariableOf,
  containerCommandVariableOf,
  debugEvaluationOf,
  emptyGuardOf,
  emptyTemplateVariableOf,
  expandedVariableOf,
  markedVariableOf,
  requiredSubstitutionOf,
} from '../../src/analyze/env/env-lines.ts';
import { emptyEnvOf, lines } from './support.ts';

describe('empty-env join readers', () => {
  it('finds the variable that matched nothing in the word a reference was built from', () => {
    expect(emptyTemplateVariableOf('docker build -t $DOCKER_ORG/$REPO:local .', '/central-ledger:local')).toBe(
      'DOCKER_ORG',
    );
    expect(emptyTemplateVariableOf('docker tag app app:${BRANCH#docker/}', 'app:')).toBe('BRANCH');
    expect(emptyTemplateVariableOf('docker build -t "${REGISTRY}/app:${TAG}" .', 'ghcr.io/acme/app:')).toBe('TAG');
    // Every variable got a value, the word does not fit, or two variables touch: no claim.
    expect(emptyTemplateVariableOf('docker build -t $ORG/$REPO:local .', 'acme/api:local')).toBeNull();
    expect(emptyTemplateVariableOf('docker build -t $ORG/app:local .', '/other:1.0')).toBeNull();
    expect(emptyTemplateVariableOf('docker build -t $ORG$REPO:local .', ':local')).toBeNull();
  });

  it("reads a script's own empty-value guard and the message it prints", () => {
    expect(
      emptyGuardOf(" $ [ -z ${GCP_AR_KEY} ] && echo 'Artifact Registry credentials not available' && exit 1"),
    ).toEqual({ name: 'GCP_AR_KEY', message: 'Artifact Registry credentials not available' });
    expect(emptyGuardOf('+ [[ -n "$TOKEN" ]] || { echo "TOKEN missing"; exit 1; }')).toEqual({
      name: 'TOKEN',
      message: 'TOKEN missing',
    });
    // `-z ... ||` prints when the value is set: not a guard against an empty one.
    expect(emptyGuardOf('[ -z "$TOKEN" ] || echo \'using the token\'')).toBeNull();
  });

  it("follows the runner's debug evaluation of a secret to its null result", () => {
    expect(debugEvaluationOf('##[debug]Evaluating: secrets.GH_TOKEN', null)).toEqual({ evaluating: 'GH_TOKEN' });
    expect(debugEvaluationOf('##[debug]..Evaluating secrets:', 'GH_TOKEN')).toBeNull();
    expect(debugEvaluationOf('##[debug]Result: null', 'GH_TOKEN')).toEqual({ name: 'GH_TOKEN', empty: true });
    expect(debugEvaluationOf("##[debug]Result: 'https://github.com/'", 'URL')).toEqual({ name: 'URL', empty: false });
    expect(debugEvaluationOf('##[debug]Evaluating: github.server_url', 'GH_TOKEN')).toEqual({ evaluating: null });
    expect(debugEvaluationOf('##[debug]Result: null', null)).toBeNull();
  });

  it('reads the variable PowerShell marks under the code line, whatever prefix both lines carry', () => {
    const code = '[ERROR] + ... = Import-Params -cpf $ComputerParametersFile';
    const mark = '[ERROR] +                          ~~~~~~~~~~~~~~~~~~~~~~~';
    expect(markedVariableOf(mark, code)).toBe('ComputerParametersFile');
    expect(markedVariableOf('     |  ~~~~~', '  91 |  Get-Secret -Name $SecretName')).toBeNull();
    expect(markedVariableOf('  +     ~~~~', '  +     Get-Item')).toBeNull();
  });

  it("names the compose `${X:?msg}` the error's interpolated value or tail points at", () => {
    expect(requiredSubstitutionOf('interpolating ${SENTRY_IMAGE:?set it} in service "web": set it', null)).toBe(
      'SENTRY_IMAGE',
    );
    expect(requiredSubstitutionOf("{'A': '${A:?A}', 'B': '${B:?B}'}", null)).toBeNull();
    expect(requiredSubstitutionOf('        SENTRY_IMAGE: ${SENTRY_IMAGE:?err}', 'err')).toBe('SENTRY_IMAGE');
    expect(requiredSubstitutionOf('        SENTRY_IMAGE: ${SENTRY_IMAGE:?err}', 'other')).toBeNull();
  });

  it('takes the variable of a credential flag and of a docker command printed bare', () => {
    expect(credentialFlagVariableOf('docker login $REGISTRY -u $DOCKER_USERNAME --password-stdin')).toBe(
      'DOCKER_USERNAME',
    );
    expect(credentialFlagVariableOf('Run npx netlify deploy --auth "$NETLIFY_AUTH_TOKEN" --dir ./build/')).toBe(
      'NETLIFY_AUTH_TOKEN',
    );
    expect(credentialFlagVariableOf('docker login -u someone')).toBeNull();
    expect(containerCommandVariableOf('/usr/bin/docker run --rm --name zk ${REGISTRY_ENDPOINT')).toBe(
      'REGISTRY_ENDPOINT',
    );
    expect(containerCommandVariableOf('make build TAG=$TAG')).toBeNull();
  });

  it('does not take a shell test as the variable an echoed command expands', () => {
    expect(expandedVariableOf('$ if [[ "$TRAVIS_OS_NAME" == osx ]]; then scripts/add_key.sh; fi')).toBeNull();
    expect(expandedVariableOf('$ gcloud config set project $PROJECT')).toBe('PROJECT');
  });
});

describe('empty-env joins in a run', () => {
  it('names the variable whose emptiness turned the tag into "/name:tag"', async () => {
    const top = await emptyEnvOf(
      lines(
        'docker build -t $DOCKER_ORG/$CIRCLE_PROJECT_REPONAME:local .',
        'invalid argument "/central-ledger:local" for "-t, --tag" flag: invalid reference format',
      ),
    );
    expect(top).toMatchObject({ facts: { variable: 'DOCKER_ORG', errorType: 'empty-image-tag' } });
  });

  it('takes a bare docker "invalid reference format" only after a step that expands a variable', async () => {
    const after = await emptyEnvOf(lines('Step 2/8 : FROM $CI_REGISTRY_IMAGE:base', 'invalid reference format'));
    const alone = await emptyEnvOf(lines('Starting container cimg:base/stable', 'invalid reference format'));

    expect(after).toMatchObject({ facts: { variable: 'CI_REGISTRY_IMAGE' } });
    expect(alone).toBeUndefined();
  });

  it("reports a script's guard message as the empty variable it tested", async () => {
    const top = await emptyEnvOf(
      lines(
        " $ [ -z ${GCP_AR_KEY} ] && echo 'Artifact Registry credentials not available' && exit 1",
        ' Artifact Registry credentials not available',
      ),
    );
    expect(top).toMatchObject({ facts: { variable: 'GCP_AR_KEY', errorType: 'shell-empty-guard' } });
    expect(top!.evidence.map((e) => e.line)).toEqual([1, 2]);
  });

  it('prefers the secret the runner evaluated to null over the input the action names', async () => {
    const run = (secret: string) =>
      emptyEnvOf(
        lines(
          '##[debug]Evaluating: secrets.GH_TOKEN',
          '##[debug]Evaluating Index:',
          '##[debug]..Evaluating secrets:',
          '##[debug]..=> Object',
          `##[debug]Result: ${secret}`,
          'Run ad-m/github-push-action@master',
          'Missing input "github_token: ${{ secrets.GITHUB_TOKEN }}".',
        ),
      );

    expect(await run('null')).toMatchObject({ facts: { variable: 'GH_TOKEN' } });
    expect(await run("'***'")).toMatchObject({ facts: { variable: 'github_token' } });
  });

  it('names the variable PowerShell marked when no dumped value explains the error', async () => {
    // pwsh 7 ConciseView: the code line, then `~` under the argument that failed.
    const code = '  91 |  … ot $(Get-AzKeyVaultSecret -VaultName $VaultName -Name $SecretName)) {';
    const under = (token: string) => `     |${' '.repeat(code.indexOf(token) - 6)}${'~'.repeat(token.length)}`;
    const run = (token: string) =>
      emptyEnvOf(
        lines(
          'Get-AzKeyVaultSecret: /src/Security.psm1:91',
          'Line |',
          code,
          under(token),
          "     | Cannot validate argument on parameter 'Name'. The argument is null or empty.",
        ),
      );

    expect(await run('$SecretName')).toMatchObject({ facts: { variable: 'SecretName', parameter: 'Name' } });
    expect(await run('$VaultName')).toMatchObject({ facts: { variable: 'VaultName' } });
  });
});
