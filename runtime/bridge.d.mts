export const CLIENT_IP_HEADER: "x-portal-client-ip";

export interface SharedPageCache {
  clear(): void;
}
export function sharePageCache(pageCache: SharedPageCache): void;
export function clearPageCache(): void;

/** What the server reads of the app's database: whether it answers, a fresh probe, and closing it. */
export interface SharedDatabase {
  available: boolean;
  /** When `available` was last found out (Date.now()). */
  checkedAt: number;
  /** Asks the database whether it answers; concurrent callers share one probe. */
  probe(): Promise<boolean>;
  /** Disconnects the client and closes the driver, for a clean shutdown. */
  close(): Promise<void>;
}
export function shareDatabase<Database extends SharedDatabase>(create: () => Database): Database;
export function sharedDatabase(): SharedDatabase | undefined;
export function closeSharedDatabase(): Promise<void>;
