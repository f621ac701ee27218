/** The lock holder this process records by default: its host name and process id. */
import { hostname } from 'node:os'
import type { Holder } from '../core/rows/ExclusiveLock.js'

export const thisProcess = (): Holder => ({ host: hostname(), pid: process.pid })
