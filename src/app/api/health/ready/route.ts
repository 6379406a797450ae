import { respondWithReadiness } from "@/server/health";

// Ready to take traffic: the database answers and every shipped migration is applied.
export async function GET(): Promise<Response> {
  return respondWithReadiness();
}
