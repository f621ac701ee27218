/*
 * Deletes one column family of a table, for the partial-batch test (test/hbase/adapter.test.ts):
 * the adapter has cached the table's families, so a batch naming the dropped family reaches the
 * gateway, and HBase applies the batch's other rows before it throws, as Table.put(List) does.
 *
 * Usage: DropFamily TABLE FAMILY. Configuration comes from hbase-site.xml on the classpath.
 */
package hbasebackupmeta.gateway;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.util.Bytes;

public final class DropFamily {
  private DropFamily() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) throw new IllegalArgumentException("usage: DropFamily TABLE FAMILY");
    Configuration conf = HBaseConfiguration.create();
    try (Connection c = ConnectionFactory.createConnection(conf);
        Admin admin = c.getAdmin()) {
      admin.deleteColumnFamily(TableName.valueOf(args[0]), Bytes.toBytes(args[1]));
    }
    System.out.println("@@@ DROPPED " + args[1] + " of " + args[0]);
  }
}
