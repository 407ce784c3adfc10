import { cleanLogText, REDACTED, stripControl } from '../../src/redact/index.ts';

// A fake token in GitHub's shape (random, the checksum does not validate).
const GHP = 'ghp_R4nd0mF4k3T0k3nV4lu3F0rT3st1ngAbCd';

describe('stripControl / cleanLogText', () => {
  it('removes ANSI colours, OSC sequences, bidi overrides and stray controls but keeps tabs and newlines', () => {
    const input =
      '\u001b[0;33mDetected 2 ready nodes\u001b[0m\r\n\u001b]8;;https://evil\u0007x\u001b]8;;\u0007\tok\u202egnp.exe\u0000';

    expect(stripControl(input)).toBe('Detected 2 ready nodes\nx\tokgnp.exe');
  });

  it('strips controls before redacting, so colour codes cannot hide a token', () => {
    expect(cleanLogText(`token=\u001b[1m${GHP}\u001b[0m`)).toBe(`token=${REDACTED}`);
  });
});
