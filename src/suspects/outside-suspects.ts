// Suspects that are no PR of the repo: a runner image update and an action tag that moved to another
// commit, both read from the runner header of the red run and its baseline. Named after what moved
// ("runner image ubuntu-24.04 20250622.1.0 → 20250629.1.0") and linked to where its changes are listed
// (the image's release notes, the action's compare view). Pure.
import type { DefinitionChange, OutsideSuspect, RunnerHeader } from '../types.ts';

const RUNNER_IMAGES = 'actions/runner-images';
/** Points on the PR ranking's scale: a change that touches the failure (definition-evidence.ts). */
const TOUCHING = 70;

function short(sha: string | null): string {
  return sha === null ? '(none)' : sha.slice(0, 7);
}

function runnerImageSuspect(c: DefinitionChange, header: RunnerHeader | null, seenAt: string): OutsideSuspect {
  const image = header?.image ?? 'runner';
  const title = `runner image ${image} ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`;
  return {
    kind: 'runner-image',
    repo: RUNNER_IMAGES,
    number: null,
    sha: null,
    title,
    url: header?.imageRelease ?? `https://github.com/${RUNNER_IMAGES}/releases`,
    author: null,
    mergedAt: seenAt,
    score: c.touchesFailure ? TOUCHING : 30,
    reasons: [
      {
        kind: 'runner-image',
        file: null,
        sign: null,
        text: c.touchesFailure
          ? `the hosted image changed since the last green run, and the failure concerns it (${title})`
          : `the hosted image changed since the last green run (${title})`,
      },
    ],
  };
}

function actionTagSuspect(c: DefinitionChange, ref: string, seenAt: string): OutsideSuspect | null {
  const repo = /^([^/@\s]+\/[^/@\s]+)/.exec(ref)?.[1];
  if (!repo || c.before === null || c.after === null) return null;
  const title = `${ref} moved ${short(c.before)} → ${short(c.after)}`;
  return {
    kind: 'action-tag',
    repo,
    number: null,
    sha: c.after,
    title,
    url: `https://github.com/${repo}/compare/${c.before}...${c.after}`,
    author: null,
    mergedAt: seenAt,
    score: c.touchesFailure ? TOUCHING : 25,
    reasons: [
      {
        kind: 'action-tag-moved',
        file: null,
        sign: null,
        text: `${ref} resolved to ${short(c.after)} in this run and to ${short(c.before)} in the last green run: the tag moved without a change in the repo`,
      },
    ],
  };
}

/** One suspect per runner image change and per moved action tag. `seenAt`: the red run's start. */
export function outsideSuspects(
  changes: DefinitionChange[],
  header: RunnerHeader | null,
  seenAt: string,
): OutsideSuspect[] {
  const out: OutsideSuspect[] = [];
  for (const c of changes) {
    if (c.path === 'runner.image-version') out.push(runnerImageSuspect(c, header, seenAt));
    const ref = /^actions\[(.+)\]$/.exec(c.path)?.[1];
    const tag = ref ? actionTagSuspect(c, ref, seenAt) : null;
    if (tag) out.push(tag);
  }
  return out;
}
