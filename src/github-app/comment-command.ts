// Slash commands in a PR comment that could be ours. The command's name is configurable (env
// CI_TRIAGE_COMMAND, or `command:` in a repository's `.github/ci-triage.yml`, which only the job
// processor knows), so intake keeps every command-shaped line whose argument could be a run URL and
// the processor picks the one named like the repository's command.
//
// `/triage` is also Prow's: its `label` plugin takes `/triage <word>` and `/remove-triage <word>` for
// the `triage/*` labels (kubernetes/test-infra prow/plugins/label/label.go, labelRegex
// `^/(area|committee|kind|language|priority|sig|triage|wg)\s*(.*)$`). The words in use are the
// `triage/*` labels of kubernetes/test-infra label_sync/labels.md: accepted, duplicate,
// needs-information, not-reproducible, unresolved, and support (now kind/support, still typed).
// Our command takes only a run URL, so `/triage <anything but a URL>` is Prow's and is left alone.

export const PROW_TRIAGE_WORDS = [
  'accepted',
  'duplicate',
  'needs-information',
  'not-reproducible',
  'unresolved',
  'support',
] as const;

export const DEFAULT_COMMAND = 'triage';
export const COMMAND_NAME = /^[a-z][a-z0-9-]{0,38}$/;

export interface CommandCandidate {
  /** Without the slash, lower case. */
  name: string;
  /** The run URL given, or null for the bare command. */
  url: string | null;
}

const LINE = /^\/([A-Za-z][\w-]{0,38})(?:[ \t]+(\S+))?[ \t]*$/gm;
const MAX_CANDIDATES = 5;

/** Command lines that could be ci-triage's, in order; Prow's `/triage <label>` is never one. */
export function commandCandidates(body: string): CommandCandidate[] {
  const out: CommandCandidate[] = [];
  for (const m of body.slice(0, 65536).matchAll(LINE)) {
    const name = (m[1] ?? '').toLowerCase();
    const arg = m[2] ?? null;
    if (arg !== null && !/^https?:\/\//i.test(arg)) continue; // `/triage accepted`, `/test all`, ...
    if (out.some((c) => c.name === name)) continue;
    out.push({ name, url: arg === null ? null : arg.slice(0, 2000) });
    if (out.length === MAX_CANDIDATES) break;
  }
  return out;
}

/** `/ci-triage`, `ci-triage` → `ci-triage`; null when not a usable command name. */
export function normaliseCommandName(value: string): string | null {
  const name = value.trim().replace(/^\//, '').toLowerCase();
  return COMMAND_NAME.test(name) ? name : null;
}
