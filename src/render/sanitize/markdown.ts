import { capText } from './cap.ts';

// GitHub Markdown for untrusted text. Prose is escaped (Markdown, HTML, math) and defused (mentions,
// issue refs, autolinked URLs); literal values and log lines go in code spans/blocks, where GitHub
// renders nothing, links nothing and notifies nobody.

/** Zero-width joiner: invisible, and GitHub's mention/reference autolinkers do not skip over it. */
export const ZWJ = '\u200D';

const URL_TOKEN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const MD_SPECIAL = /[\\`*_[\]|~$]/g;

/** Insert a ZWJ after `@` and `#`/`GH-` where GitHub would mention a user or link an issue. */
export function defuseGithubRefs(text: string): string {
  return text
    .replace(/@(?=[\w-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(gh-)(?=\d)/gi, `$1${ZWJ}`);
}

/** One line of escaped, defused prose; URLs become code spans so they do not autolink. */
export function mdText(text: string, max = 500): string {
  const flat = capText(oneLine(text), max);
  let out = '';
  let last = 0;
  for (const m of flat.matchAll(URL_TOKEN)) {
    out += escapeProse(flat.slice(last, m.index));
    out += mdCode(m[0], Number.MAX_SAFE_INTEGER);
    last = m.index + m[0].length;
  }
  out += escapeProse(flat.slice(last));
  return out.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

function escapeProse(text: string): string {
  const html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return defuseGithubRefs(html.replace(MD_SPECIAL, '\\$&'));
}

/** An inline code span whose delimiter is longer than any backtick run inside. */
export function mdCode(text: string, max = 200): string {
  const flat = capText(oneLine(text), max);
  if (flat === '') return '*(empty)*';
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so nothing escapes it. */
export function mdCodeBlock(lines: readonly string[], info = 'text'): string {
  const body = lines.flatMap((l) => l.split(/\r?\n|\r/)).join('\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Our own link (run, suspect PR); the label is escaped, and an unusable URL leaves plain text. */
export function mdLink(label: string, url: string | null): string {
  const text = escapeLinkLabel(label);
  return url && isSafeUrl(url) ? `[${text}](${url})` : text;
}

// Link labels are our own words (`owner/repo#123`): escaped, but refs stay as written.
function escapeLinkLabel(label: string): string {
  return oneLine(label).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(MD_SPECIAL, '\\$&');
}

export function isSafeUrl(url: string): boolean {
  return url.length <= 2000 && /^https?:\/\/[^\s<>()[\]"'`\\]+$/i.test(url);
}

/** Text for inside raw HTML (`<summary>`), where Markdown is not processed but HTML is. */
export function htmlText(text: string, max = 200): string {
  const flat = capText(oneLine(text), max);
  return defuseGithubRefs(flat.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
