/** A small linearizability checker: histories, sequential models (the lock), the search. */
export { checkLinearizable } from './check.js'
export type { Verdict } from './check.js'
export { logicalClock, recorder, returned, unknown } from './history.js'
export type { Call, Outcome, Recorder } from './history.js'
export { lockModel } from './model.js'
export type { LockInput, LockOutput, LockState, Model } from './model.js'
