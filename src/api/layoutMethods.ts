/**
 * The method table as one layout has it: the methods the layout's releases do not have are refused
 * with `NotInLayout` naming the layout (nothing is read or written), the failed message is cut as
 * 2.6.1+ cut it, and the incremental set is written with an explicit timestamp where 2.6.4+ do.
 * Everything else is the 2017 method, unchanged.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { cutFailedMessage } from '../core/domain/BackupInfo.js'
import { BackupRoot } from '../core/domain/Identifiers.js'
import { TableName } from '../core/domain/TableName.js'
import type { Layout } from '../core/layout/Layout.js'
import { notInLayout } from '../core/ProgramError.js'
import * as P from '../core/Program.js'
import * as IncrementalSet from '../core/rows/IncrementalSet.js'
import type { MethodName, Methods } from './methods.js'
import { many, nonEmpty, one, withValid } from './validateArgs.js'

/** The refusal of `method` in `layout`, or `undefined` when the layout has it. */
export const refusal = (layout: Layout, method: string): string | undefined => layout.refuses[method]

export const forLayout =
  (layout: Layout, clock: () => number) =>
  (ms: Methods): Methods => {
    const out: Record<string, unknown> = { ...ms }
    for (const name of Object.keys(ms) as ReadonlyArray<MethodName>) {
      const why = refusal(layout, name)
      if (why !== undefined) out[name] = () => P.fail(notInLayout(layout.name, name, why))
    }
    const limit = layout.failedMessageLimit
    if (limit !== undefined && refusal(layout, 'updateBackupInfo') === undefined) {
      const cut = cutFailedMessage(limit)
      out.updateBackupInfo = (info: Parameters<Methods['updateBackupInfo']>[0]) =>
        ms.updateBackupInfo(typeof info === 'object' && info !== null ? cut(info) : info)
    }
    if (layout.incrementalSetExplicitTimestamp)
      out.addIncrementalBackupTableSet = (tableNames: ReadonlyArray<string>, backupRoot: string) =>
        pipe(
          E.Do,
          E.bind('ts', () => pipe(many(TableName, 'tables')(tableNames), E.chain(nonEmpty('tables')))),
          E.bind('r', () => one(BackupRoot, 'backupRoot')(backupRoot)),
          withValid(({ ts, r }) =>
            pipe(
              IncrementalSet.put(r, ts, clock() + 1),
              P.fromEither,
              P.chain((put) => P.mutate([put]))
            )
          )
        )
    // every entry is the 2017 method or one with its signature
    return out as unknown as Methods
  }
