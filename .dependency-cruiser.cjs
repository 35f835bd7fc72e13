/** Layer rules of DESIGN.md: SDKs only in adapters/ and sources/, a pure domain, ports over domain only. */
const SDK = '^(@kubernetes/client-node|@aws-sdk/|@smithy/|@slack/|better-sqlite3|pg$|@octokit/|openai|prom-client)';

module.exports = {
  forbidden: [
    {
      name: 'sdk-only-in-adapters-and-sources',
      comment: 'Cloud, cluster, chat and database SDKs are imported only by src/adapters/ and src/sources/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(adapters|sources)/' },
      to: { path: SDK, dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain/ imports nothing outside itself: no SDK, no I/O, no library (node:crypto hashing excepted).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^crypto$', '^node:crypto$'] },
    },
    {
      name: 'ports-import-only-domain',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { pathNot: ['^src/(domain|ports)/'] },
    },
    {
      name: 'core-imports-no-outer-layer',
      comment: 'core/ orchestrates over ports; it never reaches adapters, sources, app or I/O modules.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/(adapters|sources|app|sim)/', '^(node:)?(fs|http|https|net|child_process|fs/promises)$'] },
    },
    {
      name: 'adapters-and-sources-not-app',
      severity: 'error',
      from: { path: '^src/(adapters|sources)/' },
      to: { path: '^src/(app|core)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
