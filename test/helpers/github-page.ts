import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';

// A PR comment as GitHub shows it: markdown-it (CommonMark + GFM tables/strikethrough, raw HTML for our
// <details>/<sub>) with soft breaks as <br> like GitHub comments, styled by github-markdown-css (GitHub's
// own .markdown-body rules) in a column as wide as a comment on a PR page (~ 780 px of text).

const require = createRequire(import.meta.url);
const CSS = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const md = new MarkdownIt({ html: true, linkify: true, breaks: true });

export const COMMENT_WIDTH = 780;

export function githubCommentPage(markdown: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: ${COMMENT_WIDTH}px; padding: 16px; font-size: 14px; }
</style></head><body><article class="markdown-body">${md.render(markdown)}</article></body></html>`;
}
