import { renderText } from '../../../src/render/text/index.ts';
import {
  capiDriftReport,
  HOSTILE_TOKEN,
  hostileReport,
  noFindingReport,
  quotaReport,
  windowsEmptyEnvReport,
} from '../sample-reports.ts';

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderText', () => {
  it('lists the definition changes since the baseline, the one touching the failure first, secrets redacted', () => {
    const report = {
      ...noFindingReport(),
      definitionChanges: [
        { path: 'spec.cluster', before: 'default', after: 'eks-prow-build-cluster', touchesFailure: false },
        {
          path: 'spec.pod_spec.containers[0].env[GITHUB_TOKEN]',
          before: null,
          after: HOSTILE_TOKEN,
          touchesFailure: false,
        },
        {
          path: 'spec.pod_spec.containers[0].image',
          before: 'gcr.io/x/cip:v2.4.1',
          after: 'gcr.io/x/cip:v20210805',
          touchesFailure: true,
        },
      ],
    };

    const out = lines(renderText(report));

    const at = out.indexOf('Definition changes since the baseline:');
    expect(out.slice(at + 1, at + 3)).toEqual([
      '  spec.pod_spec.containers[0].image: gcr.io/x/cip:v2.4.1 -> gcr.io/x/cip:v20210805 (touches the failure)',
      '  spec.cluster: default -> eks-prow-build-cluster',
    ]);
    expect(out[at + 3]).toMatch(/^ {2}spec\.pod_spec\.containers\[0\]\.env\[GITHUB_TOKEN\]: \(none\) -> /);
    expect(out.join('\n')).not.toContain(HOSTILE_TOKEN);
  });

  it('shows no definition section without changes', () => {
    expect(renderText(noFindingReport())).not.toContain('Definition changes');
  });

  it('summarises the windows incident: cause, facts, evidence, verdict, baseline, culprit', () => {
    const out = lines(renderText(windowsEmptyEnvReport()));

    expect(out[0]).toBe('pull-kubernetes-csi-csi-proxy-integration #1889120572684636160: FAILURE');
    expect(out).toContain('  (empty-env · ci-config, confidence 95%)');
    expect(out).toContain('  Empty variable: NODE_BINARY_TAR_URL');
    expect(out).toContain('  Where: C:\\k8s-node-setup.psm1:383 char 32');
    expect(out).toContain(
      '  Env changes since baseline: KUBERNETES_NODE_PLATFORM=windows (gone), KUBE_GCE_ENABLE_IP_ALIASES=true (gone), USE_TEST_INFRA_LOG_DUMPING=true (gone), WINDOWS_ENABLE_DSR=true (gone)',
    );
    expect(out).toContain('  build-log.txt:188  !!! Cannot find kubernetes-node-windows-amd64.tar.gz');
    expect(out.find((l) => l.startsWith('History: '))).toMatch(
      /^History: Broken, not a flake: 3 runs failed the same way/,
    );
    expect(out.find((l) => l.startsWith('Baseline: '))).toMatch(
      /^Baseline: Compared with passing run #1869451148411281409, finished 2024-12-18 19:17 UTC\. https:\/\/prow/,
    );
    expect(out).toContain(
      '  1. kubernetes/test-infra#34103 [sig-windows] Remove failing GCE jobs by jsturtevant (score 0.92)',
    );
    expect(out).toContain(
      '     - removes preset: -     preset-common-gce-windows: "true" (config/jobs/kubernetes/sig-windows/windows-gce.yaml)',
    );
  });

  it('says flaky for the capi incident and names the drift', () => {
    const out = renderText(capiDriftReport());

    expect(out).toContain('History: Flaky: 4 failures with this cause alternate with 3 passing runs.');
    expect(out).toContain(
      'Version drift: v1.33.0-alpha.1.199+25278540780516 (requested), v1.33.0-alpha.1.122+c81431de59a3bf (available)',
    );
  });

  it('names the quota rule as the cause and the preset regression as latent', () => {
    const out = renderText(quotaReport());

    expect(out).toContain(
      "Cause: Cluster bring-up stopped because the GCP project k8s-infra-e2e-boskos-052 is at its 'NETWORKS' quota (limit 15).",
    );
    expect(out).toContain('(rule gcp-quota-exceeded · infrastructure, confidence 85%)');
    expect(out).toMatch(/Also noticed:\n {2}- \[latent\] Four preset variables/);
    expect(out).toContain(
      'Suspects: no suspects: an infrastructure failure (cloud quota) is not caused by a merged change',
    );
  });

  it('says clearly when nothing matched, and lists what could not be read', () => {
    const out = renderText(noFindingReport());

    expect(out).toContain(
      'Cause: No known failure pattern matched this run; the cause is not identified. See the log.',
    );
    expect(out).toContain(
      'Baseline: No baseline: no earlier passing run of this job was found, so nothing was compared.',
    );
    expect(out).toContain('Suspects: suspects unavailable: GitHub answered 403');
    expect(out).toMatch(/Could not read:\n {2}- artifacts\/.*serial-1\.log: download failed \(HTTP 503\)/);
  });

  it('emits no ANSI escapes unless asked, even when the log had colours', () => {
    const plain = renderText(windowsEmptyEnvReport());
    const coloured = renderText(windowsEmptyEnvReport(), { color: true });

    expect(plain).not.toContain('\u001b');
    expect(coloured).toContain('\u001b[1mCause:\u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('redacts secrets from log-derived text', () => {
    const out = renderText(hostileReport());

    expect(out).not.toContain(HOSTILE_TOKEN);
    expect(out).not.toContain('hunter2');
    expect(out).toContain('[REDACTED]');
  });

  it('caps the evidence lines and says how many were left out', () => {
    const report = windowsEmptyEnvReport();

    const out = lines(renderText(report, { maxEvidenceLines: 2 }));

    const start = out.indexOf('Evidence:');
    expect(out.slice(start + 1, start + 4)).toEqual([
      expect.stringMatching(/^ {2}artifacts\/.*serial-1\.log:44 /),
      expect.stringMatching(/^ {2}artifacts\/.*serial-1\.log:182 /),
      '  … 6 more lines',
    ]);
  });
});
