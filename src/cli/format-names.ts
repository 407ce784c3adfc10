// The names of `analyze`'s output formats, apart from their renderers (output-format.ts), so parsing
// the flags does not load the renderers: `--json` prints without them.

export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'slack'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
