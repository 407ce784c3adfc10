import {
  encodeWrongCauseValue,
  parseWrongCauseValue,
  renderSlackAck,
  renderSlackAgain,
  renderSlackAlert,
  renderSlackDetails,
  renderSlackError,
  renderSlackReport,
  SLACK_LIMITS,
  WRONG_CAUSE_ACTION_ID,
} from '../../../src/render/slack/index.ts';
import type { Block, SlackMessage } from '../../../src/render/slack/index.ts';
import type { Finding, Report } from '../../../src/types.ts';
import {
  capiDriftReport,
  HOSTILE_TOKEN,
  hostileReport,
  noFindingReport,
  quotaReport,
  windowsEmptyEnvReport,
} from '../sample-reports.ts';

interface Button {
  text: { text: string };
  action_id: string;
  url?: string;
  value?: string;
}

function buttons(msg: SlackMessage): Button[] {
  const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: Button[] } | undefined;
  return actions?.elements ?? [];
}

/** Every mrkdwn text in the message (sections and context elements). */
function mrkdwnTexts(msg: SlackMessage): string[] {
  return msg.blocks.flatMap((b: Block) => {
    const section = b.text as { type: string; text: string } | undefined;
    const elements = (b.elements as { type: string; text?: string }[] | undefined) ?? [];
    return [section, ...elements]
      .filter((t): t is { type: string; text: string } => t?.type === 'mrkdwn')
      .map((t) => t.text);
  });
}

const PR_RUN =
  'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160';

describe('renderSlackReport', () => {
  it('shows the suspects note beside the suspects', () => {
    const report = { ...capiDriftReport(), suspectsNote: 'the cause is flaky: scores halved' };

    const texts = mrkdwnTexts(renderSlackReport(report)).join('\n');

    expect(texts).toContain('_the cause is flaky: scores halved_');
  });

  it('renders the windows incident', () => {
    expect(renderSlackReport(windowsEmptyEnvReport(), { triageId: 'tr_1' })).toMatchSnapshot();
  });

  it('renders the capi incident with a custom header', () => {
    expect(
      renderSlackReport(capiDriftReport(), { triageId: 'tr_2', header: 'Nightly: capi e2e failed' }),
    ).toMatchSnapshot();
  });

  it('offers Open run, Open suspect PR and Wrong cause? buttons', () => {
    const msg = renderSlackReport(windowsEmptyEnvReport(), { triageId: 'tr_1' });

    const [run, suspect, wrong] = buttons(msg);

    expect(run).toMatchObject({ text: { text: 'Open run' }, url: windowsEmptyEnvReport().run.url });
    expect(suspect).toMatchObject({
      text: { text: 'Open suspect PR' },
      url: 'https://github.com/kubernetes/test-infra/pull/34103',
    });
    expect(wrong?.action_id).toBe(WRONG_CAUSE_ACTION_ID);
    expect(parseWrongCauseValue(wrong?.value ?? '')).toEqual({
      t: 'tr_1',
      f: windowsEmptyEnvReport().findings[0]?.fingerprint,
      c: 'empty-env',
    });
  });

  it('offers only what applies when nothing matched and no suspect was found', () => {
    const report = noFindingReport();
    const msg = renderSlackReport(report);

    expect(buttons(msg).map((b) => b.text.text)).toEqual(['Open run']);
    // With nothing matched, the notification quotes the best key line the engine picked.
    expect(report.keyLines.length).toBeGreaterThan(0);
    expect(msg.text).toBe(
      `pull-kubernetes-csi-csi-proxy-integration #1881994665079615488 failed: ${report.keyLines[0]?.text}`,
    );
    expect(mrkdwnTexts(msg)).toContain('*Suspects:* suspects unavailable: GitHub answered 403');
  });

  it('shows the latent finding and the quota rule for the quota run', () => {
    const texts = mrkdwnTexts(renderSlackReport(quotaReport()));

    expect(texts.find((t) => t.startsWith('*Cause:*'))).toMatch(
      /^\*Cause:\* GCE quota NETWORKS is exhausted \(limit 15\.0\) in GCP project k8s-infra-e2e-boskos-052/,
    );
    expect(texts.at(-1)).toMatch(/Also noticed \(latent\): .*KUBERNETES_NODE_PLATFORM/);
  });

  it('defuses hostile log text and redacts secrets', () => {
    const msg = renderSlackReport(hostileReport(), { triageId: 't' });
    const all = [msg.text, ...mrkdwnTexts(msg)].join('\n');

    const angles = all.match(/<[^>]*>/g) ?? [];

    expect(angles.filter((a) => !/^<https:\/\/[^\s|<>]+\|[^<>|]*>$/.test(a))).toEqual([]);
    expect(all).not.toMatch(/@\w/);
    expect(all).not.toContain(HOSTILE_TOKEN);
    expect(all).not.toContain('hunter2');
    const evidence = mrkdwnTexts(msg).find((t) => t.startsWith('*Evidence:*')) ?? '';
    // Backticks inside log lines are replaced, so each line is exactly one code span.
    const lines = evidence.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split('`')).toHaveLength(3);
  });

  it('respects Slack limits on a huge report', () => {
    const report: Report = windowsEmptyEnvReport();
    const top = report.findings[0] as Finding;
    top.summary = '&<>'.repeat(5000);
    top.facts = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`fact${i}`, '&'.repeat(400)]));
    top.evidence = Array.from({ length: 500 }, (_, i) => ({
      artifact: 'build-log.txt',
      line: i,
      text: '<&>'.repeat(300),
    }));
    top.fingerprint = '"\\'.repeat(3000);
    report.run.job = 'j'.repeat(500);
    for (const s of report.suspects) s.title = '&'.repeat(3000);

    const msg = renderSlackReport(report, { triageId: 'x'.repeat(1000), header: 'h'.repeat(500) });

    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(msg.text.length).toBeLessThanOrEqual(2000);
    for (const text of mrkdwnTexts(msg)) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const header = msg.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const b of buttons(msg)) {
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      if (b.value) expect(b.value.length).toBeLessThanOrEqual(2000);
    }
    expect(parseWrongCauseValue(buttons(msg).at(-1)?.value ?? '')?.c).toBe('empty-env');
  });
});

