import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { appEnvSchema } from '../../src/config/env.schema.ts';
import { slackEnvShape } from '../../src/slack/index.ts';

// deploy/ is a kustomize base with two overlays. Neither helm nor kustomize installs from the
// registries this project uses, so this test builds each overlay the way `kubectl apply -k` does for
// these files (resources, strategic-merge patches by container and env name, the name label on
// selectors) and checks what the cluster would get against the app's own settings and endpoints.

type Obj = Record<string, any>;
const ROOT = join(import.meta.dirname, '../../deploy');
const LABEL = { 'app.kubernetes.io/name': 'ci-triage' };

function load(path: string): Obj[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Obj);
}

function merge(base: any, patch: any, key?: string): any {
  if (Array.isArray(base) && Array.isArray(patch)) {
    // Lists of named things (containers, env, volumes, mounts) merge by name, as strategic merge does.
    if (!patch.every((p) => p && typeof p === 'object' && 'name' in p)) return patch;
    const out = base.map((b) => {
      const p = patch.find((x) => x.name === b.name);
      return p ? merge(b, p) : b;
    });
    return [...out, ...patch.filter((p) => !base.some((b) => b.name === p.name))];
  }
  if (base && patch && typeof base === 'object' && typeof patch === 'object' && key !== 'matchLabels') {
    const out = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? merge(base[k], v, k) : v;
    return out;
  }
  return patch;
}

function build(dir: string): Obj[] {
  const k = load(join(dir, 'kustomization.yaml'))[0] as Obj;
  let objects = (k.resources as string[]).flatMap((r) =>
    r.endsWith('.yaml') ? load(join(dir, r)) : build(join(dir, r)),
  );
  for (const { path } of (k.patches ?? []) as { path: string }[]) {
    const patch = load(join(dir, path))[0] as Obj;
    objects = objects.map((o) =>
      o.kind === patch.kind && o.metadata.name === patch.metadata.name ? merge(o, patch) : o,
    );
  }
  if (k.labels) {
    objects = objects.map((o) => {
      const labelled: Obj = { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...LABEL } } };
      if (o.kind === 'Deployment') {
        labelled.spec = merge(o.spec, { selector: { matchLabels: LABEL }, template: { metadata: { labels: LABEL } } });
      }
      if (o.kind === 'Service') labelled.spec = { ...o.spec, selector: { ...o.spec.selector, ...LABEL } };
      return labelled;
    });
  }
  return objects;
}

const one = (objects: Obj[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as Obj;
};
const container = (d: Obj) => d.spec.template.spec.containers[0] as Obj;
const envNames = (d: Obj) => (container(d).env as Obj[]).map((e) => e.name as string);
const KNOWN = new Set([...Object.keys(appEnvSchema.shape), ...Object.keys(slackEnvShape)]);
const SECRETS = load(join(ROOT, 'secrets.example.yaml'));

describe.each(['postgres', 'sqlite'])('deploy/overlays/%s', (overlay) => {
  const objects = build(join(ROOT, 'overlays', overlay));
  const deployment = one(objects, 'Deployment');
  const c = container(deployment);

  it('probes /healthz and /readyz on the container port, with a grace period past the drain', () => {
    const config = one(objects, 'ConfigMap');

    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
    // main.ts exits at most 5 s after the drain's deadline.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      Number(config.data.CI_TRIAGE_SHUTDOWN_SECONDS) + 5,
    );
  });

  it('names only settings the app reads, and Secrets that the example defines', () => {
    const config = one(objects, 'ConfigMap');
    const refs = (c.env as Obj[]).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []));

    for (const name of [...envNames(deployment), ...Object.keys(config.data)]) expect(KNOWN).toContain(name);
    for (const ref of refs) {
      const secret = SECRETS.find((s) => s.metadata.name === ref.name);
      expect(Object.keys(secret?.stringData ?? {})).toContain(ref.key);
    }
    expect(envNames(deployment)).toEqual(expect.arrayContaining(['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET']));
  });

  it('selects its own pods from the Service', () => {
    const service = one(objects, 'Service');

    expect(service.spec.selector).toEqual(LABEL);
    expect(deployment.spec.selector.matchLabels).toEqual(LABEL);
    expect(deployment.spec.template.metadata.labels).toEqual(LABEL);
    expect(service.spec.ports[0].targetPort).toBe('http');
  });
});

describe('store modes', () => {
  it('runs several stateless replicas on PostgreSQL and Redis, with a ServiceMonitor example', () => {
    const objects = build(join(ROOT, 'overlays/postgres'));
    const deployment = one(objects, 'Deployment');
    const monitor = one(objects, 'ServiceMonitor');

    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(envNames(deployment)).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    expect(deployment.spec.template.spec.volumes).toBeUndefined();
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    expect(monitor.spec.selector.matchLabels).toEqual(LABEL);
  });

  it('runs exactly one replica on SQLite, its file on the claimed volume, replaced (not rolled)', () => {
    const objects = build(join(ROOT, 'overlays/sqlite'));
    const deployment = one(objects, 'Deployment');
    const pvc = one(objects, 'PersistentVolumeClaim');
    const c = container(deployment);
    const dbPath = (c.env as Obj[]).find((e) => e.name === 'CI_TRIAGE_DB')?.value as string;

    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(envNames(deployment)).not.toContain('DATABASE_URL');
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: pvc.metadata.name } },
    ]);
    expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: dirname(dbPath) }]);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(import.meta.dirname, '../../Dockerfile'), 'utf8');
  const ignore = readFileSync(join(import.meta.dirname, '../../.dockerignore'), 'utf8').split('\n');

  it('runs under tini, checks /healthz, and puts ci-triage on PATH', () => {
    expect(text).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(text).toMatch(/apt-get install[^\n]* tini/);
    expect(text).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD [^\n]*\/healthz/m);
    expect(text).toMatch(/ln -s \/app\/dist\/src\/cli\.js \/usr\/local\/bin\/ci-triage/);
    expect(readFileSync(join(import.meta.dirname, '../../src/cli.ts'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(
      true,
    );
  });

  it('keeps secrets, local databases and node_modules out of the build context', () => {
    expect(ignore).toEqual(expect.arrayContaining(['.git', 'node_modules', '.env', '*.pem', '*.db', 'test']));
  });
});
