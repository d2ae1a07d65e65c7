/** The layout's dependency rules (see ARCHITECTURE.md). CI fails when one is broken. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing else from src: it is pure logic fed by adapters.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'domain-has-no-io',
      comment: 'The domain does no I/O: no database, network, file system or logger.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: 'node_modules/(kysely|better-sqlite3|pg|fastify|pino|undici|ioredis|bullmq)/|^(fs|node:fs|http|node:http|https|node:https|net|node:net)$',
      },
    },
    {
      name: 'providers-use-domain-and-their-port-only',
      comment:
        'Providers import the domain and the provider port only: never the store, config, jobs or API.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/(store|config|jobs|api|cli|app|sync)/' },
    },
    {
      name: 'only-store-imports-kysely',
      comment: 'Kysely and the database drivers belong to src/store.',
      severity: 'error',
      from: { path: '^src/(?!store/)' },
      to: { path: 'node_modules/(kysely|better-sqlite3|pg)/' },
    },
    {
      name: 'only-app-wires-adapters',
      comment:
        'Only src/app (and the CLI entry that calls it) knows concrete adapters of other parts.',
      severity: 'error',
      from: { path: '^src/(sync|jobs|providers)/' },
      to: { path: '^src/app/' },
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
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
