/** Protobuf value codecs of the backup system table (Backup.proto / HBase.proto field numbers). */
export { decodeBackupInfo, encodeBackupInfo } from './BackupInfoProto.js'
export { decodeTableServerTimestamp, encodeTableServerTimestamp } from './TableServerTimestampProto.js'
export type { TableServerTimestamp } from './TableServerTimestampProto.js'
