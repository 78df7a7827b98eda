export { sqliteCircuitStore } from './sqlite-circuit-store.js';
export {
  type Migration,
  migrate,
  openDatabase,
  type SqliteDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';
export {
  type SqliteInboxStore,
  type SqliteInboxStoreOptions,
  sqliteInboxStore,
} from './sqlite-inbox-store.js';
export { type SqliteQueue, type SqliteQueueOptions, sqliteQueue } from './sqlite-queue.js';
export { type SqliteTokenStoreOptions, sqliteTokenStore } from './sqlite-token-store.js';
