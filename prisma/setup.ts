import { PrismaClient } from "../src/generated/prisma/client";
import { env } from "../src/env";
import { createAdapter, pgliteDataDir } from "./adapter";
import { applyMigrations, openRunner } from "./migrate";
import { seedDatabase } from "./seed";

// `npm run db:setup`: migrate, then seed the published facts (skip the seed with --no-seed).
const started = Date.now();
const runner = await openRunner(env.DATABASE_URL, pgliteDataDir());
try {
  const applied = await applyMigrations(runner);
  console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");
} finally {
  await runner.close();
}
if (!process.argv.includes("--no-seed")) {
  const { adapter, close } = createAdapter();
  const prisma = new PrismaClient({ adapter });
  try {
    await seedDatabase(prisma);
    console.log("Seeded the published facts.");
  } finally {
    await prisma.$disconnect();
    await close();
  }
}
console.log(`Database ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
