import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import en from "@/i18n/messages/en.json";
import zh from "@/i18n/messages/zh.json";
import { initialFormState, type FormState } from "@/lib/form-state";
import { uploadAttachmentAction } from "@/server/actions/applications";
import { checkAttachment } from "@/server/applications/attachment-checks";
import { saveApplicationStep, startApplication } from "@/server/applications/service";
import { newAccessToken } from "@/server/applications/tokens";
import { GET as getReceipt } from "@/app/api/applications/[token]/receipt/route";
import { POST as postUpload } from "@/app/api/v1/uploads/route";
import { leadAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createApplication } from "../factories/review";
import { testPrisma } from "../support/database";
import { whileTicking } from "../support/event-loop";
import { readPdf } from "../support/pdf-text";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";

// Checking an upload and drawing a receipt happen in worker threads under a time limit: a file that takes too
// long is refused with its own message, a receipt answers 503, a full queue refuses at once, and meanwhile the
// server's event loop keeps turning for everyone else.

const request = vi.hoisted(() => ({ ip: "10.0.0.1" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": request.ip }) }));

const DEFAULT_FILE_CHECK_TIMEOUT_MS = env.FILE_CHECK_TIMEOUT_MS;
const DEFAULT_FILE_CHECK_QUEUE_LIMIT = env.FILE_CHECK_QUEUE_LIMIT;
const DEFAULT_RECEIPT_TIMEOUT_MS = env.RECEIPT_TIMEOUT_MS;
afterEach(() => {
  env.FILE_CHECK_TIMEOUT_MS = DEFAULT_FILE_CHECK_TIMEOUT_MS;
  env.FILE_CHECK_QUEUE_LIMIT = DEFAULT_FILE_CHECK_QUEUE_LIMIT;
  env.RECEIPT_TIMEOUT_MS = DEFAULT_RECEIPT_TIMEOUT_MS;
});

/**
 * A PDF made to be slow to read: arrays nested 254 deep, over and over, to fill `bytes`. It is read to its end
 * (a few hundred milliseconds for 10 MB), where a JavaScript name gets it refused.
 */
function slowPdf(bytes: number): Uint8Array<ArrayBuffer> {
  const unit = `${"[".repeat(254)}${"]".repeat(254)}`;
  const text = `%PDF-1.7\n1 0 obj [${unit.repeat(Math.floor((bytes - 64) / unit.length))} /JavaScript] endobj\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, "latin1"));
}
const TEN_MB = 10 * 1024 * 1024 - 1024;

const storedCounts = async () => ({ attachments: await testPrisma().attachment.count(), files: await testPrisma().storedFile.count() });

function postFile(file: File) {
  request.ip = uniqueIp();
  const form = new FormData();
  form.append("kind", "TECHNICAL_DESCRIPTION");
  form.append("file", file);
  return postUpload(new NextRequest("http://localhost/api/v1/uploads", { method: "POST", body: form }), { params: Promise.resolve({}) });
}

async function submitForm(file: File): Promise<FormState | { redirect: string }> {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft: ${started.code}`);
  if (!(await saveApplicationStep(started.token, "lead", leadAnswers())).ok) throw new Error("could not save the lead step");
  const form = new FormData();
  for (const [name, value] of Object.entries({ locale: "en", token: started.token, kind: "TECHNICAL_DESCRIPTION" })) form.append(name, value);
  form.append("file", file);
  return uploadAttachmentAction(initialFormState, form);
}


describe("an upload whose check runs past its time limit", () => {
  it("the API refuses it with 400 and the time-limit message, storing nothing", async () => {
    env.FILE_CHECK_TIMEOUT_MS = 1;
    const before = await storedCounts();
    const response = await postFile(new File([slowPdf(TEN_MB)], "slow.pdf", { type: "application/pdf" }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([{ path: ["file"], message: en.Errors.fileCheckTimeout }]);
    expect(await storedCounts()).toEqual(before);
  });

  it("the form refuses it at the file field with the time-limit message", async () => {
    env.FILE_CHECK_TIMEOUT_MS = 1;
    expect(await submitForm(new File([slowPdf(TEN_MB)], "slow.pdf", { type: "application/pdf" }))).toMatchObject({
      ok: false,
      fieldErrors: { file: "fileCheckTimeout" },
    });
  });

  it("and the next upload is checked by a fresh worker as usual", async () => {
    env.FILE_CHECK_TIMEOUT_MS = 1;
    expect(await checkAttachment({ bytes: slowPdf(TEN_MB), name: "slow.pdf", type: "application/pdf" })).toBe("fileCheckTimeout");
    env.FILE_CHECK_TIMEOUT_MS = DEFAULT_FILE_CHECK_TIMEOUT_MS;
    expect(await checkAttachment({ bytes: slowPdf(TEN_MB), name: "slow.pdf", type: "application/pdf" })).toBe("fileActiveContent");
  });
});

describe("while a large file is checked", () => {
  it("the event loop keeps turning: a 5 ms timer is never held up for the length of a check", async () => {
    const bytes = slowPdf(TEN_MB);
    const { result, longestGapMs, elapsedMs } = await whileTicking(async () => {
      const answers = [];
      // Three in a row, so the check takes long enough that running it here would show.
      for (let i = 0; i < 3; i++) answers.push(await checkAttachment({ bytes, name: "slow.pdf", type: "application/pdf" }));
      return answers;
    });
    console.info(`three 10 MB checks took ${elapsedMs.toFixed(0)} ms; the timer waited at most ${longestGapMs.toFixed(0)} ms`);
    expect(result).toEqual(["fileActiveContent", "fileActiveContent", "fileActiveContent"]);
    // Checked on this thread, the timer would wait about a third of the total (one whole check); a busy machine
    // may delay it a little for other reasons.
    expect(longestGapMs).toBeLessThan(Math.max(100, elapsedMs / 6));
  });

  it("uploads past the queue's length are refused at once with the busy message, the others checked", async () => {
    const bytes = slowPdf(2 * 1024 * 1024);
    // One check runs and eight wait; the tenth finds the queue full.
    env.FILE_CHECK_QUEUE_LIMIT = 8;
    const answers = await Promise.all(Array.from({ length: 10 }, () => checkAttachment({ bytes, name: "slow.pdf", type: "application/pdf" })));
    expect(answers.filter((a) => a === "fileActiveContent")).toHaveLength(9);
    expect(answers[9]).toBe("fileCheckBusy");
  });

  it("the API answers an upload past the queue's length 503 with Retry-After, so the client sends it again", async () => {
    env.FILE_CHECK_QUEUE_LIMIT = 8;
    const file = new File([slowPdf(TEN_MB)], "slow.pdf", { type: "application/pdf" });
    const responses = await Promise.all(Array.from({ length: 12 }, () => postFile(file)));
    const busy = responses.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const response of busy) {
      expect(response.headers.get("retry-after")).toBe("60");
      expect((await response.json()).error.code).toBe("service_unavailable");
    }
    const checked = responses.filter((r) => r.status !== 503);
    expect(checked.length).toBeGreaterThanOrEqual(9);
    for (const response of checked) {
      expect(response.status).toBe(400);
      expect((await response.json()).error.issues).toEqual([{ path: ["file"], message: en.Errors.fileActiveContent }]);
    }
  });
});

describe("the receipt", () => {
  async function submittedApplication(locale: "en" | "zh", leadInstitution?: string) {
    const { token, hash } = newAccessToken();
    const application = await createApplication({ locale, leadInstitution });
    await testPrisma().application.update({ where: { id: application.id }, data: { accessTokenHash: hash } });
    return { token, reference: application.reference! };
  }
  const fetchReceipt = (token: string) => getReceipt(new Request(`http://localhost/api/applications/${token}/receipt`), { params: Promise.resolve({ token }) });

  it("is drawn in its worker and downloaded as a PDF that shows the application in its language", async () => {
    const institution = "Uniwersytet Łódzki 罗兹大学";
    const { token, reference } = await submittedApplication("zh", institution);
    const response = await fetchReceipt(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${reference}.pdf"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const { pages } = readPdf(bytes);
    const lines = pages.flatMap((page) => page.lines);
    for (const shown of [reference, institution, zh.Carrier.ORBITER, "申请编号"]) expect(lines, shown).toContain(shown);
    expect(pages.flatMap((page) => page.links)).toEqual([`${env.SITE_URL}/zh/applications/${token}`]);
  });

  it("that cannot be drawn in time answers 503 with a message in the applicant's language, to try again", async () => {
    env.RECEIPT_TIMEOUT_MS = 1;
    for (const [locale, messages] of [["en", en], ["zh", zh]] as const) {
      const { token } = await submittedApplication(locale);
      const response = await fetchReceipt(token);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("60");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toBe(messages.Errors.receiptUnavailable);
    }
  });
});
