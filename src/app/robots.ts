import type { MetadataRoute } from "next";
import { env } from "@/env";

// Read at each request: built ahead, it would name the build machine's SITE_URL rather than the server's.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/*/opportunities/chang-e-8-cooperation-projects/filter/"] },
    sitemap: `${env.SITE_URL}/sitemap.xml`,
  };
}
