/*
 * A stand-in for HBase's Thrift2 gateway (`hbase thrift2`), for the test harness only.
 *
 * Why: the package registry this project builds against serves hbase-server and hbase-client but
 * not org.apache.hbase:hbase-thrift, so the real gateway cannot be started here. This server speaks
 * the same wire protocol for the subset of THBaseService declared in
 * src/adapters/hbase/hbase2.thrift (the Java in gen/ is generated from it) and translates each call
 * onto the real HBase client API of a real standalone HBase, reproducing the documented behaviour
 * of the 2.x gateway: start row inclusive / stop row exclusive (reversed: start is the high end), a
 * null checkAndPut value meaning "column absent", whole-row deletes when a TDelete has no columns,
 * scanner ids counting from 0 that expire after hbase.client.scanner.timeout.period of inactivity
 * (then TIllegalArgument "Invalid scanner Id"), IOExceptions as TIOError(message, canRetry), and
 * other exceptions as TApplicationException. Where the registry serves hbase-thrift, the harness
 * runs Apache's server instead (HBASE_GATEWAY=apache).
 *
 * Apache's server defaults that a deployed client meets are reproduced too: a connection idle for
 * hbase.thrift.server.socket.read.timeout (60 s) is closed; in framed mode a request frame over
 * hbase.regionserver.thrift.framed.max_frame_size_in_mb (2 MiB) closes the connection; branch-2's
 * scan conversion (a start row equal to the stop row returns that row); a TDelete's top-level
 * timestamp is ignored when it names columns.
 *
 * Usage: Gateway -p PORT [-b BIND] [-f] [-c] [-D key=value]…   (framed transport, compact protocol;
 * default buffered + binary, HBase's default). Configuration comes from hbase-site.xml on the
 * classpath, then the -D overrides.
 */
package hbasebackupmeta.gateway;

