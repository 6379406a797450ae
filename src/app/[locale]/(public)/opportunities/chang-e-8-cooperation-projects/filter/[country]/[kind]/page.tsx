import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { ProjectsView } from "@/components/opportunities/projects-view";
import { projectCountries, projectFilterSchema } from "@/lib/project-filters";
import { getProjectSelection } from "@/server/queries/chang-e-8";
import { opportunityMetadata } from "@/app/[locale]/(public)/opportunities/opportunity-metadata";

// Reached through the proxy's rewrite of ?country=..&kind=..; each filter pair is cached on first visit.
type Props = { params: Promise<{ locale: string; country: string; kind: string }> };

export async function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const metadata = await opportunityMetadata("chang-e-8-cooperation-projects", (await params).locale);
  return { ...metadata, robots: { index: false, follow: true } };
}

export default async function FilteredProjectsPage({ params }: Props) {
  const { locale, country, kind } = await params;
  setRequestLocale(locale);
  const selection = await getProjectSelection();
  if (!selection) notFound();
  const parsed = projectFilterSchema.safeParse({
    country: country === "all" ? undefined : decodeURIComponent(country),
    kind: kind === "all" ? undefined : decodeURIComponent(kind),
  });
  const known = projectCountries(selection.opportunity.projects);
  const valid = parsed.success && (!parsed.data.country || known.includes(parsed.data.country));
  return <ProjectsView {...selection} filter={valid ? parsed.data : {}} invalidFilter={!valid} locale={locale} />;
}
