import { isDigestLength } from '../digest/index.ts';
import type { DigestLength } from '../digest/index.ts';
import { isRepoFullName } from '../config/repo-name.ts';
import { parseActionsPath } from '../ingest/actions-path.ts';
import { stripControl } from '../redact/index.ts';

// `/triage <prow-url | actions-run-url | owner/repo#PR | PR URL | job-name> [--channel]`,
// `/triage digest [24h|7d] [--channel]`, `/triage help`. Pure: text in, what to do out.

export type TriageCommand =
  | { kind: 'help' }
  | { kind: 'invalid'; message: string }
  | { kind: 'run'; source: string; label: string; repo: string | null; inChannel: boolean }
  | { kind: 'pr'; repo: string; pr: number; inChannel: boolean }
  | { kind: 'job'; job: string; inChannel: boolean }
  | { kind: 'digest'; length: DigestLength; inChannel: boolean };

const CHANNEL_FLAGS = new Set(['--channel', '-c', '--public']);
const PR_REF = /^([\w.-]+\/[\w.-]+)#(\d{1,9})$/;
const PR_PATH = /^\/([\w.-]+\/[\w.-]+)\/pull\/(\d{1,9})(?:\/[\w-]*)?\/?$/;
const JOB_NAME = /^[A-Za-z0-9][\w.-]{0,199}$/;
const DIGEST_ALIASES: Record<string, DigestLength> = {
  day: '24h',
  daily: '24h',
  '1d': '24h',
  week: '7d',
  weekly: '7d',
};

export interface ParseOptions {
  defaultDigestLength: DigestLength;
}

export function parseTriageCommand(raw: string, opts: ParseOptions): TriageCommand {
  const words = stripControl(unescapeSlack(raw)).trim().split(/\s+/).filter(Boolean);
  const inChannel = words.some((w) => CHANNEL_FLAGS.has(w));
  const unknownFlag = words.find((w) => w.startsWith('-') && !CHANNEL_FLAGS.has(w));
  if (unknownFlag)
    return invalid(
      `unknown option ${quote(unknownFlag)}; the only option is --channel (post the answer in the channel)`,
    );
  const args = words.filter((w) => !CHANNEL_FLAGS.has(w)).map(unwrapLink);
  const [first, ...rest] = args;
  if (first === undefined || first.toLowerCase() === 'help') return { kind: 'help' };
  if (first.toLowerCase() === 'digest') return parseDigest(rest, inChannel, opts);
  if (rest.length > 0) return invalid(`one run, PR or job at a time (got ${args.length} arguments)`);
  return parseTarget(first, inChannel);
}

function parseDigest(rest: string[], inChannel: boolean, opts: ParseOptions): TriageCommand {
  if (rest.length > 1) return invalid('usage: digest [24h|7d]');
  const word = rest[0]?.toLowerCase();
  if (word === undefined) return { kind: 'digest', length: opts.defaultDigestLength, inChannel };
  const length = isDigestLength(word) ? word : DIGEST_ALIASES[word];
  return length
    ? { kind: 'digest', length, inChannel }
    : invalid(`unknown digest period ${quote(word)}: use 24h or 7d`);
}

function parseTarget(arg: string, inChannel: boolean): TriageCommand {
  const pr = PR_REF.exec(arg);
  if (pr) return prCommand(pr[1] as string, Number(pr[2]), inChannel);
  if (arg.startsWith('gs://')) return { kind: 'run', source: arg, label: arg.slice(0, 200), repo: null, inChannel };
  if (/^[a-z][a-z0-9+.-]*:/i.test(arg)) return parseUrl(arg, inChannel);
  if (JOB_NAME.test(arg)) return { kind: 'job', job: arg, inChannel };
  return invalid(`${quote(arg)} is not a run URL, owner/repo#PR or job name`);
}

function parseUrl(arg: string, inChannel: boolean): TriageCommand {
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    return invalid(`${quote(arg)} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return invalid(`${quote(arg)}: only http(s) and gs:// links can be triaged`);
  const pr = PR_PATH.exec(url.pathname);
  if (pr) return prCommand(pr[1] as string, Number(pr[2]), inChannel);
  const actions = actionsOf(url);
  return {
    kind: 'run',
    source: url.href,
    label: runLabel(url),
    repo: actions ? `${actions.owner}/${actions.repo}` : null,
    inChannel,
  };
}

function prCommand(repo: string, pr: number, inChannel: boolean): TriageCommand {
  if (!isRepoFullName(repo)) return invalid(`${quote(repo)} is not an owner/repo name`);
  return { kind: 'pr', repo, pr, inChannel };
}

/** `job #build` for Prow view links, `owner/repo run N` for Actions, else the link itself. */
function runLabel(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  const actions = actionsOf(url);
  if (actions) return `${actions.owner}/${actions.repo} run ${actions.runId}`;
  const build = parts.at(-1) ?? '';
  if (parts.includes('view') && /^\d+$/.test(build) && parts.length >= 2) return `${parts.at(-2)} #${build}`;
  return url.href.slice(0, 200);
}

function actionsOf(url: URL): ReturnType<typeof parseActionsPath> {
  return parseActionsPath(url.pathname.split('/').filter(Boolean));
}

/** Slack escapes &, < and > in command text, and may wrap links as <url> or <url|label>. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function unwrapLink(word: string): string {
  // Only links: `<!here>`, `<@U…>` and `<#C…>` stay as typed (and are refused as arguments).
  const m = /^<((?:https?|gs):\/\/[^|>]+)(?:\|[^>]*)?>$/i.exec(word);
  return m ? (m[1] as string) : word;
}

function quote(text: string): string {
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

function invalid(message: string): TriageCommand {
  return { kind: 'invalid', message };
}
