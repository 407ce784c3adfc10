// Word sets for "do these two things talk about the same stuff?" scores: identifiers are split on
// `_`, `-`, `.`, `/`, camelCase and digits; short and very common words are dropped; a trailing
// plural `s` is removed so `$urls` meets `NODE_BINARY_TAR_URL`.
const STOP = new Set([
  'the',
  'and',
  'for',
  'from',
  'with',
  'true',
  'false',
  'this',
  'that',
  'not',
  'are',
  'was',
  'use',
  'will',
  'http',
  'https',
  'com',
  'www',
  'tar',
  'amd',
  'txt',
  'log',
  'yaml',
  'json',
  'preset',
  'value',
  'null',
  'enable',
  'enabled',
  'disable',
  'disabled',
]);
const MIN_PREFIX = 5;

/** The words of `text` in order (with repeats). */
export function wordList(text: string): string[] {
  const out: string[] = [];
  const spaced = text.replace(/([a-z])([A-Z])/g, '$1 $2');
  for (const raw of spaced.toLowerCase().split(/[^a-z]+/)) {
    if (raw.length < 3 || STOP.has(raw)) continue;
    out.push(raw.length >= 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return out;
}

export function wordsOf(text: string): Set<string> {
  return new Set(wordList(text));
}

/** Adjacent word pairs (`kubernete node` of `kubernetes-node-windows`): a phrase shared is a stronger tie. */
export function pairsOf(text: string): Set<string> {
  const words = wordList(text);
  const out = new Set<string>();
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  return out;
}

function meet(x: string, y: string): boolean {
  return x === y || (Math.min(x.length, y.length) >= MIN_PREFIX && (x.startsWith(y) || y.startsWith(x)));
}

/** Words of `a` that meet a word of `b` (equal, or one a prefix of the other with 5+ letters). */
export function sharedWords(a: Set<string>, b: Set<string>): string[] {
  const shared: string[] = [];
  for (const x of a) {
    for (const y of b) {
      if (meet(x, y)) {
        shared.push(x);
        break;
      }
    }
  }
  return shared;
}
