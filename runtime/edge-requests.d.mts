import type { IncomingHttpHeaders } from "node:http";

export interface EdgeAnswer {
  status: number;
  code: string;
  message: string;
  reason: string;
  headers?: Record<string, string>;
}
export interface EdgeRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}
export interface PageText {
  heading: string;
  paragraphs: string[];
  link: { href: string; text: string };
}
export const ALLOWED_METHODS: string[];
export const MAX_URL_LENGTH: number;
export function splitTarget(url: string): { path: string; query: string | null } | null;
export function refuseTarget(url: string): EdgeAnswer | null;
export function refuseCrossOriginAction(request: { method: string; pathname: string; headers: IncomingHttpHeaders }, siteOrigin?: string): EdgeAnswer | null;
export const FORM_BODY_LIMIT_BYTES: number;
export function refuseLargeForm(request: { method: string; pathname: string; headers: IncomingHttpHeaders }): EdgeAnswer | null;
export function answerAtEdge(request: EdgeRequest, siteOrigin?: string): EdgeAnswer | null;
export function answersWithJson(pathname: string): boolean;
export function bilingualPage(page: { title: string; en: PageText; zh: PageText }): string;
export function edgeResponse(edge: EdgeAnswer, pathname: string): { status: number; headers: Record<string, string>; body: string };
export function isSearchPage(pathname: string): boolean;
export function searchBusy(retryAfterSeconds: number): EdgeAnswer;
export interface Gate {
  readonly active: number;
  readonly waiting: number;
  enter(): Promise<(() => void) | null>;
}
export function createGate(options: { limit: number; queueLimit: number; maxWaitMs: number }): Gate;
