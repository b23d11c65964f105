/**
 * The slice of better-sqlite3 12's API the SQLite driver uses. @types/better-sqlite3 is not
 * installed, and a narrow declaration keeps the driver honest about what it relies on.
 */
declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement<Row = unknown> {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): Row | undefined;
      all(...params: unknown[]): Row[];
      iterate(...params: unknown[]): IterableIterator<Row>;
      pluck(toggle?: boolean): Statement<Row>;
      raw(toggle?: boolean): Statement<Row>;
    }
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }
    interface Database {
      readonly open: boolean;
      readonly inTransaction: boolean;
      readonly name: string;
      prepare<Row = unknown>(source: string): Statement<Row>;
      exec(source: string): Database;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      close(): Database;
    }
  }
  interface DatabaseConstructor {
    new (filename: string, options?: Database.Options): Database.Database;
  }
  const Database: DatabaseConstructor;
  export default Database;
}
