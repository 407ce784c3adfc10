// Term matching on patch lines: plain substring search with identifier boundaries, so that
// `KUBERNETES_VERSION` does not match inside `KUBERNETES_VERSION_LATEST_CI` and
// `preset-e2e-gce-windows` does not match inside `preset-e2e-gce-windows-containerd`.
// No regular expressions are built from terms (they come from logs and users).

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_-]/.test(ch);
}

export function containsTerm(text: string, term: string): boolean {
  if (term.length === 0) return false;
  let from = 0;
  for (;;) {
    const at = text.indexOf(term, from);
    if (at < 0) return false;
    // A boundary is only required where the term itself starts or ends with a word character.
    const startOk = !isWordChar(term[0]) || !isWordChar(text[at - 1]);
    const endOk = !isWordChar(term[term.length - 1]) || !isWordChar(text[at + term.length]);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

/** Whether a line defines `name` as a variable: `- name: X`, `X=...`, `export X=`, `X: ...`, `X ?= ...`. */
export function definesVariable(text: string, name: string): boolean {
  const t = text
    .trim()
    .replace(/^-\s+/, '')
    .replace(/^(export|local|declare(\s+-\w+)?|readonly)\s+/, '');
  if (/^name:\s*/.test(t))
    return (
      t
        .replace(/^name:\s*/, '')
        .replace(/["']/g, '')
        .trim() === name
    );
  if (!t.startsWith(name)) return false;
  const rest = t.slice(name.length).trimStart();
  return /^(=|:=|\?=|:)/.test(rest) && !isWordChar(t[name.length]);
}
