import { stripLinePrefix } from '../../src/analyze/line-prefix.ts';
import { shippedCatalog, observeText } from './support.ts';
import { classifyRun } from '../../src/analyze/index.ts';

describe('CI line prefixes', () => {
  it.each([
    [
      'GitHub Actions timestamp',
      '2025-03-04T12:00:01.1234567Z FAILED tests/test_a.py::test_x',
      'FAILED tests/test_a.py::test_x',
    ],
    [
      'Azure timestamp and ##[error]',
      '2025-03-04T12:00:01.1234567Z ##[error]Bash exited with code 1.',
      'Bash exited with code 1.',
    ],
    ['##[warning] alone', '##[warning]Node.js 16 actions are deprecated.', 'Node.js 16 actions are deprecated.'],
    ['workflow command', '::error::Input required and not supplied: token', 'Input required and not supplied: token'],
    ['workflow command with properties', '::error file=app.js,line=1::boom', 'boom'],
    ['Jenkins timestamper', '[2020-01-01T00:00:00.000Z] + make test', '+ make test'],
    ['bracketed local time', '[2020-01-01 00:00:00] FAIL', 'FAIL'],
    ['GitLab section marker', 'section_start:1700000000:step_script\r\x1b[0K$ ./deploy.sh', '$ ./deploy.sh'],
    ['ANSI colours', '\x1b[31;1mERROR: Job failed: exit code 1\x1b[0m', 'ERROR: Job failed: exit code 1'],
    [
      'klog header',
      'E0304 12:00:01.123456   12345 pull.go:123] Failed to pull image "x:y"',
      'Failed to pull image "x:y"',
    ],
    ['timestamp, then ANSI', '2025-03-04T12:00:01.1234567Z \x1b[36;1mFAILED x\x1b[0m', 'FAILED x'],
  ])('strips %s', (_what, line, plain) => {
    expect(stripLinePrefix(line)).toBe(plain);
  });

  it.each([
    ['an indented line', '    at main (index.js:1:1)'],
    ['a log line that only looks like a date', '2025-03-04 was the release date'],
    ['a bracketed word', '[FAIL] test name'],
    ['a word starting with a klog letter', 'Error: something'],
  ])('leaves %s alone', (_what, line) => {
    expect(stripLinePrefix(line)).toBe(line);
  });

  it('lets a ^-anchored rule match behind a timestamp, with the evidence as logged', async () => {
    const catalog = await shippedCatalog();
    const header =
      '2025-03-04T12:00:01.1234567Z =========================== short test summary info ============================';
    const line = '2025-03-04T12:00:01.1234568Z FAILED tests/test_api.py::test_login - AssertionError: 401';

    const findings = classifyRun(await observeText(`${header}\n${line}\n`, { catalog }), null, catalog);

    const pytest = findings.find((f) => f.classifier === 'rule:pytest-failure');
    expect(pytest?.facts).toMatchObject({ test: 'tests/test_api.py::test_login' });
    expect(pytest?.evidence.map((e) => e.text)).toEqual([header, line]);
  });
});
