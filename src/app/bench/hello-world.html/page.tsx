import { notFound } from "next/navigation";
import { connection } from "next/server";
import { env } from "@/env";

// The smallest page this build can serve, which bench/weight.ts weighs the public pages against. Its path has an
// extension so proxy.ts passes it by like public/bench/baseline.html, and it answers 404 unless the server runs with
// BENCH_BASELINE_PAGE=1 (scripts/bench.sh sets it): users and crawlers never find it, and locale routing is untouched.
export default async function HelloWorldPage() {
  // Read per request, not at build: the build runs without the benchmark's environment.
  await connection();
  if (env.BENCH_BASELINE_PAGE !== "1") notFound();
  return (
    <html lang="en">
      <body>
        <p>Hello, world</p>
      </body>
    </html>
  );
}
