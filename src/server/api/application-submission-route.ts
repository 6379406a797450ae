import "server-only";
import { applicationPathSchema, IDEMPOTENCY_KEY_HEADER, MAX_SUBMISSION_BODY_BYTES } from "@/lib/validation/application-api";
import { submitCompleteApplication, type ApiSubmissionFailure } from "../applications/api-submission";
import { clientIp } from "../platform/client-address";
import { readJsonBody } from "./json-body";
import { ApiError, handleApi, notFoundError, respondWithUncached } from "./respond";

// POST {slug}/applications answers alike under /api/v1/calls and /api/v1/opportunities: both routes export this.

const takesNoApplications = () => notFoundError("No call with this slug takes applications here.");

function errorFor(failure: ApiSubmissionFailure): ApiError {
  switch (failure.code) {
    case "invalid":
      return new ApiError(400, "invalid_parameters", "The application is not valid; see issues.", failure.issues);
    case "unknown_uploads":
      return new ApiError(404, "not_found", "Some attachments match no unattached upload; see issues.", failure.issues);
    case "rate_limited":
      return new ApiError(429, "rate_limited", "Too many submissions from this address; try again later.", undefined, failure.retryAfterSeconds);
    case "over_capacity":
      return new ApiError(409, "over_capacity", `${failure.pool.label.en} can take only ${failure.remaining} ${failure.pool.unit.symbol} more; ask for less or choose another.`);
    case "call_closed":
      return new ApiError(409, "call_closed", "No stage of this call takes applications now: it has closed or has yet to open.");
    case "idempotency_key_reused":
      return new ApiError(422, "idempotency_key_reused", `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different submission.`);
    case "not_found":
      return takesNoApplications();
  }
}

export const postApplication = handleApi<{ slug: string }>(async (request, { params }) => {
  const path = applicationPathSchema.safeParse(await params);
  if (!path.success) throw takesNoApplications();
  const result = await submitCompleteApplication({
    slug: path.data.slug,
    body: await readJsonBody(request, MAX_SUBMISSION_BODY_BYTES),
    idempotencyKey: request.headers.get(IDEMPOTENCY_KEY_HEADER),
    clientIp: await clientIp(),
  });
  if (!result.ok) throw errorFor(result);
  const { reference, status, statusUrl } = result;
  return respondWithUncached(
    { reference, status, statusUrl },
    result.firstTime ? { status: 201 } : { status: 200, headers: { "Idempotent-Replayed": "true" } },
  );
});
