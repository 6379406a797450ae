import type { MetadataRoute } from "next";
import { opportunityPath } from "@/lib/site";
import { env } from "@/env";
import { LOCALE_INFO } from "@/i18n/locales";
import { routing } from "@/i18n/routing";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { listCountryCodes, listInstitutions } from "@/server/queries/institutions";
import { listProjects } from "@/server/queries/projects";
import { listMissions } from "@/server/queries/missions";
import { listOpportunities } from "@/server/queries/opportunities";

// Built on request from the cached queries, so the build needs no database.
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [opportunities, missions, institutions, projects, countries] = await Promise.all([
    listOpportunities(),
    listMissions(),
    listInstitutions(),
    listProjects(),
    listCountryCodes(),
  ]);
  const paths: { path: string; lastModified?: string }[] = [
    { path: "" },
    { path: "/calls" },
    { path: "/missions" },
    { path: "/map" },
    { path: "/timeline" },
    { path: "/transparency" },
    { path: "/open-data" },
    { path: "/privacy" },
    // A practice call is for trying the form, not for search engines.
    ...opportunities.filter((o) => !o.demonstration).map((o) => ({ path: opportunityPath(o.slug), lastModified: o.updatedAt })),
    ...missions.map((m) => ({ path: `/missions/${m.slug}`, lastModified: m.updatedAt })),
    ...institutions.map((i) => ({ path: `/institutions/${i.slug}` })),
    ...projects.map((p) => ({ path: `${OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"]}/${p.slug}`, lastModified: p.updatedAt })),
    ...countries.map((c) => ({ path: `/countries/${c.toLowerCase()}` })),
  ];
  return paths.flatMap(({ path, lastModified }) =>
    routing.locales.map((locale) => ({
      url: `${env.SITE_URL}/${locale}${path}`,
      lastModified,
      alternates: { languages: Object.fromEntries(routing.locales.map((l) => [LOCALE_INFO[l].tag, `${env.SITE_URL}/${l}${path}`])) },
    })),
  );
}
