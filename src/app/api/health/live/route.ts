import { respondWithLiveness } from "@/server/health";

// The process answers; restart it only when this fails. The database is not asked.
export async function GET(): Promise<Response> {
  return respondWithLiveness();
}
