// The empty-use join of empty-env: a value the runner's env block or the shell's xtrace showed empty
// where the failing command used it. Logs follow actions/runner ScriptHandler.PrintActionDetails
// (`##[group]Run`, script lines, `shell:`, `env:`, `  NAME: value`, `##[endgroup]`) with the raw
// log's timestamps, and bash's xtrace (print_cmd.c xtrace_print_word_list: an empty word is `''`).
import { scriptEmptyFlagOf, scriptUses, scriptVariableOf, tracedEmptyOf } from '../../src/analyze/env/trace-lines.ts';
import { classifyRun } from '../../src/analyze/index.ts';
import { emptyEnvOf, lines, observeText, shippedCatalog } from './support.ts';

const T = '2024-05-14T09:12:41.5123456Z';

function step(script: string[], envBlock: string[], output: string[], failed = true): string[] {
  return [
    `${T} ##[group]Run ${script[0]}`,
    ...script.map((l) => `${T} \x1b[36;1m${l}\x1b[0m`),
    `${T} shell: /usr/bin/bash -e {0}`,
    ...(envBlock.length > 0 ? [`${T} env:`, ...envBlock.map((e) => `${T}   ${e}`)] : []),
    `${T} ##[endgroup]`,
    ...output.map((l) => `${T} ${l}`),
    ...(failed ? [`${T} ##[error]Process completed with exit code 1.`] : []),
  ];
}

const CHECKOUT = [`${T} ##[group]Run actions/checkout@v4`, `${T} with:`, `${T}   fetch-depth: 1`, `${T} ##[endgroup]`];
const LOGIN = ['echo "$REGISTRY_TOKEN" | docker login ghcr.io -u "$REGISTRY_USER" --password-stdin'];
const DENIED = ['Error response from daemon: Get "https://ghcr.io/v2/": denied: denied'];

describe('empty-use readers', () => {
  it('knows which references a script makes to a name', () => {
    expect(scriptUses('docker login -u "$USER_X"', 'USER_X')).toBe(true);
    expect(scriptUses('curl -H "Authorization: ${TOKEN:-}"', 'TOKEN')).toBe(true);
    expect(scriptUses('echo ${{ secrets.NPM_TOKEN }}', 'NPM_TOKEN')).toBe(true);
    expect(scriptUses('echo $TOKEN_2', 'TOKEN')).toBe(false);
    expect(scriptUses('echo TOKEN is unused', 'TOKEN')).toBe(false);
  });

  it("reads bash's traces of empty words and flags that lost their value", () => {
    expect(tracedEmptyOf("+ curl -fsS -H '' https://api.example.test")).toMatchObject({ position: 3, flag: null });
    expect(tracedEmptyOf('++ docker login -u -p *** ghcr.io')).toMatchObject({ flag: '-u' });
    expect(tracedEmptyOf('+ helm upgrade app ./chart --set-string image.tag=1 --api-key=')).toMatchObject({
      flag: '--api-key',
    });
    expect(tracedEmptyOf("+ curl -H 'Authorization: Bearer ' https://api.example.test")).toMatchObject({
      flag: 'Bearer',
    });
    expect(tracedEmptyOf('+ git clone https://x-access-token:@github.com/o/r.git')).toMatchObject({ position: 2 });
    expect(tracedEmptyOf('+ docker login -u bot -p *** ghcr.io')).toBe('traced');
    expect(tracedEmptyOf("echo '' not traced")).toBeNull();
  });

  it('reads a printed step script whose flag lost its value', () => {
    expect(scriptEmptyFlagOf('docker login -u  -p *** ghcr.io')).toBe('-u');
    expect(scriptEmptyFlagOf('npx vsce publish --token ""')).toBe('--token');
    expect(scriptEmptyFlagOf('docker login -u bot -p *** ghcr.io\nmkdir -p out')).toBeNull();
  });

  it('finds the script variable behind a traced empty value', () => {
    const script = 'set -x\ndocker login -u $DOCKER_USER -p $DOCKER_PASS ghcr.io\ncurl -H "$AUTH" $URL';
    expect(scriptVariableOf(script, { command: 'docker login -u -p *** ghcr.io', flag: '-u', position: null })).toBe(
      'DOCKER_USER',
    );
    expect(scriptVariableOf(script, { command: "curl -H '' https://x.test", flag: null, position: 2 })).toBe('AUTH');
    const auth = 'curl -H "Authorization: Bearer $API_TOKEN" https://api.example.test';
    expect(
      scriptVariableOf(auth, {
        command: "curl -H 'Authorization: Bearer ' https://api.example.test",
        flag: 'Bearer',
        position: null,
      }),
    ).toBe('API_TOKEN');
  });
});