import hbasebackupmeta.gateway.gen.TColumn;
import hbasebackupmeta.gateway.gen.TColumnFamilyDescriptor;
import hbasebackupmeta.gateway.gen.TColumnValue;
import hbasebackupmeta.gateway.gen.TCompareOperator;
import hbasebackupmeta.gateway.gen.TDelete;
import hbasebackupmeta.gateway.gen.TGet;
import hbasebackupmeta.gateway.gen.THBaseService;
import hbasebackupmeta.gateway.gen.TIOError;
import hbasebackupmeta.gateway.gen.TIllegalArgument;
import hbasebackupmeta.gateway.gen.TMutation;
import hbasebackupmeta.gateway.gen.TNamespaceDescriptor;
import hbasebackupmeta.gateway.gen.TPut;
import hbasebackupmeta.gateway.gen.TResult;
import hbasebackupmeta.gateway.gen.TRowMutations;
import hbasebackupmeta.gateway.gen.TScan;
import hbasebackupmeta.gateway.gen.TTableDescriptor;
import hbasebackupmeta.gateway.gen.TTableName;
import hbasebackupmeta.gateway.gen.TThriftServerType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.DoNotRetryIOException;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class Gateway implements THBaseService.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Connection connection;
  private final long scannerTimeoutMs;
  private final AtomicInteger nextScannerId = new AtomicInteger(0);
  private final Map<Integer, OpenScanner> scanners = new ConcurrentHashMap<>();

  private static final class OpenScanner {
    final ResultScanner scanner;
    volatile long lastUsed = System.currentTimeMillis();

    OpenScanner(ResultScanner scanner) {
      this.scanner = scanner;
    }
  }

  Gateway(Connection connection, long scannerTimeoutMs) {
    this.connection = connection;
    this.scannerTimeoutMs = scannerTimeoutMs;
  }

  // -----------------------------------------------------------------------------------------------
  // conversions
  // -----------------------------------------------------------------------------------------------

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) return null;
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private static TIOError ioError(IOException e) {
    TIOError err = new TIOError();
    err.setMessage(e.getMessage());
    err.setCanRetry(!(e instanceof DoNotRetryIOException));
    err.initCause(e);
    return err;
  }

  private Table table(ByteBuffer name) throws IOException {
    return connection.getTable(TableName.valueOf(bytes(name)));
  }

  private static TableName tableName(TTableName t) {
    return t.isSetNs()
        ? TableName.valueOf(t.getNs(), t.getQualifier())
        : TableName.valueOf(t.getQualifier());
  }

  private static TResult result(Result r) {
    TResult out = new TResult();
    out.setColumnValues(new ArrayList<>());
    if (r.getRow() != null) out.setRow(r.getRow());
    for (Cell c : r.rawCells()) {
      TColumnValue cv =
          new TColumnValue(
              ByteBuffer.wrap(CellUtil.cloneFamily(c)),
              ByteBuffer.wrap(CellUtil.cloneQualifier(c)),
              ByteBuffer.wrap(CellUtil.cloneValue(c)));
      cv.setTimestamp(c.getTimestamp());
      out.addToColumnValues(cv);
    }
    return out;
  }

  private static Get get(TGet in) {
    Get out = new Get(in.getRow());
    if (in.isSetColumns()) {
      for (TColumn c : in.getColumns()) {
        if (c.isSetQualifier()) out.addColumn(c.getFamily(), c.getQualifier());
        else out.addFamily(c.getFamily());
      }
    }
    return out;
  }

  private static Put put(TPut in) {
    Put out = in.isSetTimestamp() ? new Put(in.getRow(), in.getTimestamp()) : new Put(in.getRow());
    for (TColumnValue cv : in.getColumnValues()) {
      if (cv.isSetTimestamp()) {
        out.addColumn(cv.getFamily(), cv.getQualifier(), cv.getTimestamp(), cv.getValue());
      } else {
        out.addColumn(cv.getFamily(), cv.getQualifier(), cv.getValue());
      }
    }
    return out;
  }

  private static Delete delete(TDelete in) {
    // As Apache's deleteFromThrift: the top-level timestamp counts only for a whole-row delete; with
    // columns it is ignored (each column carries its own).
    if (!in.isSetColumns())
      return in.isSetTimestamp() ? new Delete(in.getRow(), in.getTimestamp()) : new Delete(in.getRow());
    Delete out = new Delete(in.getRow());
    if (!in.isSetDeleteType()) throw new IllegalArgumentException("deleteType is required with columns");
    for (TColumn c : in.getColumns()) {
      byte[] f = c.getFamily();
      byte[] q = c.isSetQualifier() ? c.getQualifier() : null;
      boolean ts = c.isSetTimestamp();
      switch (in.getDeleteType()) {
        case DELETE_COLUMN:
          if (ts) out.addColumn(f, q, c.getTimestamp());
          else out.addColumn(f, q);
          break;
        case DELETE_COLUMNS:
          if (ts) out.addColumns(f, q, c.getTimestamp());
          else out.addColumns(f, q);
          break;
        case DELETE_FAMILY:
          if (ts) out.addFamily(f, c.getTimestamp());
          else out.addFamily(f);
          break;
        case DELETE_FAMILY_VERSION:
          if (!ts) throw new IllegalArgumentException("DELETE_FAMILY_VERSION needs a timestamp");
          out.addFamilyVersion(f, c.getTimestamp());
          break;
        default:
          throw new IllegalArgumentException("unknown delete type " + in.getDeleteType());
      }
    }
    return out;
  }

  private static RowMutations rowMutations(TRowMutations in) throws IOException {
    RowMutations out = new RowMutations(in.getRow());
    for (TMutation m : in.getMutations()) {
      if (m.isSetPut()) out.add(put(m.getPut()));
      else if (m.isSetDeleteSingle()) out.add(delete(m.getDeleteSingle()));
    }
    return out;
  }

  @SuppressWarnings("deprecation")
  private static Scan scan(TScan in) {
    Scan out = new Scan();
    // Branch-2's scanFromThrift uses the deprecated setters: a start equal to the stop makes the
    // scan a get, which returns the row equal to stop (master's withStartRow/withStopRow do not).
    if (in.isSetStartRow()) out.setStartRow(in.getStartRow());
    if (in.isSetStopRow()) out.setStopRow(in.getStopRow());
    if (in.isSetCaching()) out.setCaching(in.getCaching());
    if (in.isSetReversed()) out.setReversed(in.isReversed());
    if (in.isSetLimit()) out.setLimit(in.getLimit());
    if (in.isSetColumns()) {
      for (TColumn c : in.getColumns()) {
        if (c.isSetQualifier()) out.addColumn(c.getFamily(), c.getQualifier());
        else out.addFamily(c.getFamily());
      }
    }
    return out;
  }

  // -----------------------------------------------------------------------------------------------
  // data
  // -----------------------------------------------------------------------------------------------

  @Override
  public TResult get(ByteBuffer table, TGet tget) throws TException {
    try (Table t = table(table)) {
      return result(t.get(get(tget)));
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void putMultiple(ByteBuffer table, List<TPut> tputs) throws TException {
    List<Put> puts = new ArrayList<>();
    for (TPut p : tputs) puts.add(put(p));
    try (Table t = table(table)) {
      t.put(puts);
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public List<TDelete> deleteMultiple(ByteBuffer table, List<TDelete> tdeletes) throws TException {
    List<Delete> deletes = new ArrayList<>();
    for (TDelete d : tdeletes) deletes.add(delete(d));
    try (Table t = table(table)) {
      t.delete(deletes);
      return new ArrayList<>();
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void mutateRow(ByteBuffer table, TRowMutations trowMutations) throws TException {
    try (Table t = table(table)) {
      t.mutateRow(rowMutations(trowMutations));
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public boolean checkAndPut(
      ByteBuffer table, ByteBuffer row, ByteBuffer family, ByteBuffer qualifier, TPut tput, ByteBuffer value)
      throws TException {
    byte[] r = bytes(row);
    byte[] f = bytes(family);
    byte[] q = bytes(qualifier);
    CheckAndMutate.Builder b = CheckAndMutate.newBuilder(r);
    CheckAndMutate cam =
        value == null ? b.ifNotExists(f, q).build(put(tput)) : b.ifEquals(f, q, bytes(value)).build(put(tput));
    try (Table t = table(table)) {
      return t.checkAndMutate(cam).isSuccess();
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public boolean checkAndDelete(
      ByteBuffer table, ByteBuffer row, ByteBuffer family, ByteBuffer qualifier, TDelete tdelete, ByteBuffer value)
      throws TException {
    byte[] r = bytes(row);
    byte[] f = bytes(family);
    byte[] q = bytes(qualifier);
    CheckAndMutate.Builder b = CheckAndMutate.newBuilder(r);
    CheckAndMutate cam =
        value == null
            ? b.ifNotExists(f, q).build(delete(tdelete))
            : b.ifEquals(f, q, bytes(value)).build(delete(tdelete));
    try (Table t = table(table)) {
      return t.checkAndMutate(cam).isSuccess();
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public boolean checkAndMutate(
      ByteBuffer table,
      ByteBuffer row,
      ByteBuffer family,
      ByteBuffer qualifier,
      TCompareOperator compareOperator,
      ByteBuffer value,
      TRowMutations rowMutations)
      throws TException {
    try (Table t = table(table)) {
      CheckAndMutate cam =
          CheckAndMutate.newBuilder(bytes(row))
              .ifMatches(
                  bytes(family), bytes(qualifier), CompareOperator.valueOf(compareOperator.name()), bytes(value))
              .build(rowMutations(rowMutations));
      return t.checkAndMutate(cam).isSuccess();
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public int openScanner(ByteBuffer table, TScan tscan) throws TException {
    try (Table t = table(table)) {
      ResultScanner rs = t.getScanner(scan(tscan));
      int id = nextScannerId.getAndIncrement();
      scanners.put(id, new OpenScanner(rs));
      return id;
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  private OpenScanner scanner(int id) throws TIllegalArgument {
    OpenScanner s = scanners.get(id);
    if (s == null || System.currentTimeMillis() - s.lastUsed > scannerTimeoutMs) {
      if (s != null) expire(id);
      TIllegalArgument ia = new TIllegalArgument();
      ia.setMessage("Invalid scanner Id");
      throw ia;
    }
    s.lastUsed = System.currentTimeMillis();
    return s;
  }

  @Override
  public List<TResult> getScannerRows(int scannerId, int numRows) throws TException {
    OpenScanner s = scanner(scannerId);
    try {
      List<TResult> out = new ArrayList<>();
      for (Result r : s.scanner.next(numRows)) out.add(result(r));
      s.lastUsed = System.currentTimeMillis();
      return out;
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void closeScanner(int scannerId) throws TException {
    OpenScanner s = scanners.remove(scannerId);
    if (s == null) {
      LOG.warn("closeScanner: unknown scanner id {}", scannerId);
      return;
    }
    s.scanner.close();
  }

  private void expire(int id) {
    OpenScanner s = scanners.remove(id);
    if (s != null) {
      LOG.info("scanner {} expired", id);
      s.scanner.close();
    }
  }

  void sweep() {
    long now = System.currentTimeMillis();
    for (Map.Entry<Integer, OpenScanner> e : scanners.entrySet()) {
      if (now - e.getValue().lastUsed > scannerTimeoutMs) expire(e.getKey());
    }
  }

  // -----------------------------------------------------------------------------------------------
  // admin
  // -----------------------------------------------------------------------------------------------

  @Override
  public boolean tableExists(TTableName name) throws TException {
    try (Admin a = connection.getAdmin()) {
      return a.tableExists(tableName(name));
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public TTableDescriptor getTableDescriptor(TTableName name) throws TException {
    try (Admin a = connection.getAdmin()) {
      TableDescriptor td = a.getDescriptor(tableName(name));
      TTableDescriptor out = new TTableDescriptor(name);
      out.setColumns(new ArrayList<>());
      for (ColumnFamilyDescriptor cf : td.getColumnFamilies()) {
        TColumnFamilyDescriptor c = new TColumnFamilyDescriptor(ByteBuffer.wrap(cf.getName()));
        c.setMaxVersions(cf.getMaxVersions());
        c.setTimeToLive(cf.getTimeToLive());
        out.addToColumns(c);
      }
      return out;
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void createTable(TTableDescriptor desc, List<ByteBuffer> splitKeys) throws TException {
    TableDescriptorBuilder td = TableDescriptorBuilder.newBuilder(tableName(desc.getTableName()));
    if (desc.isSetColumns()) {
      for (TColumnFamilyDescriptor c : desc.getColumns()) {
        ColumnFamilyDescriptorBuilder cf = ColumnFamilyDescriptorBuilder.newBuilder(c.getName());
        if (c.isSetMaxVersions()) cf.setMaxVersions(c.getMaxVersions());
        if (c.isSetTimeToLive()) cf.setTimeToLive(c.getTimeToLive());
        td.setColumnFamily(cf.build());
      }
    }
    try (Admin a = connection.getAdmin()) {
      if (splitKeys == null || splitKeys.isEmpty()) {
        a.createTable(td.build());
      } else {
        byte[][] keys = new byte[splitKeys.size()][];
        for (int i = 0; i < keys.length; i++) keys[i] = bytes(splitKeys.get(i));
        a.createTable(td.build(), keys);
      }
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void disableTable(TTableName name) throws TException {
    try (Admin a = connection.getAdmin()) {
      a.disableTable(tableName(name));
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void deleteTable(TTableName name) throws TException {
    try (Admin a = connection.getAdmin()) {
      a.deleteTable(tableName(name));
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public void createNamespace(TNamespaceDescriptor desc) throws TException {
    NamespaceDescriptor.Builder nd = NamespaceDescriptor.create(desc.getName());
    if (desc.isSetConfiguration()) {
      for (Map.Entry<String, String> e : desc.getConfiguration().entrySet()) {
        nd.addConfiguration(e.getKey(), e.getValue());
      }
    }
    try (Admin a = connection.getAdmin()) {
      a.createNamespace(nd.build());
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public List<String> listNamespaces() throws TException {
    try (Admin a = connection.getAdmin()) {
      List<String> out = new ArrayList<>();
      for (NamespaceDescriptor nd : a.listNamespaceDescriptors()) out.add(nd.getName());
      return out;
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public TThriftServerType getThriftServerType() {
    return TThriftServerType.TWO;
  }

  // -----------------------------------------------------------------------------------------------
  // server
  // -----------------------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    int port = -1;
    String bind = "127.0.0.1";
    boolean framed = false;
    boolean compact = false;
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-p":
          port = Integer.parseInt(args[++i]);
          break;
        case "-b":
          bind = args[++i];
          break;
        case "-f":
          framed = true;
          break;
        case "-c":
          compact = true;
          break;
        case "-D":
          overrides.add(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (port < 0) throw new IllegalArgumentException("-p PORT is required");

    Configuration conf = HBaseConfiguration.create();
    // -D key=value, as Apache's ThriftServer takes through ToolRunner's generic options
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("-D expects key=value, got " + kv);
      conf.set(kv.substring(0, eq), kv.substring(eq + 1));
    }
    long scannerTimeout =
        conf.getLong(
            HConstants.HBASE_CLIENT_SCANNER_TIMEOUT_PERIOD, HConstants.DEFAULT_HBASE_CLIENT_SCANNER_TIMEOUT_PERIOD);
    int maxFrame = conf.getInt("hbase.regionserver.thrift.framed.max_frame_size_in_mb", 2) * 1024 * 1024;
    Connection connection = ConnectionFactory.createConnection(conf);
    Gateway handler = new Gateway(connection, scannerTimeout);

    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scanner-sweeper");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleAtFixedRate(handler::sweep, 1, 1, TimeUnit.SECONDS);

    TProtocolFactory protocol = compact ? new TCompactProtocol.Factory() : new TBinaryProtocol.Factory();
    TTransportFactory transport = framed ? new TFramedTransport.Factory(maxFrame) : new TTransportFactory();
    // Apache's default: a connection idle for 60 s is closed by the server (0 = never).
    int readTimeout = conf.getInt("hbase.thrift.server.socket.read.timeout", 60_000);
    TServerSocket socket =
        new TServerSocket(
            new TServerSocket.ServerSocketTransportArgs()
                .bindAddr(new InetSocketAddress(bind, port))
                .clientTimeout(readTimeout));
    TThreadPoolServer server =
        new TThreadPoolServer(
            new TThreadPoolServer.Args(socket)
                .processor(new THBaseService.Processor<>(handler))
                .protocolFactory(protocol)
                .transportFactory(transport)
                .minWorkerThreads(2)
                .maxWorkerThreads(64));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      try {
        connection.close();
      } catch (IOException e) {
        LOG.warn("closing the HBase connection", e);
      }
    }));
    LOG.info(
        "stand-in Thrift2 gateway on {}:{} ({} transport, {} protocol)",
        bind, port, framed ? "framed" : "buffered", compact ? "compact" : "binary");
    server.serve();
  }
}
