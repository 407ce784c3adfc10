import {
  slackCode,
  slackCodeBlock,
  slackEscape,
  slackLink,
  slackPlain,
  slackText,
  ZWJ,
} from '../../../src/render/sanitize/index.ts';
import { hostileStrings } from './hostile-strings.ts';

describe('slackText', () => {
  it.each([
    ['channel ping', '<!channel> deploy now', '&lt;!channel&gt; deploy now'],
    ['here ping', '<!here|here>', '&lt;!here|here&gt;'],
    ['everyone ping', '<!everyone>', '&lt;!everyone&gt;'],
    ['user group', '<!subteam^S0123|@oncall>', `&lt;!subteam^S0123|@${ZWJ}oncall&gt;`],
    ['user mention', '<@U123ABC>', `&lt;@${ZWJ}U123ABC&gt;`],
    ['link markup', '<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['literal @here', 'hey @here and @channel and @everyone', `hey @${ZWJ}here and @${ZWJ}channel and @${ZWJ}everyone`],
    ['ampersand', 'a && b', 'a &amp;&amp; b'],
    ['already-escaped text is escaped again', '&lt;', '&amp;lt;'],
    ['newlines flattened', 'a\nb', 'a b'],
    [
      'plain CI line untouched',
      "Quota 'NETWORKS' exceeded.  Limit: 15.0 globally.",
      "Quota 'NETWORKS' exceeded.  Limit: 15.0 globally.",
    ],
  ])('%s', (_what, input, expected) => {
    expect(slackText(input)).toBe(expected);
  });

  it('caps before escaping, with a visible ellipsis', () => {
    expect(slackText('<'.repeat(10), 4)).toBe('&lt;&lt;&lt;…');
  });

  describe('properties over generated hostile strings', () => {
    const inputs = hostileStrings(500, 3);

    it('never emits < or >, a bare &, or @ before a word', () => {
      const bad = inputs
        .map((s) => slackText(s, 10_000))
        .filter((out) => /[<>]/.test(out) || /&(?!amp;|lt;|gt;)/.test(out) || /@\w/.test(out));

      expect(bad).toEqual([]);
    });

    it('keeps code spans and blocks closed: no backticks besides the delimiters', () => {
      for (const s of inputs) {
        const code = slackCode(s, 10_000);
        const block = slackCodeBlock(s.split('\n'));

        expect(
          code === '_(empty)_' || (code.startsWith('`') && code.endsWith('`') && code.split('`').length === 3),
        ).toBe(true);
        expect(block.split('```').length).toBe(3);
        expect(block.slice(3, -3)).not.toContain('`');
        expect(block).not.toMatch(/[<>]/);
      }
    });
  });
});

describe('slackLink', () => {
  it('builds our own link with an escaped label', () => {
    expect(slackLink('a <b> | c', 'https://github.com/kubernetes/test-infra/pull/34103')).toBe(
      '<https://github.com/kubernetes/test-infra/pull/34103|a &lt;b&gt; ¦ c>',
    );
  });

  it.each([['https://x.example/a|b'], ['https://x.example/<b>'], ['slack://open'], ['https://x.example/ a']])(
    'falls back to the label for %s',
    (url) => {
      expect(slackLink('run', url)).toBe('run');
    },
  );
});

describe('slackPlain / slackEscape', () => {
  it('keeps plain_text literal but flat, capped and without pings', () => {
    expect(slackPlain('❌ job\n@here <b>', 12)).toBe(`❌ job @${ZWJ}her…`);
  });

  it('escapes only &, <, > and @-words', () => {
    expect(slackEscape('*bold* _it_ `c` <x> & @u')).toBe(`*bold* _it_ \`c\` &lt;x&gt; &amp; @${ZWJ}u`);
  });
});
