// Path segments of a ref, after percent-decoding, must not climb out of the bucket or repository:
// `gs://bucket/../../other`, `..%2F` in a Prow link and `%2e%2e` all name another place than they seem.

const DOTS = /^\.{1,2}$/;
const SEPARATOR = /[/\\]/;

/** Decodes a segment; a malformed escape leaves it as written. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * True when the path of a URL as written holds a dot segment. Checked on the raw text because URL
 * parsing resolves `..` and `%2e%2e` silently, turning `bucket/%2e%2e/other` into `other`.
 */
export function rawPathHasDots(text: string): boolean {
  const path = (text.split(/[?#]/, 1)[0] ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return hasDotSegment(path.split('/'));
}

/** True when any segment is `.` or `..`, or decodes to text holding one (`..%2F..`). */
export function hasDotSegment(segments: readonly string[]): boolean {
  return segments.some((s) =>
    decodeSegment(s)
      .split(SEPARATOR)
      .some((part) => DOTS.test(part)),
  );
}
