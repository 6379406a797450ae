import type { MetadataRoute } from "next";
import { env } from "@/env";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/*/opportunities/chang-e-8-cooperation-projects/filter/"] },
    sitemap: `${env.SITE_URL}/sitemap.xml`,
  };
}
