// Every row of the wording tables (src/analyze/wordings/*.yaml) against its own examples (facts
// exact) and non-examples (no match), plus how the loader refuses a bad row.
import { AnalyzeError } from '../../src/analyze/errors.ts';
import { stripLinePrefix } from '../../src/analyze/line-prefix.ts';
import {
  compileWordingTables,
  MIN_PREFILTER_LENGTH,
  matchWording,
  shippedWordings,
  type Wording,
} from '../../src/analyze/wordings/load-wordings.ts';

const { wordings } = shippedWordings();
const examples = wordings.flatMap((w) =>
  w.examples.map((e, i): [string, Wording, string, Record<string, string>] => [
    `${w.id} #${i + 1}`,
    w,
    e.line,
    e.facts,
  ]),
);
const nonExamples = wordings.flatMap((w) =>
  w.nonExamples.map((line, i): [string, Wording, string] => [`${w.id} #${i + 1}`, w, line]),
);

// Rows whose literals are all shorter than MIN_PREFILTER_LENGTH: they see only the lines their
// observer's other literals route (a new one here is a decision, not an accident).
const UNROUTED = [
  'bash-custom-question-mark-message',
  'node-invalid-url-input-empty',
  'bash-job-killed',
  'pytest-failed-summary-line',
  'pytest-final-stats-failed',
  'go-test-package-fail',
  'jest-tests-summary-failed',
  'jest-file-fail-header',
  'ginkgo-fail-summary-entry',
];

const ROW = `- id: demo-row
  class: empty-env
  tool: demo
  versions: "1.0"
  source: "demo/demo@v1 main.go"
  anchor: "is empty"
  pattern: '(?<variable>[A-Z_]+) is empty'
  confidence: 0.5
  examples:
    - line: "TOKEN is empty"
      facts: { variable: TOKEN }
`;

function loadError(text: string): string {
  try {
    compileWordingTables([['wordings/demo.yaml', text]], null);
  } catch (err) {
    expect(err).toBeInstanceOf(AnalyzeError);
    return (err as Error).message;
  }
  throw new Error('the table loaded');
}

describe('wording tables', () => {
  it('hold the three classes and the catalog', () => {
    const classes = new Set(wordings.map((w) => w.class));

    expect(classes).toContain('image-pull-manifest');
    expect(classes).toContain('empty-env');
    expect(wordings.filter((w) => w.class === 'image-pull-manifest').length).toBeGreaterThanOrEqual(40);
    expect(wordings.filter((w) => w.class === 'empty-env').length).toBeGreaterThanOrEqual(60);
    expect(wordings.every((w) => w.source.length > 0 && w.tool.length > 0)).toBe(true);
  });

  it.each(examples)('%s matches its example with exact facts', (_name, w, line, facts) => {
    const m = matchWording([w], stripLinePrefix(line));

    expect(m?.facts).toEqual(facts);
  });

  it.each(nonExamples)('%s does not match its non-example', (_name, w, line) => {
    expect(matchWording([w], stripLinePrefix(line))).toBeNull();
  });

  it('routes every example line through the prefilter, except the rows listed without a literal', () => {
    const unrouted = wordings.filter((w) => w.triggers.length === 0).map((w) => w.id);
    const missed = examples.filter(([, w, line]) => w.triggers.length > 0 && !w.triggers.some((t) => line.includes(t)));

    // Their only literal is shorter than MIN_PREFILTER_LENGTH: as triggers they would slow every scan.
    expect(unrouted).toEqual(UNROUTED);
    expect(missed.map(([name]) => name)).toEqual([]);
    expect(wordings.flatMap((w) => w.triggers).every((t) => t.length >= MIN_PREFILTER_LENGTH)).toBe(true);
  });

  it('matches after a CI prefix and keeps the most specific row', () => {
    const pull = wordings.filter((w) => w.class === 'image-pull-manifest');
    const line =
      '2025-03-04T12:00:01.1234567Z   Warning  Failed  3s  kubelet  Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found';

    const m = matchWording(pull, stripLinePrefix(line));

    expect(m?.wording.id).toBe('kubelet-failed-to-pull-containerd-not-found');
    expect(m?.facts.image).toBe('nginx:1.99');
  });
});

