import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import type { RequestContext } from "./bridge.mjs";

export function metricsAccess(authorization: string | undefined, token: string | undefined): "off" | "refused" | "allowed";
export function routeGroup(pathname: string): "asset" | "health" | "metrics" | "api" | "api_other" | "admin" | "applicant" | "page";
export const registry: Registry;
export function collectShared(timeoutMs?: number): Promise<Registry>;
export function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void>;
/** What the server notes on a request's context while answering it. */
export interface ObservedRequest extends RequestContext {
  pageCache?: "hit" | "miss";
  refusal?: string;
}
export function observeRequest(req: IncomingMessage, res: ServerResponse, request: ObservedRequest, clientIp: string | string[] | undefined): void;
