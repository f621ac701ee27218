/**
 * The enums of `BackupInfo`, by name, with their protobuf numbers (Backup.proto). `CANCELLED` exists
 * in the proto but Java never writes it; it is read back as is.
 */
import * as t from 'io-ts'

export const BackupType = t.keyof({ FULL: null, INCREMENTAL: null }, 'BackupType')
export type BackupType = t.TypeOf<typeof BackupType>

export const BackupState = t.keyof(
  { RUNNING: null, COMPLETE: null, FAILED: null, CANCELLED: null },
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
    STORE_MANIFEST: null
  },
  'BackupPhase'
)
export type BackupPhase = t.TypeOf<typeof BackupPhase>

export const backupTypes: ReadonlyArray<BackupType> = ['FULL', 'INCREMENTAL']
export const backupStates: ReadonlyArray<BackupState> = ['RUNNING', 'COMPLETE', 'FAILED', 'CANCELLED']
export const backupPhases: ReadonlyArray<BackupPhase> = [
  'REQUEST',
  'SNAPSHOT',
  'PREPARE_INCREMENTAL',
  'SNAPSHOTCOPY',
  'INCREMENTAL_COPY',
  'STORE_MANIFEST'
]
