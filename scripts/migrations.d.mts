/** Types for scripts/migrations.mjs (imported by tests/migrations/records.test.ts). */
export declare const LOCK: string;
export declare const SNAPSHOT: string;
export declare const migrationFiles: () => string[];
export declare const sha256: (file: string) => string;
export declare const readLock: () => Record<string, string>;
export declare function normalisedSchema(sqls?: string[]): string;
