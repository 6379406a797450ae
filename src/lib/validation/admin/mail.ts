import { z } from "zod";

// Sending again, from the staff dashboard's list of unsent mail, a message the job runner gave up on.

export const resendMailSchema = z.object({
  id: z.string({ error: "invalidRequest" }).trim().min(1, "invalidRequest").max(64, "invalidRequest"),
});
export type ResendMailInput = z.infer<typeof resendMailSchema>;

/**
 * Why a message is not sent again: no such message ("missing"); it went out already ("sent"); it is a decision notice,
 * released from the outbox page ("held"); its private links were removed, so it would arrive without them ("purged");
 * or the runner has not given up on it and is still trying ("notGivenUp").
 */
export const RESEND_REFUSALS = ["missing", "sent", "held", "purged", "notGivenUp"] as const;
export type ResendRefusal = (typeof RESEND_REFUSALS)[number];

/**
 * What became of a message sent again: the mail server accepted it ("sent"); it waits because no mail server is
 * configured ("not_configured"); it is still on its way ("pending"); the mail server refused it again and it will be
 * tried at `nextAttemptAt` ("retrying"); or it was refused until the runner gave up once more ("gave_up").
 */
export interface ResendResult {
  subject: string;
  to: string;
  status: "sent" | "not_configured" | "pending" | "retrying" | "gave_up";
  attempts: number;
  error: string | null;
  nextAttemptAt: string | null;
}

export type ResendOutcome = { ok: true; result: ResendResult } | { ok: false; refused: ResendRefusal };

/** What the dashboard's "Send again" buttons show after a post: nothing yet ({ ok: false }), or the outcome. */
export interface ResendState {
  ok: boolean;
  result?: ResendResult;
  refused?: ResendRefusal;
}
