// Builders for analyze tests: run info, in-memory artifacts with chosen chunking, one-call scans.
import { classifyRun, loadRuleCatalog, observeRun } from '../../src/analyze/index.ts';
import type { RuleCatalog, RunObservations, ScanLimits } from '../../src/analyze/index.ts';
import { minimalRunInfo } from '../../src/ingest/index.ts';
import type { EnvVar, Finding, LogArtifact, PodInfo, RunEvidence, RunInfo } from '../../src/types.ts';

export function runInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    ...minimalRunInfo('test-job'),
    jobType: 'periodic',
    buildId: '1',
    result: 'FAILURE',
    startedAt: '2025-02-12T07:21:09Z',
    ...overrides,
  };
}

export interface ArtifactOptions {
  /** Bytes per chunk (default: the whole text at once). */
  chunk?: number;
  /** Declared size (default: the real byte length). */
  size?: number | null;
  /** Throw this after the bytes were delivered. */
  failWith?: Error;
}

export function bytesArtifact(name: string, bytes: Uint8Array, opts: ArtifactOptions = {}): LogArtifact {
  const chunk = opts.chunk ?? Math.max(1, bytes.length);
  return {
    name,
    size: opts.size === undefined ? bytes.length : opts.size,
    async open() {
      return (async function* () {
        for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
        if (opts.failWith) throw opts.failWith;
      })();
    },
  };
}

export function textArtifact(name: string, text: string, opts: ArtifactOptions = {}): LogArtifact {
  return bytesArtifact(name, new TextEncoder().encode(text), opts);
}

export function evidence(
  logs: LogArtifact[],
  info: Partial<RunInfo> = {},
  podInfo: PodInfo | null = null,
): RunEvidence {
  return { info: runInfo(info), logs, podInfo, problems: [] };
}

let shipped: Promise<RuleCatalog> | null = null;
export function shippedCatalog(): Promise<RuleCatalog> {
  shipped ??= loadRuleCatalog();
  return shipped;
}

export const EMPTY_CATALOG: RuleCatalog = { rules: [], files: [] };

/** Observes one text artifact (default name build-log.txt). */
export async function observeText(
  text: string,
  opts: {
    name?: string;
    info?: Partial<RunInfo>;
    catalog?: RuleCatalog;
    chunk?: number;
    limits?: Partial<ScanLimits>;
  } = {},
): Promise<RunObservations> {
  const catalog = opts.catalog ?? (await shippedCatalog());
  const log = textArtifact(opts.name ?? 'build-log.txt', text, { chunk: opts.chunk });
  return observeRun(evidence([log], opts.info), catalog, opts.limits);
}

/** The empty-env finding of one log (artifact build.log), classified without a baseline. */
export async function emptyEnvOf(log: string): Promise<Finding | undefined> {
  const catalog = await shippedCatalog();
  const observed = await observeRun(evidence([textArtifact('build.log', log)], {}), catalog);
  const findings = await classifyRun(observed, null, catalog);
  return findings.find((f) => f.classifier === 'empty-env');
}

export function env(vars: Record<string, string>): EnvVar[] {
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}

export function lines(...xs: string[]): string {
  return `${xs.join('\n')}\n`;
}
