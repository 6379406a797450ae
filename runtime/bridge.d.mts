export const CLIENT_IP_HEADER: "x-portal-client-ip";

export interface SharedPageCache {
  clear(): void;
}
export function sharePageCache(pageCache: SharedPageCache): void;
export function clearPageCache(): void;

export function instanceIdentity(): { id: string; secret: string };
export function shareLocalServer(address: { address: string; port: number }): void;
export function localServer(): Promise<string>;

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
export function sharePool(pool: import("pg").Pool | undefined): void;
export function sharedPool(): import("pg").Pool | undefined;
export function markCustomServer(): void;
export function isCustomServer(): boolean;
/** Registers how to stop background work before the database closes; returns its unregistration. */
export function beforeDatabaseClose(stop: () => Promise<void>): () => void;
export function closeSharedDatabase(): Promise<void>;

/** What the server knows of the request being answered; its id is on every log line written while answering it. */
export interface RequestContext {
  id: string;
}
export function requestContext(): import("node:async_hooks").AsyncLocalStorage<RequestContext>;
export function shareLogger<Logger>(create: () => Logger): Logger;
/** One reading the app adds to /metrics at scrape time: a gauge's value, with its labels. */
export interface MetricSample {
  name: string;
  help: string;
  value: number;
  labels?: Record<string, string>;
}
export function shareMetricsCollector(name: string, collect: () => Promise<MetricSample[]>): void;
export function sharedMetricsCollectors(): Map<string, () => Promise<MetricSample[]>>;
