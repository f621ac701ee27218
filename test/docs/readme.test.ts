/**
 * Keeps the README's usage example honest: the first ```ts block under "## Usage" runs as written
 * (imports by package name), and every `console.log(…) // → text` prints exactly `text`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { format } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const usage = readme.slice(readme.indexOf('## Usage'))
const code = /```ts\n([\s\S]*?)```/.exec(usage)?.[1] ?? ''

describe('the README usage example', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('exists', () => {
    expect(code).toContain("from 'hbase-backup-meta'")
  })

  it('runs as written and prints what its comments say', async () => {
    const expected = code
      .split('\n')
      .filter((l) => l.includes('console.log('))
      .map((l) => /\/\/ → (.*)$/.exec(l)?.[1]?.trim())
    expect(expected.every((e) => e !== undefined)).toBe(true)
    const printed: Array<string> = []
    vi.spyOn(console, 'log').mockImplementation((...args: Array<unknown>) => {
      printed.push(format(...args))
    })
    const dir = new URL('./.generated/', import.meta.url)
    mkdirSync(dir, { recursive: true })
    const file = new URL('readme-example.ts', dir)
    writeFileSync(file, code)
    await import(/* @vite-ignore */ `${file.href}?t=${Date.now()}`)
    expect(printed.map((p) => p.split('\n')[0])).toEqual(expected)
  })
})
