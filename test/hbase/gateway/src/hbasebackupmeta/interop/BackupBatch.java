/*
 * Runs several commands of HBase's backup CLI (org.apache.hadoop.hbase.backup.BackupDriver, i.e.
 * `hbase backup …`) in one JVM, because a JVM start costs seconds on a small test machine.
 *
 * Arguments: the commands' arguments, commands separated by a lone "--next". Each command runs
 * through ToolRunner on a fresh copy of the configuration, exactly as BackupDriver.main does (it
 * also points fs.defaultFS at hbase.rootdir first), and is framed on stdout by
 * "@@@ BEGIN <args>" and "@@@ END <exit code>", so interop.test.ts can split the output per
 * command. Anything the CLI prints in between is its own output.
 *
 * Two pseudo-commands call Java's own lock code directly, which the CLI only does inside a
 * backup: "@lock" = BackupSystemTable.startBackupExclusiveOperation(), "@unlock" =
 * finishBackupExclusiveOperation(). A command that throws past ToolRunner (or a failing pseudo-command)
 * prints "@@@ THROWN <exception>" and ends with code -100.
 */
package hbasebackupmeta.interop;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.backup.BackupDriver;
import org.apache.hadoop.hbase.backup.impl.BackupSystemTable;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.apache.hadoop.util.ToolRunner;

public final class BackupBatch {
  private BackupBatch() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = HBaseConfiguration.create();
    Path hbasedir = CommonFSUtils.getRootDir(conf);
    URI defaultFs = hbasedir.getFileSystem(conf).getUri();
    CommonFSUtils.setFsDefault(conf, new Path(defaultFs));

    List<List<String>> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--next")) {
        commands.add(current);
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    commands.add(current);

    for (List<String> command : commands) {
      System.out.println("@@@ BEGIN " + String.join(" ", command));
      System.out.flush();
      int rc;
      try {
        if (command.size() == 1 && command.get(0).startsWith("@")) {
          rc = lock(conf, command.get(0));
        } else {
          rc = ToolRunner.run(new Configuration(conf), new BackupDriver(), command.toArray(new String[0]));
        }
      } catch (Throwable t) {
        System.out.println("@@@ THROWN " + t);
        rc = -100;
      }
      System.out.flush();
      System.err.flush();
      System.out.println("@@@ END " + rc);
      System.out.flush();
    }
    System.exit(0);
  }

  private static int lock(Configuration conf, String which) throws Exception {
    try (Connection conn = ConnectionFactory.createConnection(conf);
        BackupSystemTable table = new BackupSystemTable(conn)) {
      switch (which) {
        case "@lock":
          table.startBackupExclusiveOperation();
          return 0;
        case "@unlock":
          table.finishBackupExclusiveOperation();
          return 0;
        default:
          throw new IllegalArgumentException("unknown pseudo-command " + which);
      }
    }
  }
}
