// A wording row's `implies`: the variable the failing tool reads though its message names none. It
// is the `variable` fact only when neither the line nor a cross-line join names one, and every
// surface says it was implied by the tool, not seen in the log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { renderText } from '../../src/render/text/render-text.ts';
import { type TriageDeps, triage } from '../../src/triage.ts';
import { schemaErrors } from '../helpers/report-schema.ts';
import { keyFacts } from '../../src/render/view/key-facts.ts';
import { plainCause, shortCause } from '../../src/render/view/short-cause.ts';
import type { EmptyEnvFacts, Finding } from '../../src/types.ts';
import { emptyEnvOf, lines } from './support.ts';

const factsOf = (f: Finding | undefined): EmptyEnvFacts => f?.facts as EmptyEnvFacts;

describe('implied variables', () => {
  it('takes the variable the tool reads when the log names none, and says where that comes from', async () => {
    const f = await emptyEnvOf(
      lines(
        '> snyk test --file=package.json',
        'snyk test requires an authenticated account. Please run `snyk auth` and try again.',
      ),
    );

    expect(factsOf(f).variable).toBe('SNYK_TOKEN');
    expect(factsOf(f).variableImplied).toEqual({
      kind: 'env',
      reader: 'snyk',
      source: expect.stringContaining('https://'),
    });
    expect(f?.summary).toMatch(
      /the log names no variable, but snyk reads SNYK_TOKEN \(.*https:.*\), so it was likely empty/,
    );
  });

  it('names what reads it for the tool when that is not the tool itself (setup-node writes the .npmrc)', async () => {
    const f = await emptyEnvOf(
      lines(
        'npm error code ENEEDAUTH',
        'npm error need auth This command requires you to be logged in to https://registry.npmjs.org/',
      ),
    );

    expect(factsOf(f).variable).toBe('NODE_AUTH_TOKEN');
    expect(factsOf(f).variableImplied?.reader).toBe('the .npmrc actions/setup-node writes');
    expect(factsOf(f).variableImplied?.source).toMatch(/actions\/setup-node .*authutil\.ts/);
  });

  it('implies an action input as an input', async () => {
    const f = await emptyEnvOf(lines('Run MrSquaare/ssh-setup-action@v3', 'Error: Error: Private key is not set'));

    expect(factsOf(f).variable).toBe('private-key');
    expect(factsOf(f).variableImplied?.kind).toBe('input');
    expect(f?.summary).toContain('MrSquaare/ssh-setup-action reads input private-key');
  });

  it('lets a variable the log names win over the implied one', async () => {
    const f = await emptyEnvOf(
      lines(
        'You passed the --record flag but did not provide us your Record Key.',
        '',
        'You can also set the key as an environment variable with the name CYPRESS_RECORD_KEY.',
      ),
    );
    const alone = await emptyEnvOf(lines('You passed the --record flag but did not provide us your Record Key.'));

    expect(factsOf(f).variable).toBe('CYPRESS_RECORD_KEY');
    expect(factsOf(f).variableImplied).toBeUndefined();
    expect(f?.summary).not.toContain('likely empty');
    expect(factsOf(alone).variable).toBe('CYPRESS_RECORD_KEY');
    expect(factsOf(alone).variableImplied?.reader).toBe('cypress');
  });

  it("lets a join's variable (the command's --auth $X) win, and implies the tool's variable without it", async () => {
    const timedOut = ' ›   Error: Timed out waiting for authorization. If you do not have a Netlify';
    const joined = await emptyEnvOf(
      lines('$ netlify deploy --prod --auth $NETLIFY_TOKEN', 'Logging into your Netlify account...', timedOut),
    );
    const alone = await emptyEnvOf(lines('$ netlify deploy --prod', 'Logging into your Netlify account...', timedOut));

    expect(factsOf(joined).variable).toBe('NETLIFY_TOKEN');
    expect(factsOf(joined).variableImplied).toBeUndefined();
    expect(factsOf(alone).variable).toBe('NETLIFY_AUTH_TOKEN');
    expect(factsOf(alone).variableImplied?.reader).toBe('netlify-cli');
  });

  it('implies nothing for a row without `implies` (a tool reading one of several variables)', async () => {
    const f = await emptyEnvOf(lines('time="2023-02-28T16:32:23Z" level=error msg="github token is missing"'));

    expect(f).toBeDefined();
    expect(factsOf(f).variable).toBeNull();
    expect(factsOf(f).variableImplied).toBeUndefined();
  });

  it('renders an implied variable as read by the tool, a named one as seen', async () => {
    const implied = await emptyEnvOf(
      lines('snyk test requires an authenticated account. Please run `snyk auth` and try again.'),
    );
    const named = await emptyEnvOf(lines('/entrypoint.sh: line 3: DEPLOY_KEY: unbound variable'));

    const item = (f: Finding) => keyFacts(f).find((k) => k.label === 'Empty variable')?.items[0];
    expect(item(implied!)).toEqual({ literal: 'SNYK_TOKEN', note: 'implied: the tool reads it' });
    expect(item(named!)).toEqual({ literal: 'DEPLOY_KEY', note: null });
    expect(plainCause(shortCause(implied!))).toBe('SNYK_TOKEN was likely empty (snyk reads it)');
    expect(plainCause(shortCause(named!))).toBe('DEPLOY_KEY was empty');
  });
});

describe('a report with an implied variable', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'implied-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is valid against the schema, and its text says the tool reads the variable', async () => {
    const log = join(dir, 'red.log');
    writeFileSync(
      log,
      lines(
        '> snyk test --file=package.json',
        'snyk test requires an authenticated account. Please run `snyk auth` and try again.',
        'npm ERR! Test failed.  See above for more details.',
      ),
    );
    const deps: TriageDeps = { sources: {}, catalog: await loadRuleCatalog(), suspects: null };

    const report = await triage({ source: log, suspects: false }, deps);
    const finding = report.findings.find((f) => f.classifier === 'empty-env');

    expect(finding?.facts).toMatchObject({ variable: 'SNYK_TOKEN', variableImplied: { kind: 'env', reader: 'snyk' } });
    expect(schemaErrors(report)).toEqual([]);
    expect(renderText(report)).toContain('SNYK_TOKEN (implied: the tool reads it)');
  });
});
