import { applicationPathSchema, IDEMPOTENCY_KEY_HEADER, MAX_SUBMISSION_BODY_BYTES, OFFER_SLUG } from "@/lib/validation/application-api";
import { readJsonBody } from "@/server/api/json-body";
import { ApiError, handleApi, notFoundError, respondWithUncached } from "@/server/api/respond";
import { submitCompleteApplication, type ApiSubmissionFailure } from "@/server/applications/api-submission";
import { clientIp } from "@/server/platform/client-address";

function errorFor(failure: ApiSubmissionFailure): ApiError {
  switch (failure.code) {
    case "invalid":
      return new ApiError(400, "invalid_parameters", "The application is not valid; see issues.", failure.issues);
    case "unknown_uploads":
      return new ApiError(404, "not_found", "Some attachments match no unattached upload; see issues.", failure.issues);
    case "rate_limited":
      return new ApiError(429, "rate_limited", "Too many submissions from this address; try again later.", undefined, failure.retryAfterSeconds);
    case "over_capacity":
      return new ApiError(409, "over_capacity", `The ${failure.carrier} can take only ${failure.remainingKg} kg more; reduce the mass or choose another carrier.`);
    case "call_closed":
      return new ApiError(409, "call_closed", "The call is closed and no longer accepts applications.");
    case "idempotency_key_reused":
      return new ApiError(422, "idempotency_key_reused", `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different submission.`);
    case "not_found":
      return notFoundError("This opportunity takes no applications.");
  }
}

export const POST = handleApi<{ slug: string }>(async (request, { params }) => {
  const path = applicationPathSchema.safeParse(await params);
  if (!path.success) throw notFoundError(`Only ${OFFER_SLUG} takes applications.`);
  const result = await submitCompleteApplication({
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
