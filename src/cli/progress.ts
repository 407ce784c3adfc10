import type { TriageProgress } from '../triage.ts';

// Progress on stderr for a person watching: one line redrawn in place on a terminal, plain lines
// (steps, and log reads every few seconds) when forced on with --progress into a file or pipe.

export interface CliProgress extends TriageProgress {
  /** A fetch that reports each request it makes (GCS, Actions logs, GitHub API). */
  wrapFetch(fetchFn: typeof fetch): typeof fetch;
  /** Clears the line; call once before the result is printed. */
  end(): void;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing lines. */
  tty: boolean;
  now?: () => number;
}

const MB = 1024 * 1024;
// Reads smaller than this finish before anyone could read the line.
const SHOW_READS_FROM = 4 * MB;

export function createCliProgress(o: ProgressOptions): CliProgress {
  const now = o.now ?? (() => performance.now());
  const reads = new Map<string, { started: number; shownAt: number }>();
  let drawn = false;
  const show = (text: string) => {
    if (o.tty) {
      o.write(`\r\u001b[K${text.slice(0, 160)}`);
      drawn = true;
    } else o.write(`ci-triage: ${text}\n`);
  };
  return {
    step: show,
    read(name, bytes, total) {
      const t = now();
      const r = reads.get(name) ?? { started: t, shownAt: -Infinity };
      reads.set(name, r);
      const finished = total !== null && bytes >= total;
      if (bytes < SHOW_READS_FROM || (!finished && t - r.shownAt < (o.tty ? 200 : 5000))) return;
      r.shownAt = t;
      show(readLine(name, bytes, total, t - r.started));
    },
    wrapFetch(fetchFn) {
      return (input, init) => {
        show(`fetching ${shortUrl(input)}`);
        return fetchFn(input, init);
      };
    },
    end() {
      if (drawn) o.write('\r\u001b[K');
      drawn = false;
    },
  };
}

/** `reading build-log.txt: 12.0 MB of 80.0 MB (45.1 MB/s)` */
export function readLine(name: string, bytes: number, total: number | null, ms: number): string {
  const of = total === null ? '' : ` of ${(total / MB).toFixed(1)} MB`;
  const rate = ms > 0 ? ` (${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s)` : '';
  return `reading ${name}: ${(bytes / MB).toFixed(1)} MB${of}${rate}`;
}

function shortUrl(input: Parameters<typeof fetch>[0]): string {
  const text = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    const u = new URL(text);
    return `${u.host}${u.pathname}`;
  } catch {
    return text;
  }
}
