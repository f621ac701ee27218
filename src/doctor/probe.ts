/**
 * Is a lock holder's process alive? Only answerable on the holder's own host: signal 0 to its pid
 * (no signal is sent; ESRCH means no such process, EPERM means it exists under another user).
 * Another host cannot be probed from here: `undefined`, and the age threshold decides.
 */
import { hostname } from 'node:os'
import type { Holder } from '../core/rows/ExclusiveLock.js'

export const probeLocalProcess = (h: Holder): boolean | undefined => {
  if (h.host !== hostname()) return undefined
  try {
    process.kill(h.pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
