import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The package's own name resolves to its sources, so docs examples run as users write them.
const alias = [
  {
    find: /^hbase-backup-meta\/adapters\/(.*)$/,
    replacement: fileURLToPath(new URL('./src/adapters/$1/index.ts', import.meta.url))
  },
  {
    find: /^hbase-backup-meta\/testing$/,
    replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url))
  },
  { find: /^hbase-backup-meta$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }
]

// Two projects: `unit` runs everywhere with no external process; `hbase` starts a real HBase 2.6 and
// its Thrift2 gateway once (test/hbase/globalSetup.ts) and runs the adapter suites against it.
export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './test/support/plainSummary.ts'],
    teardownTimeout: 60_000,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/hbase/**'],
          testTimeout: 60_000
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'hbase',
          include: ['test/hbase/**/*.test.ts'],
          globalSetup: ['test/hbase/globalSetup.ts'],
          // one HBase for every file: files run one after another, not against each other
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000
        }
      }
    ]
  }
})
