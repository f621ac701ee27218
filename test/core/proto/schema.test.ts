import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { backupPhases, backupStates, backupTypes } from '../../../src/core/domain/Enums.js'
import {
  BackupInfoType,
  BackupPhaseEnum,
  BackupStateEnum,
  BackupTypeEnum,
  ServerNameType,
  TableNameType,
  TableServerTimestampType,
  exactLongs
} from '../../../src/core/proto/schema.js'
import { generatedPath, protoPath, renderSchemaModule } from '../../../scripts/gen-proto.js'

describe('schema', () => {
  it('schema.generated.ts is up to date with proto/backup.proto (run npx tsx scripts/gen-proto.ts)', async () => {
    const wanted = await renderSchemaModule(await readFile(protoPath, 'utf8'))
    expect(await readFile(generatedPath, 'utf8')).toBe(wanted)
  })

  it('decodes uint64 exactly (protobufjs found the long package)', () => {
    expect(exactLongs).toBe(true)
  })

  it('has the field numbers of §3.1/§3.2', () => {
    const ids = (t: { fieldsArray: ReadonlyArray<{ name: string; id: number }> }) =>
      Object.fromEntries(t.fieldsArray.map((f) => [f.name, f.id]))
    expect(ids(TableNameType)).toStrictEqual({ namespace: 1, qualifier: 2 })
    expect(ids(ServerNameType)).toStrictEqual({ host_name: 1, port: 2, start_code: 3 })
    expect(ids(TableServerTimestampType)).toStrictEqual({ table_name: 1, server_timestamp: 2 })
    expect(ids(BackupInfoType)).toStrictEqual({
      backup_id: 1,
      backup_type: 2,
      backup_root_dir: 3,
      backup_state: 4,
      backup_phase: 5,
      failed_message: 6,
      backup_table_info: 7,
      start_ts: 8,
      complete_ts: 9,
      progress: 10,
      workers_number: 11,
      bandwidth: 12,
      table_set_timestamp: 13,
      incr_backup_file_list: 14,
      total_bytes_copied: 15,
      no_checksum_verify: 16,
      incr_timestamp_map: 17
    })
  })

  it('enums have the domain names, numbered in the order of §3.1', () => {
    const byNumber = (values: Readonly<Record<string, number>>) =>
      Object.entries(values)
        .sort(([, a], [, b]) => a - b)
        .map(([name]) => name)
    expect(byNumber(BackupTypeEnum.values)).toStrictEqual(backupTypes)
    expect(byNumber(BackupStateEnum.values)).toStrictEqual(backupStates)
    expect(byNumber(BackupPhaseEnum.values)).toStrictEqual(backupPhases)
    expect(Object.values(BackupPhaseEnum.values)).toStrictEqual([0, 1, 2, 3, 4, 5])
    expect(Object.values(BackupStateEnum.values)).toStrictEqual([0, 1, 2, 3])
  })
})
