// Length caps with a visible ellipsis, so a reader knows text was cut.

export const ELLIPSIS = '…';

/** Cut `text` to at most `max` characters (ellipsis included), never splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  if (max === 1) return ELLIPSIS;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

export interface LineCaps {
  maxLines: number;
  maxLineChars: number;
  maxTotalChars: number;
}

/**
 * Cap each line, then keep whole lines while they fit the total; a final marker says how many
 * lines were left out (the marker itself is not counted against `maxTotalChars`).
 */
export function capLines(lines: readonly string[], caps: LineCaps): string[] {
  const out: string[] = [];
  let total = 0;
  for (const line of lines) {
    const capped = capText(line, caps.maxLineChars);
    if (out.length >= caps.maxLines || total + capped.length > caps.maxTotalChars) break;
    out.push(capped);
    total += capped.length + 1;
  }
  const left = lines.length - out.length;
  if (left > 0) out.push(`${ELLIPSIS} ${left} more line${left === 1 ? '' : 's'}`);
  return out;
}
