// One thread of the pattern check pool: proves patterns linear with recheck, one message at a time,
// so the server's event loop never waits on a proof.
import { parentPort } from 'node:worker_threads';
import { backtrackingProblem } from './pattern-safety.ts';

interface CheckMessage {
  id: number;
  source: string;
  flags: string;
  timeoutMs: number;
}

parentPort?.on('message', (m: CheckMessage) => {
  let problem: string | null;
  try {
    problem = backtrackingProblem(m.source, m.flags, m.timeoutMs);
  } catch (err) {
    problem = `could not be checked (${(err as Error).message})`;
  }
  parentPort?.postMessage({ id: m.id, problem });
});
