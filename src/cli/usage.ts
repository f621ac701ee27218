/** The help texts. */
export const mainUsage = `Usage: hbase-backup-meta <command> [options]

Commands:
  simulate   run a random (or given) history of backups, deletes, merges and repairs with injected
             faults against the backup system table, check invariants after every operation
  inspect    print a decoded view of a system table (a simulation's in-memory store, or a live HBase)
  scenarios  list the named scenarios (known bad states of the 2017 Java flows)
  doctor     find what is wrong in a system table (stuck lock, crashed sessions, markers, broken
             chains…), explain it, and with --fix repair it under the lock with guarded writes
  expire     --plan: which sessions a retention rule (--keep-last, --older-than) would remove

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
  --doctor            diagnose the table after every operation; the report shows the findings
                      as a lane (slower: each diagnosis reads the whole table)
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

export const doctorUsage = `Usage: hbase-backup-meta doctor [options]

Diagnoses the system table (reads only) and prints each finding: its kind, evidence, what it
blocks, the HBase JIRA or known bug behind it, and the repair it proposes.

Options:
  --store STORE       hbase://host:port for a live table; memory (default) runs a simulation first
                      (--named NAME, --scenario FILE, --seed/--ops/--tables/--servers/--fault-rate/
                      --mode) and diagnoses its store, whose simulated clients have all ended
  --table NAME        the system table (default backup:system)
  --offline           no backup tool is running: a held lock and anything in progress are left over
  --stale-after MIN   a lock held longer than this by a holder on another host is stale (default 360)
  --fix               repair: print the explained plan, ask (on a terminal), then write
  --yes               with --fix: do not ask
  --json              print JSON
  -h, --help          this help

Exit codes: 0 healthy · 1 findings (errors or warnings) · 2 usage error · 3 the run or a repair failed`

export const expireUsage = `Usage: hbase-backup-meta expire --plan [options]

Plans retention and prints it with its program; writes nothing. Per root, a FULL backup goes when
it is not among the --keep-last newest and (with --older-than) completed more than DAYS ago; the
incrementals built on it go with it.

Options:
  --plan              required: expire only plans
  --keep-last N       keep the N newest COMPLETE FULL backups of each root
  --older-than DAYS   FULL backups completed more than DAYS ago may go
  --root ROOT         only this backup root
  --store, --table    as for doctor (memory runs a simulation first)
  --json              print JSON
  -h, --help          this help`
