export { buildReportView } from './report-view.ts';
export { definitionChangeViews } from './definition-view.ts';
export type { DefinitionChangeView } from './definition-view.ts';
export type { FindingView, KeyLineView, ReportView, ViewOptions } from './report-view.ts';
export { DEFAULT_FACT_CAPS, humanize, keyFacts } from './key-facts.ts';
export type { FactCaps, FactItem, KeyFact } from './key-facts.ts';
export { formatScore, suspectViews } from './suspect-view.ts';
export type { ReasonView, SuspectView } from './suspect-view.ts';
export { baselineSentence, formatTime, plural, relativeLabel, runLabel, verdictSentence } from './sentences.ts';
