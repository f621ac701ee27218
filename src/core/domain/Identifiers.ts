/**
 * The string identifiers of the backup system table, each an io-ts codec with a branded type:
 * a value of the type has passed its codec.
 *
 * - `BackupId`: `backup_<ms>`, as `BackupAdminImpl` generates it; the timestamp is a safe integer.
 * - `BackupRoot`: the backup destination URI; non-empty, no NUL (NUL ends the root in row keys).
 * - `ServerName`: a region server address `host:port`, as the log-roll code writes it.
 * - `BackupSetName`: non-empty, no `,` (the set value is comma-joined) and no NUL.
 */
import type * as t from 'io-ts'
import { refinedString } from './refined.js'

export interface BackupIdBrand {
  readonly BackupId: unique symbol
}
export type BackupId = string & t.Brand<BackupIdBrand>
/** Why `s` is not a backup id, or `undefined` when it is one. */
export const backupIdProblem = (s: string): string | undefined => {
  // a loop, not a regular expression: every session read checks its id
  const ok = s.length > ID_PREFIX.length && s.startsWith(ID_PREFIX)
  let digits = ok
  for (let i = ID_PREFIX.length; digits && i < s.length; i++) {
    const c = s.charCodeAt(i)
    digits = c >= 48 && c <= 57
  }
  if (!digits) return 'a backup id is "backup_" followed by a millisecond timestamp'
  return Number.isSafeInteger(Number(s.slice(ID_PREFIX.length)))
    ? undefined
    : 'the timestamp of a backup id must be a safe integer'
}

const ID_PREFIX = 'backup_'
export const BackupId = refinedString<BackupIdBrand>('BackupId', backupIdProblem)

/** The millisecond timestamp a backup id carries (what Java's `BackupInfo.compareTo` compares). */
export const backupIdTimestamp = (id: BackupId): number => Number(id.slice('backup_'.length))

export const backupIdAt = (ms: number): BackupId => `backup_${ms}` as BackupId

export interface BackupRootBrand {
  readonly BackupRoot: unique symbol
}
export type BackupRoot = string & t.Brand<BackupRootBrand>
/** Why `s` is not a backup root, or `undefined` when it is one. */
export const backupRootProblem = (s: string): string | undefined =>
  s.length === 0
    ? 'a backup root must not be empty'
    : s.includes('\0')
      ? 'a backup root must not contain NUL'
      : undefined
export const BackupRoot = refinedString<BackupRootBrand>('BackupRoot', backupRootProblem)

export interface ServerNameBrand {
  readonly ServerName: unique symbol
}
export type ServerName = string & t.Brand<ServerNameBrand>
const HOST = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])$/
/** Why `s` is not `host:port`, or `undefined` when it is. */
export const serverNameProblem = (s: string): string | undefined => {
  const i = s.lastIndexOf(':')
  if (i <= 0) return 'a server name is "host:port"'
  const host = s.slice(0, i)
  const port = s.slice(i + 1)
  if (!HOST.test(host)) return 'the host must be a hostname, an IPv4 address or a bracketed IPv6 address'
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return 'the port must be an integer from 0 to 65535'
  return undefined
}
export const ServerName = refinedString<ServerNameBrand>('ServerName', serverNameProblem)

/** Why `host` and `port` (a decoded ServerName message) make no `host:port`; `undefined` when they do. */
export const hostPortProblem = (host: string, port: number): string | undefined =>
  !HOST.test(host)
    ? 'the host must be a hostname, an IPv4 address or a bracketed IPv6 address'
    : port > 65535
      ? 'the port must be an integer from 0 to 65535'
      : undefined

export const serverHost = (s: ServerName): string => s.slice(0, s.lastIndexOf(':'))
export const serverPort = (s: ServerName): number => Number(s.slice(s.lastIndexOf(':') + 1))

export interface BackupSetNameBrand {
  readonly BackupSetName: unique symbol
}
export type BackupSetName = string & t.Brand<BackupSetNameBrand>
export const BackupSetName = refinedString<BackupSetNameBrand>('BackupSetName', (s) =>
  s.length === 0
    ? 'a backup set name must not be empty'
    : s.includes(',')
      ? 'a backup set name must not contain ","'
      : s.includes('\0')
        ? 'a backup set name must not contain NUL'
        : undefined
)
