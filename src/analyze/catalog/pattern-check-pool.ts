// Proves user rule patterns linear off the main thread. recheck costs up to seconds a pattern, so a
// repository listing many rules must not stall webhooks, Slack commands or health checks: each proof
// runs in a worker thread, with recheck's own time limit and a hard one that replaces a stuck thread.
import { Worker } from 'node:worker_threads';
import { patternKey } from './pattern-safety.ts';

export interface PatternCheckPool {
  /** null: proven linear; otherwise why the pattern is refused. Shares a proof already under way. */
  check(source: string, flags: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface PatternCheckPoolOptions {
  /** Threads; default 1 (the proofs are CPU-bound and the host is shared). */
  size?: number;
  /** recheck's limit per pattern; the thread is replaced 2 s after it. */
  timeoutMs?: number;
}

interface Task {
  id: number;
  source: string;
  flags: string;
  resolve: (problem: string | null) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

// The worker is a sibling file: `.ts` when run from source (tests, type stripping), `.js` when built.
const WORKER_URL = new URL(`./pattern-check-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export function createPatternCheckPool(options: PatternCheckPoolOptions = {}): PatternCheckPool {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const queue: Task[] = [];
  const pending = new Map<string, Promise<string | null>>();
  let nextId = 1;
  let closed = false;
  const slots: Slot[] = [];

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(WORKER_URL), task: null, timer: null };
    slot.worker.unref();
    slot.worker.on('message', (m: { id: number; problem: string | null }) => {
      if (slot.task?.id === m.id) finish(slot, m.problem);
    });
    slot.worker.on('error', () => replace(slot, 'could not be checked (the checker failed)'));
    return slot;
  };
  const finish = (slot: Slot, problem: string | null): void => {
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    slot.timer = null;
    task?.resolve(problem);
    pump();
  };
  const replace = (slot: Slot, problem: string): void => {
    void slot.worker.terminate();
    const i = slots.indexOf(slot);
    if (i >= 0 && !closed) slots[i] = spawn();
    finish(slot, problem);
  };
  const pump = (): void => {
    for (const slot of slots) {
      if (closed || slot.task || queue.length === 0) continue;
      const task = queue.shift() as Task;
      slot.task = task;
      slot.timer = setTimeout(
        () => replace(slot, `could not be proven to run in linear time within ${timeoutMs} ms; simplify it`),
        timeoutMs + 2_000,
      );
      slot.worker.postMessage({ id: task.id, source: task.source, flags: task.flags, timeoutMs });
    }
  };
  for (let i = 0; i < Math.max(1, options.size ?? 1); i++) slots.push(spawn());

  return {
    check(source, flags) {
      const key = patternKey(source, flags);
      const known = pending.get(key);
      if (known) return known;
      const promise = new Promise<string | null>((resolve) => {
        if (closed) return resolve('could not be checked (the checker is shut down)');
        queue.push({ id: nextId++, source, flags, resolve });
        pump();
      }).finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
    async close() {
      closed = true;
      for (const t of queue.splice(0)) t.resolve('could not be checked (the checker is shut down)');
      for (const slot of slots) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.task?.resolve('could not be checked (the checker is shut down)');
        slot.task = null;
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
