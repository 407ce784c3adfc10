// The runner header at the top of each Actions job log: image, its version and release page, the
// runner version and the commit each action ref resolved to.
import { RunnerHeaderReader } from '../../../src/analyze/head/runner-header.ts';
import { CHECKOUT_V411, CHECKOUT_V422, SETUP_NODE, jobLog } from '../../fixtures/actions/runner-logs.ts';

function read(logs: Record<string, string>) {
  const reader = new RunnerHeaderReader();
  for (const [artifact, text] of Object.entries(logs)) {
    text.split('\n').forEach((line, i) => reader.onHeadLine({ artifact, line: i + 1, text: line, followUp: false }));
  }
  return reader.header;
}

describe('RunnerHeaderReader', () => {
  it('reads the image, its release page, the runner version and each resolved action', () => {
    const log = jobLog({ actions: { 'actions/checkout@v4': CHECKOUT_V422, 'actions/setup-node@v4': SETUP_NODE } }, [
      '##[group]Run npm ci',
    ]);

    const header = read({ 'build.log': log });

    expect(header).toEqual({
      artifact: 'build.log',
      runnerVersion: '2.325.0',
      image: 'ubuntu-24.04',
      imageVersion: '20250622.1.0',
      imageRelease: 'https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20250622.1',
      actions: { 'actions/checkout@v4': CHECKOUT_V422, 'actions/setup-node@v4': SETUP_NODE },
    });
  });

  it('does not take the provisioner version for the image version', () => {
    const header = read({ 'a.log': jobLog({ version: '20240516.4.0' }, []) });

    expect(header?.imageVersion).toBe('20240516.4.0');
  });

  it("keeps the first job's image and merges the actions of every job", () => {
    const first = jobLog({ version: '20250622.1.0', actions: { 'actions/checkout@v4': CHECKOUT_V411 } }, []);
    const second = jobLog({ version: '20250629.1.0', actions: { 'actions/setup-node@v4': SETUP_NODE } }, []);

    const header = read({ 'a.log': first, 'b.log': second });

    expect(header?.imageVersion).toBe('20250622.1.0');
    expect(Object.keys(header?.actions ?? {})).toEqual(['actions/checkout@v4', 'actions/setup-node@v4']);
  });

  it('reads nothing from a log without the header', () => {
    const header = read({ 'build-log.txt': 'Version: 1.2.3\nImage: foo\n' });

    expect(header).toBeNull();
  });
});
