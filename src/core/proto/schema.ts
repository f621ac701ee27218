/**
 * The protobuf message types of `proto/backup.proto`, built once from the generated JSON descriptor
 * (see scripts/gen-proto.ts for why a descriptor and not the .proto itself).
 *
 * `protobufjs/light` has reflection, encode and decode but no .proto parser, and reads no file: the
 * core stays pure. Field names are the .proto's snake_case names.
 *
 * 64-bit fields decode through the `long` package protobufjs depends on; without it protobufjs would
 * decode uint64 to possibly unsafe numbers, so `schema.test.ts` checks that it is present.
 */
import protobuf from 'protobufjs/light.js'
import { schema } from './schema.generated.js'

const root = protobuf.Root.fromJSON(schema)

export const TableNameType: protobuf.Type = root.lookupType('hbase.pb.TableName')
export const ServerNameType: protobuf.Type = root.lookupType('hbase.pb.ServerName')
export const TableServerTimestampType: protobuf.Type = root.lookupType('hbase.pb.TableServerTimestamp')
export const BackupInfoType: protobuf.Type = root.lookupType('hbase.pb.BackupInfo')

export const BackupTypeEnum: protobuf.Enum = root.lookupEnum('hbase.pb.BackupType')
export const BackupStateEnum: protobuf.Enum = root.lookupEnum('hbase.pb.BackupInfo.BackupState')
export const BackupPhaseEnum: protobuf.Enum = root.lookupEnum('hbase.pb.BackupInfo.BackupPhase')

/** Whether uint64 values decode exactly (protobufjs found the `long` package). */
export const exactLongs: boolean = protobuf.util.Long != null
