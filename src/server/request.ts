import "server-only";
import { headers } from "next/headers";

/** The client's address as the production server recorded it (server.mjs overwrites any value a client sends). */
export async function clientIp(): Promise<string> {
  const value = (await headers()).get("x-portal-client-ip");
  return value?.trim() || "unknown";
}

