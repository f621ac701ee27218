import { defineConfig } from 'vitest/config'

// Two projects: `unit` runs everywhere with no external process; `hbase` starts a real HBase 2.6 and
// its Thrift2 gateway once (test/hbase/globalSetup.ts) and runs the adapter suites against it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/hbase/**'],
          testTimeout: 60_000
        }
      },
      {
        test: {
          name: 'hbase',
          include: ['test/hbase/**/*.test.ts'],
          globalSetup: ['test/hbase/globalSetup.ts'],
          // one HBase for every file: files run one after another, not against each other
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
          teardownTimeout: 60_000
        }
      }
    ]
  }
})
