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
    expect(out).toContain('  (empty-env · configuration, confidence 95%)');
    expect(out).toContain('  Empty variable: NODE_BINARY_TAR_URL');
    expect(out).toContain('  Where: C:\\k8s-node-setup.psm1:383 char 32');
    expect(out).toContain(
      '  Env changes since baseline: KUBE_GCE_ENABLE_IP_ALIASES=true (gone), KUBERNETES_NODE_PLATFORM=windows (gone), USE_TEST_INFRA_LOG_DUMPING=true (gone), WINDOWS_ENABLE_DSR=true (gone)',
    );
    expect(out).toContain(
      "  artifacts/e2e-bb3cd9e79e-e3991-windows-node-group-dt2w/serial-1.log:19  2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: Kubernetes Windows node setup failed: Cannot bind argument to parameter 'Path' because it is an empty string.",
    );
    expect(out).toContain(
      '  - kube-up could not find kubernetes-node-windows-amd64.tar.gz among the release tarballs it was given. (rule release-tarball-missing · build)',
    );
    expect(out.find((l) => l.startsWith('History: '))).toMatch(
      /^History: Broken, not a flake: 2 runs failed the same way/,
    );
    expect(out.find((l) => l.startsWith('Baseline: '))).toMatch(
      /^Baseline: Compared with passing run #1869451148411281409, finished 2024-12-18 19:17 UTC\. https:\/\/prow/,
    );
    expect(out).toContain(
      '  1. kubernetes/test-infra#34103 [sig-windows] Remove failing GCE jobs by jsturtevant (score 665.8)',
    );
    expect(out).toContain(
      '     - removes preset: - preset-common-gce-windows: "true" (config/jobs/kubernetes/sig-windows/windows-gce.yaml)',
    );
  });

  it('says flaky for the capi incident and names the drift', () => {
    const out = renderText(capiDriftReport());

    expect(out).toContain('History: Flaky: 2 failures with this cause alternate with 1 passing run.');
    expect(out).toContain(
      'Version drift: v1.33.0-alpha.1.199+25278540780516 (requested), v1.33.0-alpha.1.122+c81431de59a3bf (available)',
    );
  });

  it('names the quota rule as the cause and the preset regression as latent', () => {
    const out = renderText(quotaReport());

    expect(out).toContain(
      'Cause: GCE quota NETWORKS is exhausted (limit 15.0) in GCP project k8s-infra-e2e-boskos-052, so gcloud.compute.networks.create could not create the resource',
    );
    expect(out).toContain('(rule gce-quota-exceeded · infrastructure, confidence 85%)');
    expect(out).toMatch(/Also noticed:\n(?: {2}- .*\n)* {2}- \[latent\] .*KUBERNETES_NODE_PLATFORM/);
    expect(out).toContain('Suspects: suspects not looked up');
  });

  it('says clearly when nothing matched, and lists what could not be read', () => {
    // Without key lines too (the engine-made sample has some; their wording is tested with key lines).
    const out = renderText({ ...noFindingReport(), keyLines: [] });

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
      expect.stringMatching(/^ {2}artifacts\/.*serial-1\.log:10 /),
      expect.stringMatching(/^ {2}artifacts\/.*serial-1\.log:16 /),
      '  … 2 more lines',
    ]);
  });
});
