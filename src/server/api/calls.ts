import "server-only";
import { paginationQuerySchema } from "@/lib/validation/api";
import { callStatusFilterSchema, type CallDetail, type CallForm, type OpportunityDetail } from "@/lib/validation/public-data";

// The calls endpoints' own parts; public-data.ts cannot hold the query, since api.ts imports it for its filters.

export const callListQuerySchema = paginationQuerySchema.extend({ status: callStatusFilterSchema.optional() });

export const callApplicationsPath = (slug: string) => `/api/v1/calls/${slug}/applications`;

export const toCallDetail = (call: OpportunityDetail, form: CallForm | null): CallDetail => ({
  ...call,
  form: call.acceptsApplications ? form : null,
  applicationsPath: call.acceptsApplications ? callApplicationsPath(call.slug) : null,
});
