import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: fromRoot("./src/") },
      { find: /^server-only$/, replacement: fromRoot("./tests/support/server-only.ts") },
      { find: /^next\/cache$/, replacement: fromRoot("./tests/support/next-cache.ts") },
    ],
  },
  test: {
    // Every core: Vitest's default leaves one free, which on a two-core machine runs the files one at a time.
    maxWorkers: "100%",
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses; Vite resolves it.
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Gives each file its own database, so files may run in parallel: a copy of one migrated, seeded template.
          globalSetup: ["tests/support/template-database.ts"],
          setupFiles: ["tests/support/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
