/**
 * The offline simulator of backup histories: a simulated cluster, the backup / delete / merge /
 * repair flows in `faithful` (2017 Java) and `hardened` modes over the library's API, fault
 * injection, invariants checked after every operation, the catalogue of Java's known bad states,
 * random and model-based histories, and shrinking.
 */
export { simulate, open } from './Simulation.js'
export type { SimOptions, SimResult, Session, OpReport, ClientReport } from './Simulation.js'
export * as Scenario from './Scenario.js'
export type { Config, Op, ClientOp } from './Scenario.js'
export * as Fault from './Fault.js'
export { catalogue, scenarioOf, byName } from './catalogue.js'
export type { Named } from './catalogue.js'
export { invariants } from './Invariants.js'
export type { Invariant, Violation } from './Invariants.js'
export { generate } from './generate.js'
export { opArb, clientOpArb, faultArb } from './historyArbitraries.js'
export { checkHistories } from './modelBased.js'
export type { PropertyOptions, PropertyOutcome } from './modelBased.js'
export { shrink } from './shrink.js'
export { emulatedSnapshots } from './emulatedSnapshots.js'
export { readView } from './TableView.js'
export type { TableView } from './TableView.js'
export type { Mode } from './flows/types.js'
