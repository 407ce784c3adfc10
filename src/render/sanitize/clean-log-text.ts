// Renderers clean log-derived text with the same redactor the report builder uses (src/redact), so a
// report built elsewhere (an old stored row, a hand-made test report) is still safe to show.
export { cleanLogText, stripControl } from '../../redact/index.ts';
