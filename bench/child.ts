/**
 * One isolated case (see `isolated` in lib/measure.ts): imports the part, builds the case's data,
 * prints `TIMED` (pretenuring decisions after it are the timed window's), measures one round and
 * prints `RESULT {json}`. Run by the parent process only, as compiled JavaScript (.bench-build/).
 */
import type { ChildRequest, Suites } from './lib/measure.js'
import { collectGarbage } from './lib/context.js'
import { runRound, TIMED_MARK } from './lib/measure.js'

const main = async (): Promise<void> => {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest
  const mod = (await import(`./${request.part}.js`)) as { readonly suites: (quick: boolean) => Suites }
  const spec = mod.suites(request.quick)[request.group]?.find((c) => c.name === request.case)
  if (spec === undefined) throw new Error(`no case ${request.part}/${request.group}/${request.case}`)
  const fn = await spec.setup()
  // start from a collected heap, so the fill's garbage is not charged to the case
  collectGarbage()
  process.stdout.write(`${TIMED_MARK}\n`)
  const [sample] = await runRound(
    request.group,
    [{ name: spec.name, opsPerCall: spec.opsPerCall, fn }],
    request.settings
  )
  process.stdout.write(`RESULT ${JSON.stringify(sample)}\n`)
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(1)
  }
)
