/**
 * BENCHMARKS.md is part generated, part written by hand. Each section the harness measures lives
 * between `<!-- bench:<id>:begin -->` and `<!-- bench:<id>:end -->` and is replaced whole by a run
 * that measured it; everything outside the markers (profiling notes, before/after records) is kept.
 * A section that a run did not measure (a `--only` run, or HBase unavailable) keeps its last text,
 * which carries its own run line (date, machine, Node), so every table states when it was measured.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { childFlags } from './measure.js'

export interface Section {
  readonly id: string
  readonly markdown: string
}

export const machine = (): string => {
  const cpu = cpus()
  const model = cpu[0]?.model.trim() ?? 'unknown CPU'
  return `${cpu.length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}/${process.arch}`
}

export const runLine = (): string =>
  `_Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${machine()}, Node ${process.version}; isolated cases run compiled JavaScript under \`node ${childFlags().join(' ')}\`._`

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`)
  ].join('\n')

export const aim = (met: boolean): string => (met ? '✅ met' : '❌ missed')

const begin = (id: string) => `<!-- bench:${id}:begin -->`
const end = (id: string) => `<!-- bench:${id}:end -->`

/** Replaces each section's marked region in `text`; a section without markers is appended. */
export const splice = (text: string, sections: ReadonlyArray<Section>): string => {
  let out = text
  for (const s of sections) {
    const block = `${begin(s.id)}\n${s.markdown.trim()}\n${end(s.id)}`
    const from = out.indexOf(begin(s.id))
    const to = out.indexOf(end(s.id))
    out =
      from >= 0 && to > from
        ? out.slice(0, from) + block + out.slice(to + end(s.id).length)
        : `${out.trimEnd()}\n\n${block}\n`
  }
  return out
}

export const writeSections = (path: string, skeleton: string, sections: ReadonlyArray<Section>): void => {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : skeleton
  writeFileSync(path, splice(current, sections))
}

/** "ours 0/3, sorted-btree 1/3": rounds in which V8 pretenured an allocation site while timed. */
export const pretenuring = (
  ms: ReadonlyArray<{
    readonly name: string
    readonly rounds: ReadonlyArray<number>
    readonly pretenuredRounds?: number
  }>
): string =>
  ms
    .map(
      (m) =>
        `${m.name} ${m.pretenuredRounds === undefined ? '—' : `${m.pretenuredRounds}/${m.rounds.length}`}`
    )
    .join(', ')
