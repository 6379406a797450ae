import { institutionListQuerySchema } from "@/lib/validation/api";
import { handlePublicRead, parseQuery, respondWithPage } from "@/server/api/respond";
import { listInstitutions } from "@/server/queries/institutions";

export const GET = handlePublicRead(async (request) => {
  const { country, type, ...page } = parseQuery(request, institutionListQuerySchema);
  const institutions = (await listInstitutions()).filter(
    (institution) => (!country || institution.countryCode === country) && (!type || institution.type === type),
  );
  return respondWithPage(institutions, page);
});
