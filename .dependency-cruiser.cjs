// Layer boundaries of ../shared/STYLE.md, checked in CI (`npm run lint`): no import cycles; src/ never
// imports handlers/, probot or bolt; analyze/ and render/ stay pure (no network, store, env or files
// except the rule-catalog loader); only store/ holds SQL; ingest/ and suspects/ do not write.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'src-not-handlers',
      comment: 'handlers/ are thin adapters that call src/; never the other way round',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^handlers/' },
    },
    {
      name: 'src-no-frameworks',
      comment: 'probot and bolt live in handlers/ only',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: 'node_modules/(probot|@slack/bolt)/' },
    },
    {
      name: 'pure-stages',
      comment: 'analyze/ and render/ are pure functions of their input: no store, deliver, ingest, network or http',
      severity: 'error',
      from: { path: '^src/(analyze|render)/' },
      to: { path: ['^src/(store|deliver|ingest|github-app|slack|queue|watch)/', '^(node:)?(http|https|net|dgram|child_process)$', 'node_modules/(octokit|@octokit)/'] },
    },
    {
      name: 'pure-stages-no-fs',
      comment: 'only the rule-catalog loader (and pattern safety check) read files in analyze/; render/ reads none',
      severity: 'error',
      from: { path: '^src/(analyze|render)/', pathNot: '^src/analyze/(catalog/load-rule-catalog|catalog/pattern-safety|wordings/load-wordings)\\.ts$' },
      to: { path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'sql-in-store',
      comment: 'only store/ talks SQL',
      severity: 'error',
      from: { pathNot: ['^src/store/', '^test/', '^bench/'] },
      to: { path: ['^(node:)?sqlite$', 'node_modules/pg/'] },
    },
    {
      name: 'no-deliver-from-readers',
      comment: 'ingest/ and suspects/ read; only deliver/ writes to GitHub or Slack',
      severity: 'error',
      from: { path: '^src/(ingest|suspects|analyze)/' },
      to: { path: '^src/deliver/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