describe('the wording loader', () => {
  it("compiles a row's implied variable, the row's tool reading it unless a reader is given", () => {
    const env = `${ROW}  implies: { variable: DEMO_TOKEN, source: "demo/demo@v1 auth.go" }\n`;
    const input = `${ROW}  implies: { input: api-key, reader: "demo/action", source: "https://demo.dev/docs/ci" }\n`;

    const [a] = compileWordingTables([['wordings/demo.yaml', env]], null).wordings;
    const [b] = compileWordingTables([['wordings/demo.yaml', input]], null).wordings;
    const [none] = compileWordingTables([['wordings/demo.yaml', ROW]], null).wordings;

    expect(a?.implies).toEqual({ name: 'DEMO_TOKEN', kind: 'env', reader: 'demo', source: 'demo/demo@v1 auth.go' });
    expect(b?.implies).toEqual({
      name: 'api-key',
      kind: 'input',
      reader: 'demo/action',
      source: 'https://demo.dev/docs/ci',
    });
    expect(none?.implies).toBeNull();
  });

  it('loads a good row', () => {
    const { wordings: rows } = compileWordingTables([['wordings/demo.yaml', ROW]], null);

    // The anchor is shorter than MIN_PREFILTER_LENGTH: the pattern's longest literal routes it.
    expect(rows.map((w) => [w.id, w.triggers])).toEqual([['demo-row', [' is empty']]]);
  });

  it.each([
    ['an unknown key', ROW.replace('  tool: demo', '  tool: demo\n  paterns: x'), /wording "demo-row": .*paterns/],
    [
      'a pattern that does not compile',
      ROW.replace("'(?<variable>[A-Z_]+) is empty'", "'([A-Z'"),
      /wording "demo-row": pattern does not compile/,
    ],
    [
      'a lookaround',
      ROW.replace("'(?<variable>[A-Z_]+) is empty'", "'(?=x)is empty'"),
      /wording "demo-row": pattern uses a lookaround/,
    ],
    [
      'an example without the anchor',
      ROW.replace('line: "TOKEN is empty"', 'line: "TOKEN is blank"'),
      /wording "demo-row": example "TOKEN is blank" lacks the anchor/,
    ],
    ['a confidence above 1', ROW.replace('confidence: 0.5', 'confidence: 5'), /wording "demo-row": `confidence`/],
    ['no examples', ROW.replace(/ {2}examples:[\s\S]*$/, '  examples: []\n'), /wording "demo-row": `examples`/],
    ['the same id twice', `${ROW}${ROW}`, /wording "demo-row": the id is used twice/],
    ['a row that is not a mapping', '- just a string\n', /wording "\(no id\)"/],
    ['a file that is not a list', 'id: demo-row\n', /expected a list of wordings/],
    ['bad YAML', '- id: [\n', /invalid YAML/],
    [
      'an implied variable without a source',
      `${ROW}  implies: { variable: DEMO_TOKEN }\n`,
      /wording "demo-row": `implies.source`/,
    ],
    [
      'an implied variable whose source names no docs or file',
      `${ROW}  implies: { variable: DEMO_TOKEN, source: "the demo tool docs" }\n`,
      /wording "demo-row": `implies.source` must name the docs URL or source file/,
    ],
    [
      'an implied variable and input at once',
      `${ROW}  implies: { variable: DEMO_TOKEN, input: token, source: "demo/demo main.go" }\n`,
      /wording "demo-row": .*exactly one of variable or input/,
    ],
    [
      'an implied variable that is not an environment variable name',
      `${ROW}  implies: { variable: demo-token, source: "demo/demo main.go" }\n`,
      /wording "demo-row": `implies.variable` must be an environment variable name/,
    ],
  ])('refuses %s, naming the file and row', (_what, text, message) => {
    const error = loadError(text);

    expect(error).toMatch(/^wordings\/demo\.yaml/);
    expect(error).toMatch(message);
  });
});
