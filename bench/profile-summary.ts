// Summarises a V8 .cpuprofile (node --cpu-prof, or `npm run bench -- --cpu-prof`) by self time per
// function: where a scan's CPU goes without opening DevTools.
//
//   node bench/profile-summary.ts PROFILE.cpuprofile [--top 30] [--by file]
//
// --by function (default): one row per function (name, file:line); --by file: one row per source file.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const short = (url: string): string => url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/') || '(native)';

/** Self time in ms per key, largest first, and the profile's total. */
export function selfTimes(profile: Profile, by: 'function' | 'file'): { rows: [string, number][]; total: number } {
  const keyOf = new Map<number, string>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    keyOf.set(
      n.id,
      by === 'file' ? short(url) : `${functionName || '(anonymous)'}  ${short(url)}${url ? `:${lineNumber + 1}` : ''}`,
    );
  }
  const ms = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const key = keyOf.get(id) ?? '?';
    ms.set(key, (ms.get(key) ?? 0) + dt);
  });
  return { rows: [...ms].sort((a, b) => b[1] - a[1]), total };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' }, by: { type: 'string', default: 'function' } },
  });
  if (positionals.length === 0) throw new Error('usage: node bench/profile-summary.ts PROFILE.cpuprofile [--top N]');
  for (const path of positionals) {
    const { rows, total } = selfTimes(
      JSON.parse(readFileSync(path, 'utf8')) as Profile,
      values.by === 'file' ? 'file' : 'function',
    );
    console.log(`${path}: ${total.toFixed(0)} ms sampled`);
    for (const [key, t] of rows.slice(0, Number(values.top)))
      console.log(`${t.toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
}

main();
