import { ackMessage, parseTriageCommand } from '../../src/slack/index.ts';

// What /triage understands. (Services of src/slack are tested beside their Slack handlers.)

const parse = (text: string) => parseTriageCommand(text, { defaultDigestLength: '24h' });
const PROW =
  'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217';

describe('parseTriageCommand', () => {
  it.each([
    [
      'a Prow run link',
      PROW,
      {
        kind: 'run',
        source: PROW,
        label: 'periodic-cluster-api-e2e-latestk8s-main #1889575453191049217',
        repo: null,
        inChannel: false,
      },
    ],
    ['a link Slack wrapped in <…>', `<${PROW}>`, { kind: 'run', source: PROW, inChannel: false }],
    ['a labelled link', `<${PROW}|run>`, { kind: 'run', source: PROW }],
    [
      'an Actions job link',
      'https://github.com/kubernetes-sigs/kind/actions/runs/13270000001/job/37040000002',
      { kind: 'run', label: 'kubernetes-sigs/kind run 13270000001', repo: 'kubernetes-sigs/kind' },
    ],
    [
      'a gs:// path',
      'gs://kubernetes-ci-logs/logs/ci-kubernetes-unit/1889130000000000011',
      { kind: 'run', source: 'gs://kubernetes-ci-logs/logs/ci-kubernetes-unit/1889130000000000011' },
    ],
    [
      'owner/repo#PR',
      'kubernetes-csi/csi-proxy#369',
      { kind: 'pr', repo: 'kubernetes-csi/csi-proxy', pr: 369, inChannel: false },
    ],
    [
      'a PR link',
      'https://github.com/kubernetes-csi/csi-proxy/pull/369/checks',
      { kind: 'pr', repo: 'kubernetes-csi/csi-proxy', pr: 369 },
    ],
    [
      'a job name',
      'pull-kubernetes-csi-csi-proxy-integration',
      { kind: 'job', job: 'pull-kubernetes-csi-csi-proxy-integration' },
    ],
    ['--channel anywhere', `--channel ${PROW}`, { kind: 'run', inChannel: true }],
    ['-c after the argument', 'kubernetes-csi/csi-proxy#369 -c', { kind: 'pr', inChannel: true }],
    ['digest with the default period', 'digest', { kind: 'digest', length: '24h', inChannel: false }],
    ['digest 7d', 'digest 7d --channel', { kind: 'digest', length: '7d', inChannel: true }],
    ['digest week', 'DIGEST week', { kind: 'digest', length: '7d' }],
    ['help', 'help', { kind: 'help' }],
    ['nothing', '   ', { kind: 'help' }],
  ])('reads %s', (_what, text, expected) => {
    expect(parse(text)).toMatchObject(expected);
  });

  it("undoes Slack's HTML escaping in the text", () => {
    expect(parse('https://prow.example/view/gs/b/logs/job/1?a=1&amp;b=2')).toMatchObject({
      kind: 'run',
      source: 'https://prow.example/view/gs/b/logs/job/1?a=1&b=2',
    });
  });

  it.each([
    ['two arguments', `${PROW} extra`, 'one run, PR or job at a time'],
    ['an unknown option', '--loud job', 'unknown option "--loud"'],
    ['a bad digest period', 'digest 3w', 'unknown digest period "3w"'],
    ['a non-http link', 'ftp://example.com/x', 'only http(s) and gs:// links'],
    ['a broken URL', 'https://', 'is not a valid URL'],
    ['markup', '<!channel>', 'is not a run URL, owner/repo#PR or job name'],
    ['a huge PR number', 'o/r#12345678901', 'is not a run URL'],
  ])('refuses %s with a reason', (_what, text, reason) => {
    const cmd = parse(text);

    expect(cmd.kind).toBe('invalid');
    expect(cmd.kind === 'invalid' && cmd.message).toContain(reason);
  });
});

describe('ackMessage', () => {
  it('acknowledges a run with "Triaging <run>…"', () => {
    expect(ackMessage(parse(PROW), '/triage').text).toBe(
      ':hourglass_flowing_sand: Triaging periodic-cluster-api-e2e-latestk8s-main #1889575453191049217…',
    );
  });

  it('answers a bad argument with the reason and where to find usage, escaped', () => {
    const m = ackMessage(parse('<!here>'), '/triage');

    expect(m.text).toBe(':warning: "&lt;!here&gt;" is not a run URL, owner/repo#PR or job name. Try /triage help.');
  });

  it('shows usage for help, naming the configured command', () => {
    expect(ackMessage({ kind: 'help' }, '/ci').text).toContain('`/ci <owner>/<repo>#<PR>`');
  });
});
