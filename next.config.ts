import { readFileSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } from "next/constants";
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
    // runtime/edge-requests.mjs (FORM_BODY_LIMIT_BYTES) answers a form posted without JavaScript over it.
    serverActions: { bodySizeLimit: "11mb" },
    proxyClientMaxBodySize: "11mb",
  },
};

/**
 * The deployment id (skew protection): Next reloads the page whenever a navigation's answer names another deployment
 * than the page was built with, so every instance serving one build must name the build's own. NEXT_DEPLOYMENT_ID
 * (a release name, set at build) wins; otherwise the build makes one, and each start reads back what the build recorded.
 */
function deploymentId(phase: string): string | undefined {
  if (process.env.NEXT_DEPLOYMENT_ID) return process.env.NEXT_DEPLOYMENT_ID;
  if (phase === PHASE_PRODUCTION_BUILD) {
    // In the environment, so that every later read of this file during the same build agrees.
    process.env.NEXT_DEPLOYMENT_ID = `build-${Date.now().toString(36)}`;
    return process.env.NEXT_DEPLOYMENT_ID;
  }
  if (phase !== PHASE_PRODUCTION_SERVER) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next", "routes-manifest.json"), "utf8")) as { deploymentId?: string };
    return manifest.deploymentId || undefined;
  } catch {
    return undefined;
  }
}

export default (phase: string): NextConfig => withNextIntl({ ...nextConfig, deploymentId: deploymentId(phase) });