describe('renderSlackAlert / renderSlackDetails / renderSlackAgain', () => {
  const windows = (): Report => {
    const r = windowsEmptyEnvReport();
    r.run.url = PR_RUN;
    r.run.commit = '65c82fd2a1b3c4d5e6f708192a3b4c5d6e7f8091';
    r.run.jobType = 'presubmit';
    // A build-log line of the real run (the serial-log lines are already there).
    r.findings[0]?.evidence.push({
      artifact: 'build-log.txt',
      line: 188,
      text: '!!! Cannot find kubernetes-node-windows-amd64.tar.gz',
    });
    return r;
  };

  it('leads the alert with the same verdict line as the PR comment, then commit, run and rerun', () => {
    const msg = renderSlackAlert(windows(), { triageId: '7' });
    const [top, context] = mrkdwnTexts(msg);

    expect(msg.blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    expect(top).toBe(
      '❌ *<https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160|pull-kubernetes-csi-csi-proxy-integration>* · *broken* · `NODE_BINARY_TAR_URL` was empty; the job lost `KUBE_GCE_ENABLE_IP_ALIASES` and 3 more env vars\n' +
        '*Likely culprit:* <https://github.com/kubernetes/test-infra/pull/34103|kubernetes/test-infra#34103> [sig-windows] Remove failing GCE jobs: removes preset `- preset-common-gce-windows: "true"`',
    );
    expect(context).toMatch(
      /^as of `65c82fd` · <https:\/\/prow\.k8s\.io\/view\/[^|]+\|run #1889120572684636160> · rerun: `\/test pull-kubernetes-csi-csi-proxy-integration`$/,
    );
    expect(buttons(msg).map((b) => b.text.text)).toEqual(['Open run', 'Open suspect PR', 'Wrong cause?']);
  });

  it('names job, cause and suspect in the notification text', () => {
    expect(renderSlackAlert(windows()).text).toBe(
      'pull-kubernetes-csi-csi-proxy-integration #1889120572684636160 broken: NODE_BINARY_TAR_URL was empty; the job lost KUBE_GCE_ENABLE_IP_ALIASES and 3 more env vars; likely culprit kubernetes/test-infra#34103',
    );
  });

  it('keeps the alert short: no facts, evidence or suspect list in the channel', () => {
    const all = mrkdwnTexts(renderSlackAlert(windows())).join('\n');

    expect(all).not.toContain('*Evidence:*');
    expect(all).not.toContain('*Cause:*');
    expect(JSON.stringify(renderSlackAlert(windows()).blocks).length).toBeLessThan(2500);
  });

  it('puts the details in the thread: cause, facts, history, evidence linked into Spyglass, suspects', () => {
    const texts = mrkdwnTexts(renderSlackDetails(windows()));

    expect(texts[0]).toMatch(/^\*Cause:\* A step failed because parameter 'Path' of Split-Path was empty/);
    expect(texts.join('\n')).toContain(
      '*Likely culprit:*\n• <https://github.com/kubernetes/test-infra/pull/34103|kubernetes/test-infra#34103>',
    );
    expect(texts.find((t) => t.startsWith('*Evidence:*'))).toContain(
      '• <https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160#1:build-log.txt%3A188|build-log.txt:188> `!!! Cannot find kubernetes-node-windows-amd64.tar.gz`',
    );
  });

  it('says a later occurrence in one line', () => {
    const r = windows();
    r.run.buildId = '1890000000000000000';
    r.run.url = 'https://prow.k8s.io/view/gs/b/pr-logs/pull/o_r/1/j/1890000000000000000';

    expect(renderSlackAgain(r)).toEqual({
      text: '↻ again in <https://prow.k8s.io/view/gs/b/pr-logs/pull/o_r/1/j/1890000000000000000|#1890000000000000000>, same cause',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '↻ again in <https://prow.k8s.io/view/gs/b/pr-logs/pull/o_r/1/j/1890000000000000000|#1890000000000000000>, same cause',
          },
        },
      ],
    });
  });
});

