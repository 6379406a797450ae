import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { ProjectsView } from "@/components/opportunities/projects-view";
import { getProjectSelection } from "@/server/queries/chang-e-8";
import { opportunityMetadata } from "@/app/[locale]/(public)/opportunities/opportunity-metadata";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return opportunityMetadata("chang-e-8-cooperation-projects", (await params).locale);
}

export default async function CooperationProjectsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const selection = await getProjectSelection();
  if (!selection) notFound();
  return <ProjectsView {...selection} filter={{}} invalidFilter={false} locale={locale} />;
}