describe('empty-env from an empty value where the failing command used it', () => {
  it('joins an empty env entry of a failed run step to its script', async () => {
    const log = lines(
      ...CHECKOUT,
      ...step(LOGIN, ['REGISTRY_USER: ', 'REGISTRY_TOKEN: ***'], DENIED),
      `${T} ##[group]Run actions/upload-artifact@v4`,
    );

    const f = await emptyEnvOf(log);

    expect(f?.facts).toMatchObject({ errorType: 'runner-env-empty', variable: 'REGISTRY_USER' });
    expect(f?.confidence).toBeLessThan(0.8);
    expect(f?.evidence.map((e) => e.text)).toEqual([
      `${T} ##[group]Run ${LOGIN[0]}`,
      `${T}   REGISTRY_USER:`,
      `${T} ${DENIED[0]}`,
    ]);
  });

  it('joins a traced command with an empty word to the failure it printed', async () => {
    const log = lines(
      '[Pipeline] sh',
      '+ export IMAGE=registry.example.test/app',
      '+ docker build -t registry.example.test/app: .',
      "+ curl -fsS -H 'Authorization: Bearer ' -d '' https://deploy.example.test/hooks",
      'curl: (22) The requested URL returned error: 401',
      'script returned exit code 22',
    );

    const f = await emptyEnvOf(log);

    expect(f?.facts).toMatchObject({ errorType: 'xtrace-empty-word' });
    expect(f?.evidence.map((e) => e.line)).toEqual([4, 5]);
  });

  it('names the variable of a traced flag that lost its value from the step script', async () => {
    const script = ['set -x', 'docker login -u $DOCKER_USER -p $DOCKER_PASS registry.example.test'];
    const log = lines(
      ...step(
        script,
        [],
        [
          '+ docker login -u -p *** registry.example.test',
          'WARNING! Using --password via the CLI is insecure. Use --password-stdin.',
          'Error response from daemon: Get "https://registry.example.test/v2/": unauthorized: authentication required',
        ],
      ),
    );

    const f = await emptyEnvOf(log);

    expect(f?.facts).toMatchObject({ errorType: 'xtrace-empty-word', variable: 'DOCKER_USER' });
  });

  it('joins a step past the head of a long log, from the artifact tail', async () => {
    const noise = Array.from({ length: 300 }, (_, i) => `${T} compiling module ${i}`);
    const log = lines(...noise, ...step(LOGIN, ['REGISTRY_USER: ', 'REGISTRY_TOKEN: ***'], DENIED));
    const catalog = await shippedCatalog();

    const obs = await observeText(log, { limits: { headLines: 10, headBytes: 4096 }, chunk: 97 });
    const f = classifyRun(obs, null, catalog).find((x) => x.classifier === 'empty-env');

    expect(f?.facts).toMatchObject({ errorType: 'runner-env-empty', variable: 'REGISTRY_USER' });
    expect(f?.evidence.map((e) => e.line)).toEqual([301, 305, 308]);
  });

  it("reads the web view's copy (no markers, indented block) and gh run view's columns", async () => {
    const web = lines(
      'Run npx netlify deploy --prod --auth "$NETLIFY_AUTH_TOKEN" --site "$NETLIFY_SITE_ID"',
      '  npx netlify deploy --prod --auth "$NETLIFY_AUTH_TOKEN" --site "$NETLIFY_SITE_ID"',
      '  shell: /usr/bin/bash -e {0}',
      '  env:',
      '    NETLIFY_AUTH_TOKEN: ***',
      '    NETLIFY_SITE_ID: ',
      ' ›   Error: Not Found',
      'Error: Process completed with exit code 2.',
    );
    const gh = lines(
      ...step(LOGIN, ['REGISTRY_USER: ', 'REGISTRY_TOKEN: ***'], DENIED).map((l) => `publish\tLog in\t${l}`),
    );

    const fromWeb = await emptyEnvOf(web);
    const fromGh = await emptyEnvOf(gh);

    expect(fromWeb?.facts).toMatchObject({ errorType: 'runner-env-empty', variable: 'NETLIFY_SITE_ID' });
    expect(fromWeb?.evidence.map((e) => e.line)).toEqual([1, 6, 7]);
    expect(fromGh?.facts).toMatchObject({ errorType: 'runner-env-empty', variable: 'REGISTRY_USER' });
  });

  it('claims the flag of a failed step whose printed script lost a value, without a name', async () => {
    const log = lines(...step(['docker login -u  -p *** ghcr.io'], [], DENIED));

    const f = await emptyEnvOf(log);

    expect(f?.facts).toMatchObject({ errorType: 'runner-script-empty-flag', parameter: '-u', variable: null });
    expect(f?.evidence.map((e) => e.line)).toEqual([1, 5]);
  });

  it('joins nothing across lines it did not see (a step in the head, an error in the tail)', async () => {
    const header = step(LOGIN, ['REGISTRY_USER: '], [], false);
    const noise = Array.from({ length: 400 }, (_, i) => `${T} compiling module ${i} ${'x'.repeat(60)}`);
    const log = lines(
      ...header,
      ...noise,
      `${T} npm error code ELIFECYCLE`,
      `${T} ##[error]Process completed with exit code 1.`,
    );
    const catalog = await shippedCatalog();

    const obs = await observeText(log, { limits: { headLines: 20, headBytes: 4096, tailBytes: 1024 } });
    const f = classifyRun(obs, null, catalog).find((x) => x.classifier === 'empty-env');

    expect(f).toBeUndefined();
  });

  it.each([
    ['a set secret (***)', step(LOGIN, ['REGISTRY_USER: ***', 'REGISTRY_TOKEN: ***'], DENIED)],
    ['an empty entry the script does not use', step(LOGIN, ['REGISTRY_USER: bot', 'SLACK_WEBHOOK: '], DENIED)],
    [
      'an empty entry in a step that succeeded (the failure came later)',
      [
        ...step(LOGIN, ['REGISTRY_USER: '], ['Login Succeeded'], false),
        ...step(['npm test'], [], ['npm error Test failed.  See above for more details.']),
      ],
    ],
    [
      'an empty entry of a web-view step whose output follows, unused by the script',
      [
        'Run make deploy',
        '  make deploy',
        '  shell: /usr/bin/bash -e {0}',
        '  env:',
        '    SLACK_WEBHOOK: ',
        'make: *** [deploy] Error 1',
        'Error: Process completed with exit code 2.',
      ],
    ],
    ['a wrong but set value', step(LOGIN, ['REGISTRY_USER: octo-bot', 'REGISTRY_TOKEN: ***'], DENIED)],
    [
      'an empty traced word whose command succeeded',
      [
        "+ git commit --allow-empty -m ''",
        '[main 1a2b3c4] ',
        '+ git push origin main',
        'error: failed to push some refs',
      ],
    ],
  ])('claims nothing for %s', async (_what, log) => {
    const f = await emptyEnvOf(lines(...log));

    expect(f).toBeUndefined();
  });
});