describe('wrong-cause button value', () => {
  it('round-trips and stays under 2000 characters after JSON escaping', () => {
    const value = encodeWrongCauseValue({ t: null, f: '"'.repeat(5000), c: 'rule:x' });

    expect(value.length).toBeLessThanOrEqual(2000);
    expect(parseWrongCauseValue(value)).toMatchObject({ t: null, c: 'rule:x' });
  });

  it.each([
    ['not json'],
    ['[]'],
    ['{"f":1,"c":"x","t":null}'],
    ['{"f":"a","c":"x","t":5}'],
    ['null'],
    ['x'.repeat(2001)],
  ])('rejects %s', (value) => {
    expect(parseWrongCauseValue(value)).toBeNull();
  });
});

describe('renderSlackError / renderSlackAck', () => {
  it('renders a one-line error, escaped', () => {
    const msg = renderSlackError('could not read <!channel> run: HTTP 404');

    expect(msg).toEqual({
      text: ':warning: could not read &lt;!channel&gt; run: HTTP 404',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: ':warning: could not read &lt;!channel&gt; run: HTTP 404' } },
      ],
    });
  });

  it('acknowledges a triage request with the run label', () => {
    const msg = renderSlackAck('https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/job/1?a=1&b=2');

    expect(msg.text).toBe(
      ':hourglass_flowing_sand: Triaging https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/job/1?a=1&amp;b=2…',
    );
    expect(msg.blocks).toHaveLength(1);
  });
});
