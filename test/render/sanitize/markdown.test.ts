import { defuseGithubRefs, mdCode, mdCodeBlock, mdLink, mdText, ZWJ } from '../../../src/render/sanitize/index.ts';
import { hostileStrings, stripCodeSpans } from './hostile-strings.ts';

describe('mdText', () => {
  it.each([
    ['HTML image', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['details block', '<details><summary>x</summary>', '&lt;details&gt;&lt;summary&gt;x&lt;/summary&gt;'],
    ['our hidden marker', '<!-- ci-triage:pr-comment -->', '&lt;!-- ci-triage:pr-comment --&gt;'],
    ['Markdown link', '[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['image link', '![x](y)', '!\\[x\\](y)'],
    ['heading at start', '# Heading', '\\# Heading'],
    ['list marker at start', '- item', '\\- item'],
    ['ordered list at start', '1. item', '1\\. item'],
    ['emphasis and strike', '**bold** _it_ ~~s~~', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~'],
    ['math', 'cost $x^2$', 'cost \\$x^2\\$'],
    ['table pipe', 'a | b', 'a \\| b'],
    ['entity smuggling a mention', '&#64;user', `&amp;#${ZWJ}64;user`],
    ['user mention', 'cc @jsturtevant please', `cc @${ZWJ}jsturtevant please`],
    ['team mention', 'ping @kubernetes/sig-windows-leads', `ping @${ZWJ}kubernetes/sig-windows-leads`],
    [
      'issue refs',
      'see #123, kubernetes/kubernetes#130203 and GH-99',
      `see #${ZWJ}123, kubernetes/kubernetes#${ZWJ}130203 and GH-${ZWJ}99`,
    ],
    [
      'URL becomes code',
      'see https://github.com/kubernetes/kubernetes/issues/130203 now',
      'see `https://github.com/kubernetes/kubernetes/issues/130203` now',
    ],
    ['email', 'mail ci@example.com', `mail ci@${ZWJ}example.com`],
    ['newlines flattened', 'a\nb\r\nc', 'a b c'],
    ['backticks escaped', 'run `rm -rf`', 'run \\`rm -rf\\`'],
    [
      'plain CI text untouched',
      'Detected 2 ready nodes, found 2 nodes out of expected 3.',
      'Detected 2 ready nodes, found 2 nodes out of expected 3.',
    ],
  ])('%s', (_what, input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  it('caps long text with a visible ellipsis', () => {
    expect(mdText('x'.repeat(50), 10)).toBe('xxxxxxxxx…');
  });

  describe('properties over generated hostile strings', () => {
    const outputs = hostileStrings(500).map((s) => [s, mdText(s)] as const);

    it('emits no raw HTML, newline or mention/ref trigger outside code spans', () => {
      const bad = outputs.filter(([, out]) => {
        const prose = stripCodeSpans(out);
        return /[<>\n\r]/.test(out) || /@\w/.test(prose) || /#\d/.test(prose) || /\bgh-\d/i.test(prose);
      });

      expect(bad).toEqual([]);
    });

    it('backslash-escapes every Markdown special character outside code spans', () => {
      const unescaped = /(?:^|[^\\])(?:\\\\)*[*_[\]|~$`]/;

      const bad = outputs.filter(([, out]) => unescaped.test(stripCodeSpans(out)));

      expect(bad).toEqual([]);
    });
  });
});

describe('mdCode', () => {
  it.each([
    ['plain', 'NODE_BINARY_TAR_URL', '`NODE_BINARY_TAR_URL`'],
    ['inner backtick', 'a`b', '``a`b``'],
    ['inner double backtick', 'a``b', '```a``b```'],
    ['leading backtick padded', '`start', '`` `start ``'],
    ['empty', '', '*(empty)*'],
    ['newline flattened', 'a\nb', '`a b`'],
    ['HTML stays literal', '<img src=x>', '`<img src=x>`'],
  ])('%s', (_what, input, expected) => {
    expect(mdCode(input)).toBe(expected);
  });

  it('never lets the content close the span early', () => {
    for (const s of hostileStrings(300, 11)) {
      const out = mdCode(s, 1000);
      if (out === '*(empty)*') continue;

      expect(stripCodeSpans(out)).toBe('');
    }
  });
});

describe('mdCodeBlock', () => {
  it('uses a fence longer than any backtick run in the lines', () => {
    const out = mdCodeBlock(['ok', '```', '</details>', '`````js']);

    expect(out).toBe('``````text\nok\n```\n</details>\n`````js\n``````');
  });

  it('uses a three-backtick fence for ordinary lines and splits embedded newlines', () => {
    expect(mdCodeBlock(['a\nb'])).toBe('```text\na\nb\n```');
  });
});

describe('mdLink', () => {
  it('links our own references and escapes the label', () => {
    expect(mdLink('kubernetes/test-infra#34103', 'https://github.com/kubernetes/test-infra/pull/34103')).toBe(
      '[kubernetes/test-infra#34103](https://github.com/kubernetes/test-infra/pull/34103)',
    );
    expect(mdLink('a]b', 'https://x.example/')).toBe('[a\\]b](https://x.example/)');
  });

  it.each([['javascript:alert(1)'], ['https://x.example/a)b'], ['https://x.example/ space'], ['ftp://x.example/']])(
    'drops an unusable URL: %s',
    (url) => {
      expect(mdLink('run', url)).toBe('run');
    },
  );
});

describe('defuseGithubRefs', () => {
  it('leaves text without triggers alone', () => {
    expect(defuseGithubRefs('v1.33.0-alpha.1.199+25278540780516 sha256:8469cb4f')).toBe(
      'v1.33.0-alpha.1.199+25278540780516 sha256:8469cb4f',
    );
  });
});
