import { describe, expect, it } from 'vitest'
import type { Confirm } from '../../src/cli/doctor.js'
import { doctorMain } from '../../src/cli/doctor.js'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'

const FILES: Readonly<Record<string, string>> = {
  // a backup crashes after its system snapshot, with a bulk load before it
  'crash.txt':
    'config seed=1 mode=faithful tables=2 servers=1\nfull t1\nbulkload t1 x1\nincremental ! crash@14\n'
}

interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}

const ioFor = (out: Array<string>, err: Array<string>): Io => ({
  out: (t) => out.push(t),
  err: (t) => err.push(t),
  progressStream: { isTTY: false, write: () => true },
  readFile: (p) => (p in FILES ? Promise.resolve(FILES[p] ?? '') : Promise.reject(new Error(`ENOENT: ${p}`))),
  writeFile: () => Promise.resolve(),
  now: () => performance.now()
})

const run = async (args: ReadonlyArray<string>, confirm?: Confirm): Promise<Run> => {
  const out: Array<string> = []
  const err: Array<string> = []
  const io = ioFor(out, err)
  const [command, ...rest] = args
  const code =
    confirm === undefined
      ? await main(args, io)
      : await doctorMain(command === 'expire' ? 'expire' : 'doctor', rest, io, confirm)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const STUCK = ['doctor', '--named', 'repair-cannot-clear-bare-lock', '--mode', 'faithful']

describe('hbase-backup-meta doctor', () => {
  it('shows a stuck lock with its evidence, reference and repair, and exits 1', async () => {
    const r = await run(STUCK)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/lock: stale — its holder, pid \d+ on .+, is gone/)
    expect(r.out).toMatch(/✗ stale-lock/)
    expect(r.out).toMatch(/blocks: backup create/)
    expect(r.out).toMatch(/see: .*HBASE-29448/)
    expect(r.out).toMatch(/Run again with --fix/)
  })

  it('--json is for tools', async () => {
    const r = await run([...STUCK, '--json'])
    expect(r.code).toBe(1)
    const j = JSON.parse(r.out) as {
      healthy: boolean
      findings: ReadonlyArray<{ kind: string; repair: unknown }>
    }
    expect(j.healthy).toBe(false)
    expect(j.findings.map((f) => f.kind)).toEqual(['stale-lock'])
    expect(Array.isArray(j.findings[0]?.repair)).toBe(true)
  })

  it('a healthy table exits 0', async () => {
    const r = await run(['doctor', '--named', 'delete-leaks-lock', '--mode', 'hardened'])
    expect(r.out).toMatch(/healthy: no findings/)
    expect(r.code).toBe(0)
  })

  it('--fix --yes repairs and diagnoses again: exit 0', async () => {
    const r = await run([...STUCK, '--fix', '--yes'])
    expect(r.out).toMatch(/Repair plan \(dry run against the table\):/)
    expect(r.out).toMatch(
      /CHECK_AND_PUT backup:system activesession: session:holder.pid == \d+ then session:c=yes/
    )
    expect(r.out).toMatch(/Changed:\n {2}took the lock over/)
    expect(r.out).toMatch(/After repair:[\s\S]*healthy: no findings/)
    expect(r.code).toBe(0)
  })

  it('--fix asks first on a terminal: no writes on "no", and no terminal without --yes is a usage error', async () => {
    const questions: Array<string> = []
    const no = await run([...STUCK, '--fix'], (q) => {
      questions.push(q)
      return Promise.resolve(false)
    })
    expect(questions).toEqual([expect.stringMatching(/^Apply 1 repair\(s\) to backup:system/) as unknown])
    expect(no.out).toMatch(/nothing written/)
    expect(no.code).toBe(1)
    const yes = await run([...STUCK, '--fix'], () => Promise.resolve(true))
    expect(yes.code).toBe(0)
    const none = await run([...STUCK, '--fix'], () => Promise.resolve(undefined))
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/--fix needs --yes when there is no terminal/)
  })

  it('--fix removes a table left in the incremental set by a faithful delete of its only FULL', async () => {
    const r = await run([
      'doctor',
      '--named',
      'delete-never-shrinks-incremental-set',
      '--mode',
      'faithful',
      '--fix',
      '--yes'
    ])
    expect(r.out).toMatch(/removed t1 from the incremental set/)
    expect(r.code).toBe(0)
  })

  it('--fix rolls a crashed backup back from its snapshot, then repairs what it held back, in rounds', async () => {
    const r = await run(['doctor', '--scenario', 'crash.txt', '--mode', 'faithful', '--fix', '--yes'])
    expect(r.out).toMatch(/✗ crashed-backup-rollback/)
    expect(r.out).toMatch(/RESTORESNAPSHOT snapshot_backup_system/)
    expect(r.out).toMatch(/re-put 1 bulk-load row\(s\) the restore would have lost/)
    expect(r.out).toMatch(/After repair:[\s\S]*healthy: no findings/)
    expect(r.code).toBe(0)
  })

  it('usage errors exit 2; an unreachable store exits 3', async () => {
    expect((await run(['doctor', '--bogus'])).code).toBe(2)
    expect((await run(['doctor', '--yes'])).code).toBe(2)
    expect((await run(['doctor', '--stale-after', 'x'])).code).toBe(2)
    expect((await run(['doctor', '--plan'])).code).toBe(2)
    expect((await run(['doctor', '--help'])).out).toMatch(/--offline/)
    const down = await run(['doctor', '--store', 'hbase://127.0.0.1:1'])
    expect(down.code).toBe(3)
    expect(down.err).toMatch(/cannot reach hbase:\/\/127.0.0.1:1/)
  }, 30_000)
})

describe('hbase-backup-meta expire --plan', () => {
  it('prints which sessions go and why, and the program, writing nothing', async () => {
    const r = await run(['expire', '--plan', '--keep-last', '1', '--seed', '3', '--ops', '40'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/goes: not among the 1 newest FULL backups/)
    expect(r.out).toMatch(/goes: depends on backup_\d+, which goes/)
    expect(r.out).toMatch(/Program:\n1\. CHECK_AND_PUT backup:system activesession:/)
    const j = JSON.parse((await run(['expire', '--plan', '--older-than', '0', '--json'])).out) as {
      roots: ReadonlyArray<{ expire: ReadonlyArray<unknown> }>
    }
    expect(j.roots.length).toBeGreaterThan(0)
  })

  it('without --plan, or without a rule, is a usage error', async () => {
    expect((await run(['expire', '--keep-last', '1'])).code).toBe(2)
    expect((await run(['expire', '--plan'])).code).toBe(2)
    expect((await run(['expire', '--plan', '--keep-last', '0'])).code).toBe(2)
  })
})
