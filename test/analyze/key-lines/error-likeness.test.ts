import { lineKey, scoreLine, stripCiPrefix } from '../../../src/analyze/key-lines/index.ts';

// Real lines from public CI logs (source beside each), each saying what it exercises.
describe('scoreLine', () => {
  it.each([
    // https://github.com/upptime/upptime/issues/44 (GitHub Actions): an action's `Error:`
    ['Error: Input required and not supplied: token', 'error word and cause words'],
    // https://github.com/nim-lang/Nim/issues/9850 (Travis): git's `fatal:`
    ["fatal: unable to access 'https://github.com/nim-lang/nimble.git/': Could not resolve host: github.com", 'fatal'],
    // https://github.com/cs3org/reva/issues/942 (Drone): no error word, only the cause
    ['compile: writing output: write $WORK/b164/_pkg_.a: no space left on device', 'cause vocabulary'],
    // https://github.com/actions/actions-runner-controller/issues/2538: a permission denial
    [
      'Got permission denied while trying to connect to the Docker daemon socket at unix:///run/docker/docker.sock',
      'cause vocabulary',
    ],
    // https://github.com/cypress-io/cypress/issues/23623 (CircleCI): the OOM kill, two words
    ['@packages/net-stubbing: Killed', 'a terse line that still names a cause'],
  ])('%s looks like an error (%s)', (line) => {
    const s = scoreLine(line);

    expect(s.exit).toBe(false);
    expect(s.score).toBeGreaterThanOrEqual(1.5);
  });

  it.each([
    // https://github.com/cs3org/reva/issues/942 (Drone): make reports the recipe that failed
    'make: *** [Makefile:54: build-ci] Error 2',
    // https://github.com/cypress-io/cypress/issues/23623 (CircleCI): yarn and CircleCI wrappers
    'error Command failed with exit code 137.',
    'Exited with code exit status 137',
    // https://github.com/vmactions/freebsd-vm/issues/81 (GitHub Actions)
    "2024-04-14T22:05:47.7630307Z ##[error]The process '/usr/bin/bash' failed with exit code 137",
    // https://github.com/huggingface/huggingface_hub/issues/160 (GitHub Actions)
    'Error: Process completed with exit code 2.',
    // https://github.com/entireio/cli/actions/runs/22672121228: test-run summaries count failures, not name them
    'DONE 84 tests, 2 failures in 485.317s',
    '💥 FAILED (41/42 passed) 💥',
  ])('%s is an exit line: where the failure surfaced, not its cause', (line) => {
    const s = scoreLine(line);

    expect(s.exit).toBe(true);
    expect(s.score).toBeLessThan(scoreLine('Error: Input required and not supplied: token').score);
  });

  it.each([
    // https://github.com/keymanapp/keyman/issues/10350 (TeamCity): npm's warnings around the error
    ['07:27:01   npm WARN deprecated @npmcli/move-file@2.0.1: This functionality has been moved to @npmcli/fs', 1.5],
    // https://github.com/entireio/cli/actions/runs/22672121228: a summary without failures
    ['DONE 84 tests in 470.112s', 1.5],
    ['Finished with 0 errors and 0 failures', 1.5],
  ])('%s is not (or barely) an error', (line, below) => {
    expect(scoreLine(line).score).toBeLessThan(below);
  });

  it('scores AssertionError and KeyError lines as errors (no `onError` false negative)', () => {
    // https://github.com/sanctuary-js/sanctuary/issues/455 (mocha)
    expect(scoreLine("      AssertionError [ERR_ASSERTION]: 'a' === 'b'").score).toBeGreaterThanOrEqual(3);
    expect(scoreLine("KeyError: 'PUBLISH_TOKEN'").score).toBeGreaterThanOrEqual(3);
  });
});

describe('stripCiPrefix', () => {
  it.each([
    // https://github.com/vmactions/freebsd-vm/issues/81: Actions timestamp and workflow command
    [
      "2024-04-14T22:05:47.7630307Z ##[error]The process '/usr/bin/bash' failed",
      "The process '/usr/bin/bash' failed",
      'error',
    ],
    // https://github.com/wordpress-mobile/gutenberg-mobile/pull/6742 (Buildkite): Jenkins-style brackets
    ['[2024-03-19T10:20:29Z] npm ERR! code ECONNRESET', 'npm ERR! code ECONNRESET', null],
    // https://github.com/npm/cli/issues/8059 (Netlify): a 12-hour clock
    ['7:51:34 PM: npm error code ERESOLVE', 'npm error code ERESOLVE', null],
    // https://github.com/keymanapp/keyman/issues/10350 (TeamCity)
    ['07:27:58   npm ERR! git dep preparation failed', 'npm ERR! git dep preparation failed', null],
    // https://github.com/apache/superset/issues/30249 (BuildKit plain progress)
    ['168.4 E: Unable to locate package zstd', 'E: Unable to locate package zstd', null],
    ['section_start:1560896352:build_script\r', '', null],
    ['::error file=app.js,line=1::Missing semicolon', 'Missing semicolon', 'error'],
  ])('%j -> %j', (raw, text, marker) => {
    expect(stripCiPrefix(raw)).toEqual({ text, marker });
  });
});

describe('lineKey', () => {
  it('compares the same line of two runs equal: timestamps, durations, temp paths, line numbers', () => {
    const a = lineKey(
      '2026-03-04T13:56:13.0919032Z Messages: expected files in /tmp/e2e-repo-3812121280 (44.77s) at x.go:36',
    );
    const b = lineKey(
      '2026-03-05T08:01:02.1000000Z Messages: expected files in /tmp/e2e-repo-1174493012 (12.1s) at x.go:41',
    );

    expect(a).toBe(b);
    expect(lineKey('Error: Should NOT be empty')).not.toBe(lineKey('Error: Should be empty'));
  });
});
