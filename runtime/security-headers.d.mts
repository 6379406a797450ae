import type { ServerResponse } from "node:http";

export function newNonce(): string;
export function writeNoncePlaceholder(distDir?: string): string;
export function loadNoncePlaceholder(distDir?: string): string;
export function renderingPolicy(placeholder: string): string;
export function contentSecurityPolicy(nonce: string, options?: { https?: boolean }): string;
export function securityHeaders(options: { pathname: string; nonce: string; production: boolean; https?: boolean }): Record<string, string>;
export function isPrivatePage(pathname: string): boolean;
export function pageCacheControl(pathname: string, contentType: string): string | null;
export function replaceEqualLength(buffer: Buffer, from: Buffer, to: Buffer): Buffer;
export function substituteNonce(res: ServerResponse, placeholder: string, nonce: string, observe?: (chunk: Buffer) => void): void;
