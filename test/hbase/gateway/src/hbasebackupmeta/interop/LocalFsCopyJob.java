/*
 * The backup tool's snapshot copy, as HBase ships it, plus ExportSnapshot's -no-checksum-verify.
 *
 * Why: on a local-filesystem HBase (file:// root and file:// backup root) ExportSnapshot's
 * verification fails every copied HFile with "Checksum mismatch between file:/…/hbase-root/… and
 * file:/…/backup-root/…", because the local filesystem has no file checksums to compare
 * (hbase-backup 2.6.1 has no switch for it; newer HBase records it as BackupInfo field 16,
 * no_checksum_verify). interop.test.ts selects this class with
 * -D hbase.backup.copy.class=hbasebackupmeta.interop.LocalFsCopyJob; everything the backup writes
 * to the system table is unchanged.
 */
package hbasebackupmeta.interop;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.backup.BackupInfo;
import org.apache.hadoop.hbase.backup.BackupType;
import org.apache.hadoop.hbase.backup.impl.BackupManager;
import org.apache.hadoop.hbase.backup.mapreduce.MapReduceBackupCopyJob;

public final class LocalFsCopyJob extends MapReduceBackupCopyJob {
  @Override
  public int copy(BackupInfo context, BackupManager backupManager, Configuration conf,
      BackupType copyType, String[] options) throws IOException {
    if (copyType != BackupType.FULL) return super.copy(context, backupManager, conf, copyType, options);
    String[] withFlag = Arrays.copyOf(options, options.length + 1);
    withFlag[options.length] = "-no-checksum-verify";
    return super.copy(context, backupManager, conf, copyType, withFlag);
  }
}
