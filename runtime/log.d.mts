import type { Logger } from "pino";

export const REQUEST_ID_HEADER: "x-request-id";
export function acceptRequestId(header: string | string[] | undefined): string;
export function logPath(url: string | undefined): string;
export function currentRequestId(): string | undefined;
export function createLogger(options?: { level?: string; production?: boolean; destination?: { write(line: string): void } }): Logger;
export function logger(): Logger;
export function routeConsoleToLog(log?: Logger): void;
