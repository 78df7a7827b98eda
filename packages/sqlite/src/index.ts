export {
  type Migration,
  migrate,
  openDatabase,
  type SqliteDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';
export { backoffDelayFor, type SqliteQueueOptions, sqliteQueue } from './sqlite-queue.js';
