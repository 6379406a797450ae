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
