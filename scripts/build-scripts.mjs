// `npm run build:scripts` (part of `npm run build`): bundles the operator's commands (migrate, seed, staff accounts,
// backups) into dist/, so that a production install without dev dependencies runs them with plain Node. Packages stay
// in node_modules; the portal's own TypeScript, including the generated Prisma client, goes into each bundle.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const entryPoints = {
  "db-setup": "prisma/setup.ts",
  "staff-create": "scripts/staff-create.ts",
  "seed-demo": "scripts/seed-demo.ts",
  "db-backup": "scripts/db-backup.ts",
  "db-restore": "scripts/db-restore.ts",
};

/** @type {import("esbuild").Plugin} */
const serverOnlyIsEmpty = {
  name: "server-only-is-empty",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "" }));
  },
};

/** Next.js has no "exports" map: Node's ESM loader needs its subpaths' file names (next/headers.js). */
/** @type {import("esbuild").Plugin} */
const nextSubpathsWithExtension = {
  name: "next-subpaths-with-extension",
  setup(build) {
    build.onResolve({ filter: /^next\/[\w/-]+$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

const outdir = "dist";
rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints,
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Packages are installed in production; bundling them would copy Prisma's and PGlite's runtimes into each file.
  packages: "external",
  // The app's server modules import "server-only", which throws outside React Server Components: these commands are
  // server code, so it becomes an empty module and the bundles run under plain `node`.
  plugins: [serverOnlyIsEmpty, nextSubpathsWithExtension],
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(`Bundled ${Object.keys(entryPoints).length} scripts into ${outdir}/ in ${Date.now() - started} ms.`);
