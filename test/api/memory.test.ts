import { memoryStore } from '../../src/adapters/memory/index.js'
import { apiSuite } from './apiSuite.js'

apiSuite('the memory store', { makeStore: () => Promise.resolve(memoryStore()), snapshots: true })
