import type { MetadataRoute } from "next";
import { env } from "@/env";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/*/opportunities/change-8-cooperation-projects/filter/"] },
    sitemap: `${env.SITE_URL}/sitemap.xml`,
  };
}
