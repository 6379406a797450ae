import path from "node:path";
import { defineConfig } from "prisma/config";
import { createAdapter } from "./prisma/adapter";

// The adapter decides where the data lives; the CLI only needs some URL to stay on its JS engine.
process.env.DATABASE_URL ||= "postgresql://embedded@localhost/pglite";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  async adapter() {
    return createAdapter().adapter;
  },
});
