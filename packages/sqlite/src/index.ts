export {
  type Migration,
  migrate,
  openDatabase,
  type SqliteDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';
export { type SqliteInboxStoreOptions, sqliteInboxStore } from './sqlite-inbox-store.js';
export { type SqliteQueueOptions, sqliteQueue } from './sqlite-queue.js';
export { type SqliteTokenStoreOptions, sqliteTokenStore } from './sqlite-token-store.js';
