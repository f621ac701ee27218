/**
 * The enums of `BackupInfo`, by name, with their protobuf numbers (Backup.proto). `CANCELLED` exists
 * in the proto but Java never writes it; it is read back as is.
 *
 * `UNKNOWN` is a number this library does not know, written by a newer HBase (the continuous-backup
 * branch's phase 6 `SETUP_WAL_REPLICATION`, or any later value). It is only ever read: the number
 * itself is kept in the session's `unknownFields` and written back byte for byte, and the
 * `BackupInfo` codec accepts `UNKNOWN` only together with that preserved field. The lists below
 * (`backupTypes`, …) are the known names, without `UNKNOWN`.
 */
import * as t from 'io-ts'

export const BackupType = t.keyof({ FULL: null, INCREMENTAL: null, UNKNOWN: null }, 'BackupType')
export type BackupType = t.TypeOf<typeof BackupType>

export const BackupState = t.keyof(
  { RUNNING: null, COMPLETE: null, FAILED: null, CANCELLED: null, UNKNOWN: null },
  'BackupState'
)
export type BackupState = t.TypeOf<typeof BackupState>

export const BackupPhase = t.keyof(
  {
    REQUEST: null,
    SNAPSHOT: null,
    PREPARE_INCREMENTAL: null,
    SNAPSHOTCOPY: null,
    INCREMENTAL_COPY: null,
    STORE_MANIFEST: null,
    UNKNOWN: null
  },
  'BackupPhase'
)
export type BackupPhase = t.TypeOf<typeof BackupPhase>

export type KnownBackupType = Exclude<BackupType, 'UNKNOWN'>
export type KnownBackupState = Exclude<BackupState, 'UNKNOWN'>
export type KnownBackupPhase = Exclude<BackupPhase, 'UNKNOWN'>

export const backupTypes: ReadonlyArray<KnownBackupType> = ['FULL', 'INCREMENTAL']
export const backupStates: ReadonlyArray<KnownBackupState> = ['RUNNING', 'COMPLETE', 'FAILED', 'CANCELLED']
export const backupPhases: ReadonlyArray<KnownBackupPhase> = [
  'REQUEST',
  'SNAPSHOT',
  'PREPARE_INCREMENTAL',
  'SNAPSHOTCOPY',
  'INCREMENTAL_COPY',
  'STORE_MANIFEST'
]
