import { respondWithReadiness } from "@/server/health";

// The original health check, kept for the monitors that call it: it means ready (/api/health/ready).
export async function GET(): Promise<Response> {
  return respondWithReadiness();
}
