/** The help texts. */
export const mainUsage = `Usage: hbase-backup-meta <command> [options]

Commands:
  simulate   run a random (or given) history of backups, deletes, merges and repairs with injected
             faults against the backup system table, check invariants after every operation
  inspect    print a decoded view of a system table (a simulation's in-memory store, or a live HBase)
  scenarios  list the named scenarios (known bad states of the 2017 Java flows)

Run "hbase-backup-meta <command> --help" for a command's options, "hbase-backup-meta --version"
for the version.

Exit codes: 0 all invariants held · 1 invariant violations found · 2 usage error · 3 the run failed`

export const simulateUsage = `Usage: hbase-backup-meta simulate [options]

Options:
  --seed N            seed of the history, the faults and the interleavings (default 1)
  --ops N             number of operations (default 200)
  --tables N          user tables, 1–8 (default 3)
  --servers N         region servers (default 2)
  --fault-rate F      probability that an operation carries a fault, 0–1 (default 0.2)
  --mode MODE         hardened (this library's flows, default) or faithful (the 2017 Java flows)
  --store STORE       memory (default) or hbase://host:port (a Thrift2 gateway; snapshots emulated),
                      with ?transport=buffered|framed&protocol=binary|compact&timeoutMs=N if needed
  --table NAME        the system table (default backup:system; backup_sim:system on HBase)
  --scenario FILE     replay a scenario file (as printed for a violation) instead of a random history
  --named NAME        run a named scenario (see "hbase-backup-meta scenarios")
  --json              print the summary as JSON
  --report FILE       also write a self-contained HTML report with a timeline chart
  --no-shrink         do not shrink violations to a minimal scenario
  -h, --help          this help

Exit codes: 0 all invariants held · 1 invariant violations found · 2 usage error · 3 the run failed`

export const inspectUsage = `Usage: hbase-backup-meta inspect [options]

Prints the decoded system table: lock, sessions, markers, incremental set, log-roll maps, start code,
WAL and bulk-load rows, backup sets, snapshot.

Options:
  --store STORE       hbase://host:port[?transport=…&protocol=…&timeoutMs=N] to read a live table
                      (read only); memory (default) runs a
                      simulation first (with --seed/--ops/--tables/--servers/--fault-rate/--mode,
                      --scenario FILE or --named NAME) and inspects its store
  --table NAME        the system table (default backup:system)
  --raw               also list every row and cell
  --json              print JSON
  -h, --help          this help`

export const scenariosUsage = `Usage: hbase-backup-meta scenarios [--json]

Lists the named scenarios: known bad states of the 2017 Java flows, each with the invariants the
faithful mode breaks on it. Run one with "hbase-backup-meta simulate --named NAME --mode faithful".

Options:
  --json              print the list as JSON
  -h, --help          this help`
