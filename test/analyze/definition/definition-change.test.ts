// A red run no classifier explains is explained by what changed in the job's definition since the baseline.
import { classifyRun, observeRun } from '../../../src/analyze/index.ts';
import type { JobDefinition } from '../../../src/types.ts';
import { evidence, shippedCatalog, textArtifact } from '../support.ts';

const definition = (image: string): JobDefinition => ({
  source: 'prowjob.json',
  fields: { cluster: 'default', pod_spec: { containers: [{ image, args: ['run', '--thin-manifest-dir=/x'] }] } },
});

const OLD = 'us.gcr.io/k8s-artifacts-prod/artifact-promoter/cip:v2.4.1';
const NEW = 'us.gcr.io/k8s-artifacts-prod/artifact-promoter/cip:v20210805-v1.337.0-136-g8f6bfde';

async function classify(redLog: string, redImage: string) {
  const catalog = await shippedCatalog();
  const green = await observeRun(
    evidence([textArtifact('build-log.txt', 'ok\n')], { result: 'SUCCESS', definition: definition(OLD) }),
    catalog,
  );
  const red = await observeRun(
    evidence([textArtifact('build-log.txt', redLog)], { result: 'FAILURE', definition: definition(redImage) }),
    catalog,
  );
  return classifyRun(red, green, catalog);
}

describe('definition-change', () => {
  it("says the job's image changed when nothing else explains the red run", async () => {
    const [top] = await classify("Error: unknown shorthand flag: 't' in -thin-manifest-dir=/home/prow/go\n", NEW);

    expect(top).toMatchObject({
      classifier: 'definition-change',
      summary: `No failure pattern matched, but the job's definition changed since the last green run: the job's image changed from ${OLD} to ${NEW}.`,
      facts: { total: 1, changes: [{ path: 'spec.pod_spec.containers[0].image', before: OLD, after: NEW }] },
      evidence: [{ artifact: 'prowjob.json', line: 0, text: `spec.pod_spec.containers[0].image: ${OLD} -> ${NEW}` }],
    });
  });

  it('stays silent when the definition did not change', async () => {
    expect((await classify('boom\n', OLD)).map((f) => f.classifier)).not.toContain('definition-change');
  });
});
