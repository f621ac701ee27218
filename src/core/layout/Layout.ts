/**
 * A layout of the backup system table: what one family of HBase releases stores, row family by row
 * family, and which of this library's writes (and reads) the release has. Layouts are data (see
 * `layouts.ts`), so the differences between releases are read in one place, checked by golden rows
 * (test/core/layouts.test.ts) and printed by docs/compatibility.md.
 */
export const layoutNames = ['2017', '2.6.1', '2.6.2', '2.6.3', '2.6.5', '2.6.7'] as const
export type LayoutName = (typeof layoutNames)[number]

export const isLayoutName = (s: unknown): s is LayoutName =>
  typeof s === 'string' && (layoutNames as ReadonlyArray<string>).includes(s)

/** The row families of both tables, by the prefix (or fixed key) of their rows. */
export type RowFamilyName =
  | 'session'
  | 'startcode'
  | 'activesession'
  | 'incrbackupset'
  | 'trslm'
  | 'rslogts'
  | 'wals'
  | 'backupset'
  | 'bulk'
  | 'bulkcopy'
  | 'delete_op_row'
  | 'merge_op_row'
  | 'continuousbackupset'

export interface RowFamilyLayout {
  /** Whether releases of this layout write or read the family at all. */
  readonly exists: boolean
  /** The logical table holding it (`bulk` is the system table itself when the layout shares it). */
  readonly table: 'system' | 'bulk'
  /** How a row is keyed. */
  readonly key: string
  /** Its cells, `family:qualifier`, and what a value holds. */
  readonly cells: string
  /** Which Java code of the release writes it, or why nothing does. */
  readonly writtenBy: string
}

export interface Layout {
  readonly name: LayoutName
  /** The releases that write it, and the change that starts it. */
  readonly releases: string
  /** Where bulk-load rows live: the system table (`shared`) or `<name>_bulk` (`separate`). */
  readonly bulkTable: 'shared' | 'separate'
  /** The BackupInfo fields the release writes (every layout reads 1–17 and keeps the rest). */
  readonly backupInfoFields: string
  /** `setFailedMsg` truncates the message to this many characters (HBASE-28643); none before. */
  readonly failedMessageLimit: number | undefined
  /** `incrbackupset:` puts carry an explicit cell timestamp of now + 1 (HBASE-29622, 2.6.4). */
  readonly incrementalSetExplicitTimestamp: boolean
  readonly families: Readonly<Record<RowFamilyName, RowFamilyLayout>>
  /** This library's methods the release does not have, with why; calling one is refused. */
  readonly refuses: Readonly<Partial<Record<string, string>>>
}
