// Plain sentences for the changes of an Actions job: its steps, inputs, secrets, images, runner label,
// and what the runner resolved (image, runner version, a moved action tag). Pure.
import type { DefinitionChange } from '../../types.ts';

function quote(v: string | null): string {
  return v === null ? '(none)' : v === '' ? '""' : v;
}

function fromTo(what: string, c: DefinitionChange): string {
  if (c.before === null) return `${what} was added (${quote(c.after)})`;
  if (c.after === null) return `${what} was removed (was ${quote(c.before)})`;
  return `${what} changed from ${quote(c.before)} to ${quote(c.after)}`;
}

const short = (sha: string | null): string => (sha === null ? '(none)' : sha.slice(0, 12));

type Rule = [RegExp, (m: RegExpExecArray, c: DefinitionChange) => string];

const RULES: Rule[] = [
  [/^runner\.image-version$/, (_m, c) => fromTo('the runner image version', c)],
  [/^runner\.image$/, (_m, c) => fromTo('the runner image', c)],
  [/^runner\.version$/, (_m, c) => fromTo('the runner version', c)],
  [
    /^actions\[(.+)\]$/,
    (m, c) => `the action tag ${m[1]} moved: it resolved to ${short(c.after)} (the baseline ran ${short(c.before)})`,
  ],
  [/^jobs\.[^.]+\.steps\[(.+)\]\.with\.([^.]+)$/, (m, c) => fromTo(`input ${m[2]} of step "${m[1]}"`, c)],
  [/^jobs\.[^.]+\.steps\[(.+)\]\.uses$/, (m, c) => fromTo(`the action of step "${m[1]}"`, c)],
  [/^jobs\.[^.]+\.steps\[(.+)\]\.run$/, (m, c) => fromTo(`the script of step "${m[1]}"`, c)],
  [/^jobs\.[^.]+\.secrets\[(.+)\]$/, (m, c) => fromTo(`secret ${m[1]} passed to the reusable workflow`, c)],
  [/^jobs\.[^.]+\.secrets$/, (_m, c) => fromTo('the secrets passed to the reusable workflow', c)],
  [/^jobs\.[^.]+\.with\.([^.]+)$/, (m, c) => fromTo(`input ${m[1]} of the reusable workflow`, c)],
  [/^jobs\.[^.]+\.uses$/, (_m, c) => fromTo('the reusable workflow', c)],
  [/^jobs\.[^.]+\.container\.image$/, (_m, c) => fromTo("the job's container image", c)],
  [/^jobs\.[^.]+\.services\[(.+)\]\.image$/, (m, c) => fromTo(`the image of service ${m[1]}`, c)],
  [/^jobs\.[^.]+\.runs-on$/, (_m, c) => fromTo("the job's runner label (runs-on)", c)],
  [/^(?:jobs\.[^.]+\.)?permissions\.(.+)$/, (m, c) => fromTo(`the GITHUB_TOKEN permission ${m[1]}`, c)],
];

/** The sentence for an Actions path; null for paths of other definitions. */
export function describeActionsChange(c: DefinitionChange): string | null {
  for (const [re, say] of RULES) {
    const m = re.exec(c.path);
    if (m) return say(m, c);
  }
  return null;
}
