import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite loads its WASM from its own package path, which bundling breaks.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2"],
  poweredByHeader: false,
  // runtime/server.mjs compresses, after putting each response's script nonce into the body (runtime/security-headers.mjs).
  compress: false,
  typedRoutes: false,
  experimental: {
    // forbidden() renders the 403 page for staff whose role does not allow a page or action.
    authInterrupts: true,
    // One attachment (at most 10 MB) per upload, plus the multipart envelope.
    serverActions: { bodySizeLimit: "11mb" },
    proxyClientMaxBodySize: "11mb",
  },
};

export default withNextIntl(nextConfig);
