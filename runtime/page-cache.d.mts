import type { IncomingMessage, ServerResponse } from "node:http";

export interface PreparedBody {
  body: Buffer;
  placeholder: string;
  stretches: Buffer[];
  compressed: Buffer[];
}
export interface PageRecorder {
  chunk(buffer: Buffer): void;
  finish(res: ServerResponse, upstream: { cacheControl: string; nextCache: string; placeholder: string }): void;
}
export function prepareBody(body: Buffer, placeholder: string): PreparedBody;
export function identityBody(prepared: PreparedBody, nonce: string): Buffer;
export function gzipBody(prepared: PreparedBody, nonce: string): Buffer;
export function servePageFromCache(req: IncomingMessage, res: ServerResponse, nonce: string): "served" | PageRecorder | null;
export interface PageCacheEntry {
  status: number;
  headers: Record<string, unknown>;
  prepared: PreparedBody;
  size: number;
  expires: number;
}
export interface PageCache {
  get(key: string): PageCacheEntry | undefined;
  /** Keeps the entry unless the cache was cleared since `recordedIn`, its generation when recording began. */
  set(key: string, entry: PageCacheEntry, recordedIn?: number): void;
  clear(): void;
  generation(): number;
  stats(): { entries: number; bytes: number };
}
export const PAGE_QUERY_PARAMS: { path: RegExp; params: string[] }[];
export const API_QUERY_PARAMS: { path: RegExp; params: string[] }[];
export function isApiKey(key: string): boolean;
export function apiLifetimeMs(cacheControl: string): number;
export function cacheKey(req: Pick<IncomingMessage, "method" | "url" | "headers">): string | null;
export function createPageCache(options?: { maxEntries?: number; maxBytes?: number; now?: () => number }): PageCache;
export function pageCacheStats(): { entries: number; bytes: number; hits: number; misses: number };
