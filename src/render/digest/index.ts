// Digest rendering: Block Kit, Markdown and the PNG chart, all pure functions of a Digest.
export { renderDigestBlocks } from './render-digest-blocks.ts';
export type { DigestBlocksOptions } from './render-digest-blocks.ts';
export { digestIssueMarker, digestIssueTitle, renderDigestMarkdown } from './render-digest-markdown.ts';
export { renderDigestChart } from './render-digest-chart.ts';
export type { ChartOptions, DigestChart } from './render-digest-chart.ts';
export { CHART_COLORS, layoutChart, OTHER_COLOR } from './chart-layout.ts';
export type { BarSegment, ChartLayout, ChartSize } from './chart-layout.ts';
