import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Summary } from '../../src/cli/summary.js'

// A real process and a real SIGINT: the handler must run while the simulation is busy.
describe('simulate, interrupted', () => {
  it('the first SIGINT stops the run and prints the summary of what ran', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--seed', '1', '--ops', '100000', '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    // long enough for the process to load and start running operations (no progress bar off a terminal)
    const timer = setTimeout(() => child.kill('SIGINT'), 10_000)
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
    clearTimeout(timer)
    expect(err).toMatch(/interrupted: \d+ of 100000 operations ran/)
    const summary = JSON.parse(out) as Summary
    expect(summary.operations).toBeGreaterThan(0)
    expect(summary.operations).toBeLessThan(100_000)
    expect(code).toBe(summary.violations.length > 0 ? 1 : 3)
  }, 90_000)
})
