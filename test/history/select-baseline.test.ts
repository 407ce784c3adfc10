import { planHistory, verdictSince, walkSameCause } from '../../src/history/select-baseline.ts';
import type { HistoryEntry, RunResult, RunSource } from '../../src/types.ts';

const noSource: RunSource = {
  location: 'unused',
  load: () => Promise.reject(new Error('not loaded in these tests')),
  history: () => Promise.resolve(null),
};

function entry(buildId: string, result: RunResult, day: number): HistoryEntry {
  const startedAt = new Date(Date.UTC(2025, 1, day)).toISOString();
  return { buildId, startedAt, finishedAt: startedAt, result, url: null, source: noSource };
}

// The CAPI incident's shape: reds with one cause alternating with greens after the change.
const capi = [
  entry('10', 'FAILURE', 12),
  entry('9', 'FAILURE', 10),
  entry('8', 'SUCCESS', 8),
  entry('7', 'FAILURE', 7),
  entry('6', 'SUCCESS', 5),
  entry('5', 'SUCCESS', 4),
  entry('4', 'FAILURE', 3),
  entry('3', 'SUCCESS', 2),
  entry('2', 'SUCCESS', 1),
];

describe('planHistory', () => {
  it('finds the last green run before the red streak and the first red of the streak', () => {
    const shuffled = [capi[3]!, capi[0]!, capi[8]!, capi[1]!, capi[2]!];

    const plan = planHistory(shuffled, { buildId: '10', startedAt: capi[0]!.startedAt });

    expect(plan.older.map((h) => h.buildId)).toEqual(['9', '8', '7', '2']);
    expect(plan.streakBaseline?.buildId).toBe('8');
    expect(plan.streakFirstRed?.buildId).toBe('9');
  });

  it('places a run missing from the history by its start time', () => {
    const plan = planHistory(capi.slice(1), {
      buildId: '99',
      startedAt: new Date(Date.UTC(2025, 1, 11)).toISOString(),
    });

    expect(plan.older[0]?.buildId).toBe('9');
    expect(plan.streakBaseline?.buildId).toBe('8');
  });

  it('orders numeric build ids of equal start time as numbers, not strings', () => {
    const a = { ...entry('9', 'SUCCESS', 1), startedAt: null };
    const b = { ...entry('10', 'FAILURE', 1), startedAt: null };

    const plan = planHistory([a, b], { buildId: '11', startedAt: null });

    expect(plan.older.map((h) => h.buildId)).toEqual(['10', '9']);
  });
});

describe('walkSameCause', () => {
  it('follows a flaky cause back across green runs to its first failure', async () => {
    const older = capi.slice(1);
    const asked: string[] = [];

    const walk = await walkSameCause(older, async (h) => (asked.push(h.buildId), true), {
      maxRuns: 30,
      maxGreenGap: 5,
    });

    expect(walk.earliestSameCause?.buildId).toBe('4');
    expect(walk.baseline?.buildId).toBe('3');
    expect(asked).toEqual(['9', '7', '4']);
  });

  it('stops after too many greens in a row', async () => {
    const older = capi.slice(1);

    const walk = await walkSameCause(older, async () => true, { maxRuns: 30, maxGreenGap: 1 });

    expect(walk.earliestSameCause?.buildId).toBe('7');
    expect(walk.baseline?.buildId).toBe('6');
  });

  it('skips reds with another cause without ending the walk', async () => {
    const older = [
      entry('5', 'FAILURE', 5),
      entry('4', 'FAILURE', 4),
      entry('3', 'FAILURE', 3),
      entry('2', 'SUCCESS', 2),
    ];

    const walk = await walkSameCause(older, async (h) => h.buildId !== '5', { maxRuns: 30, maxGreenGap: 5 });

    expect(walk.earliestSameCause?.buildId).toBe('3');
    expect(walk.baseline?.buildId).toBe('2');
  });

  it('returns nothing when no older run shares the cause', async () => {
    const walk = await walkSameCause(capi.slice(1), async () => false, { maxRuns: 30, maxGreenGap: 5 });

    expect(walk).toEqual({ earliestSameCause: null, baseline: null });
  });
});

describe('verdictSince', () => {
  it('calls a cause that alternates with green runs flaky', () => {
    const v = verdictSince([
      { result: 'FAILURE', sameCause: true },
      { result: 'SUCCESS', sameCause: false },
      { result: 'FAILURE', sameCause: true },
    ]);

    expect(v).toEqual({ pattern: 'flaky', failedSameCause: 2, passed: 1, failedOtherCause: 0 });
  });

  it('calls a cause that fails every run broken, counting other causes apart', () => {
    const v = verdictSince([
      { result: 'FAILURE', sameCause: true },
      { result: 'FAILURE', sameCause: true },
      { result: 'FAILURE', sameCause: false },
      { result: 'FAILURE', sameCause: true },
    ]);

    expect(v).toEqual({ pattern: 'broken', failedSameCause: 3, passed: 0, failedOtherCause: 1 });
  });

  it('calls a first failure single', () => {
    expect(verdictSince([{ result: 'FAILURE', sameCause: true }]).pattern).toBe('single');
  });
});
