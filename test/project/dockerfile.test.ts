import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SHIPPED_RULES_KEY } from '../../src/analyze/catalog/load-rule-catalog.ts';
import { SHIPPED_YAML_CACHE } from '../../src/analyze/wordings/load-wordings.ts';

// No Docker engine on the build machines: check by reading what can be checked.
const root = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = splitStages(instructions);

function splitStages(lines: string[]): { from: string; lines: string[] }[] {
  const out: { from: string; lines: string[] }[] = [];
  for (const l of lines) {
    if (/^FROM\s/i.test(l)) out.push({ from: l, lines: [] });
    else out.at(-1)?.lines.push(l);
  }
  return out;
}

describe('Dockerfile', () => {
  it('is multi-stage on Node 24 slim images', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);

    for (const s of stages) expect(s.from).toMatch(/^FROM node:24-slim\b/);
  });

  it('copies only files that exist in the repo', () => {
    const copies = stages.flatMap((s) => s.lines.filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l)));
    const sources = copies.flatMap((l) => l.split(/\s+/).slice(1, -1));

    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources) expect({ src, exists: existsSync(join(root, src)) }).toEqual({ src, exists: true });
  });

  it('runs as a non-root user with production dependencies only in the final stage', () => {
    const final = stages.at(-1)!;

    expect(final.lines.some((l) => /^RUN .*npm ci .*--omit=dev/.test(l))).toBe(true);
    expect(final.lines.some((l) => /^USER (?!root\b)\S+/.test(l))).toBe(true);
  });

  it('starts an entrypoint that the TypeScript build emits', () => {
    const cmd = /^CMD \["node", "([^"]+)"\]/m.exec(instructions.join('\n'));
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    const base = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { outDir: string };
    };

    expect(cmd?.[1]).toBeDefined();
    const emitted = cmd![1]!.replace(new RegExp(`^${base.compilerOptions.outDir}/`), '').replace(/\.js$/, '.ts');
    expect(existsSync(join(root, emitted))).toBe(true);
    expect(build.include.some((dir) => emitted.startsWith(`${dir}/`))).toBe(true);
  });

  describe('build stage', () => {
    const build = stages[0]!.lines;
    const buildAt = build.findIndex((l) => /^RUN .*npm (run build|ci(?!.*--ignore-scripts))/.test(l));
    const copied = build
      .slice(0, buildAt)
      .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
      .flatMap((l) => {
        const [, ...args] = l.split(/\s+/);
        const dest = args.pop()!;
        return args.map((src) => ({ src, dest: dest.endsWith('/') ? join(dest, basename(src)) : dest }));
      });

    it('installs the dependencies in a layer before the sources are copied', () => {
      const install = build.findIndex((l) => /^RUN .*npm ci\b/.test(l));
      const firstSource = build.findIndex((l) => /^COPY\s+(src|handlers|rules)\b/.test(l));

      expect(buildAt).toBeGreaterThan(0);
      expect(install).toBeGreaterThanOrEqual(0);
      expect(install).toBeLessThan(firstSource);
    });

    // The build's last step caches the parse of every shipped YAML file; a file the stage lacks is
    // parsed at each start instead. Run that step on exactly what the stage copies before building.
    it('holds every shipped YAML file the build caches, rules/default.yaml included', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ci-triage-docker-build-'));
      try {
        for (const { src, dest } of copied) cpSync(join(root, src), join(dir, dest), { recursive: true });
        symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));

        const step = spawnSync(process.execPath, ['src/cli/cache-shipped-yaml.ts'], { cwd: dir, encoding: 'utf8' });

        expect({ status: step.status, stderr: step.stderr }).toEqual({ status: 0, stderr: '' });
        const cache = JSON.parse(readFileSync(join(dir, 'src/analyze/wordings', SHIPPED_YAML_CACHE), 'utf8')) as Record<
          string,
          [string, unknown]
        >;
        expect(cache[SHIPPED_RULES_KEY]?.[0]).toBe(readFileSync(join(root, 'rules/default.yaml'), 'utf8'));
        expect(Object.keys(cache).length).toBeGreaterThan(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('ships the package.json bin that the build emits', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };

    const bin = pkg.bin['ci-triage']!;
    expect(existsSync(join(root, bin.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
  });
});
