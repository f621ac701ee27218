/**
 * What a store can report, as tagged values. Adapters convert every exception into one of these in
 * exactly one place and keep the original as `cause`.
 *
 * Tags: `Unavailable` (cannot reach the store; retrying later may help), `Timeout` (a call exceeded
 * its deadline), `TableNotFound`, `Unsupported` (the store lacks an optional capability),
 * `InvalidRequest` (an argument the store refuses: the field and value are named),
 * `SnapshotExists`, `SnapshotNotFound`, `IOError` (the store answered with an error),
 * `OutcomeUnknown` (a write whose request may have reached the store, but whose answer never came:
 * it may or may not have been applied; read before retrying).
 */
export type Capability = 'snapshots' | 'ttl' | 'admin'

export type StoreError =
  | { readonly _tag: 'Unavailable'; readonly message: string; readonly cause?: unknown }
  | { readonly _tag: 'Timeout'; readonly operation: string; readonly ms: number }
  | { readonly _tag: 'TableNotFound'; readonly table: string }
  | { readonly _tag: 'Unsupported'; readonly capability: Capability; readonly operation: string }
  | {
      readonly _tag: 'InvalidRequest'
      readonly field: string
      readonly value: string
      readonly reason: string
    }
  | { readonly _tag: 'SnapshotExists'; readonly name: string }
  | { readonly _tag: 'SnapshotNotFound'; readonly name: string }
  | { readonly _tag: 'IOError'; readonly message: string; readonly cause?: unknown }
  | {
      readonly _tag: 'OutcomeUnknown'
      readonly operation: string
      readonly message: string
      readonly cause?: unknown
    }

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const unavailable = (message: string, cause?: unknown): StoreError =>
  cause === undefined ? { _tag: 'Unavailable', message } : { _tag: 'Unavailable', message, cause }

export const timeout = (operation: string, ms: number): StoreError => ({ _tag: 'Timeout', operation, ms })

export const tableNotFound = (table: string): StoreError => ({ _tag: 'TableNotFound', table })

export const unsupported = (capability: Capability, operation: string): StoreError => ({
  _tag: 'Unsupported',
  capability,
  operation
})

export const invalidRequest = (field: string, value: string, reason: string): StoreError => ({
  _tag: 'InvalidRequest',
  field,
  value,
  reason
})

export const snapshotExists = (name: string): StoreError => ({ _tag: 'SnapshotExists', name })

export const snapshotNotFound = (name: string): StoreError => ({ _tag: 'SnapshotNotFound', name })

export const ioError = (message: string, cause?: unknown): StoreError =>
  cause === undefined ? { _tag: 'IOError', message } : { _tag: 'IOError', message, cause }

export const outcomeUnknown = (operation: string, message: string, cause?: unknown): StoreError =>
  cause === undefined
    ? { _tag: 'OutcomeUnknown', operation, message }
    : { _tag: 'OutcomeUnknown', operation, message, cause }

// -------------------------------------------------------------------------------------------------
// async iteration
// -------------------------------------------------------------------------------------------------

/**
 * An `AsyncIterable` cannot return an `Either`, so a scan that fails mid-way rejects with this
 * exception; `error` is the tagged value.
 */
export class StoreFailure extends Error {
  constructor(readonly error: StoreError) {
    super(describe(error))
    this.name = 'StoreFailure'
  }
}

export const describe = (e: StoreError): string => {
  switch (e._tag) {
    case 'Unavailable':
      return `store unavailable: ${e.message}`
    case 'Timeout':
      return `${e.operation} timed out after ${e.ms} ms`
    case 'TableNotFound':
      return `table not found: ${e.table}`
    case 'Unsupported':
      return `${e.operation} needs the '${e.capability}' capability, which this store does not have`
    case 'InvalidRequest':
      return `invalid ${e.field} ${JSON.stringify(e.value)}: ${e.reason}`
    case 'SnapshotExists':
      return `snapshot already exists: ${e.name}`
    case 'SnapshotNotFound':
      return `snapshot not found: ${e.name}`
    case 'IOError':
      return `store error: ${e.message}`
    case 'OutcomeUnknown':
      return `${e.operation}: outcome unknown, it may or may not have been applied (${e.message})`
  }
}

/** Converts anything an iteration threw back into a `StoreError`. */
export const fromThrown = (thrown: unknown): StoreError =>
  thrown instanceof StoreFailure
    ? thrown.error
    : ioError(thrown instanceof Error ? thrown.message : String(thrown), thrown)
