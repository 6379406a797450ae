import "server-only";
import { getMission } from "./missions";
import { getOpportunity } from "./opportunities";

/** What the Chang'e-8 projects page shows: the selection and its mission. */
export async function getProjectSelection() {
  const [opportunity, mission] = await Promise.all([getOpportunity("chang-e-8-cooperation-projects"), getMission("chang-e-8")]);
  return opportunity && mission ? { opportunity, mission } : null;
}
