import { z } from "zod";
import { projectKindSchema, type ProjectSummary } from "./validation/public-data";

// One filter shape for the projects page, its no-JavaScript form and the API.
export const projectFilterSchema = z.object({
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((c) => c.toUpperCase())
    .optional(),
  kind: projectKindSchema.optional(),
});

export type ProjectFilter = z.infer<typeof projectFilterSchema>;

export function filterProjects(projects: ProjectSummary[], filter: ProjectFilter): ProjectSummary[] {
  return projects.filter(
    (p) => (!filter.country || p.countryCodes.includes(filter.country)) && (!filter.kind || p.kind === filter.kind),
  );
}

/** Country codes that at least one project has, for the filter's choices. */
export function projectCountries(projects: ProjectSummary[]): string[] {
  return [...new Set(projects.flatMap((p) => p.countryCodes))].sort();
}
