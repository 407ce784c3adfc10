import type { LogArtifact } from '../types.ts';

// What a long triage is doing, for a person watching: the CLI draws it on stderr; the App has none.
// Calls are fire-and-forget and must not throw.

export interface TriageProgress {
  /** A step started: "reading the failed run", "finding the job history", "searching suspect PRs". */
  step(text: string): void;
  /** Bytes of a log read so far, of `total` when its size is known. */
  read(name: string, bytes: number, total: number | null): void;
}

/** The run's logs, each counting the bytes its stream yields into `progress`. */
export function withReadProgress(logs: LogArtifact[], progress: TriageProgress | undefined): LogArtifact[] {
  if (!progress) return logs;
  return logs.map((log) => ({ ...log, open: async () => counted(await log.open(), log, progress) }));
}

async function* counted(stream: AsyncIterable<Uint8Array>, log: LogArtifact, progress: TriageProgress) {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    progress.read(log.name, bytes, log.size);
    yield chunk;
  }
}
