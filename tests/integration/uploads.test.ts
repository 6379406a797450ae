import { PDFDocument } from "pdf-lib";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import en from "@/i18n/messages/en.json";
import { initialFormState, type FormState } from "@/lib/form-state";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";
import { createOpenApiDocument } from "@/server/api/openapi";
import { uploadAttachmentAction } from "@/server/actions/applications";
import { createApiUpload } from "@/server/applications/api-submission";
import { addAttachment, getApplicantView, saveApplicationStep, startApplication } from "@/server/applications/service";
import { hashToken } from "@/server/applications/tokens";
import { POST as postUpload } from "@/app/api/v1/uploads/route";
import { leadAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";

// Uploads as applicants and partners make them: each bad file refused with its own message by the form and the
// API alike, nothing stored for a refused file, keys made by the server, and a full store refused cleanly.

const request = vi.hoisted(() => ({ ip: "10.0.0.1" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": request.ip }) }));

const ascii = (text: string) => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

let PDF: Uint8Array<ArrayBuffer>;
let PDF_WITH_SCRIPT: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  const make = async (script?: string) => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]).drawText("Technical description", { x: 20, y: 100, size: 12 });
    if (script) doc.addJavaScript("open", script);
    return new Uint8Array(await doc.save());
  };
  PDF = await make();
  PDF_WITH_SCRIPT = await make("app.launchURL('https://evil.example')");
});

const errorsText = en.Errors as Record<string, string>;

/** Every way a file is refused: what is sent, and the Errors key the applicant sees. */
const REFUSALS: { name: string; file: () => File; key: string }[] = [
  { name: "a zero-byte file", file: () => new File([], "empty.pdf", { type: "application/pdf" }), key: "fileEmpty" },
  { name: "a file over 10 MB", file: () => new File([join(PDF, new Uint8Array(MAX_ATTACHMENT_BYTES))], "big.pdf", { type: "application/pdf" }), key: "fileTooLarge" },
  { name: "a declared type that is not PDF", file: () => new File([PDF], "page.pdf", { type: "text/html" }), key: "fileTypeNotPdf" },
  { name: "bytes that are not a PDF", file: () => new File([ascii("PK\u0003\u0004 zip")], "zip.pdf", { type: "application/pdf" }), key: "fileNotPdf" },
  { name: "an HTML/PDF polyglot", file: () => new File([join(ascii("<html><script>alert(1)</script>"), PDF)], "poly.pdf", { type: "application/pdf" }), key: "fileMixedFormat" },
  { name: "a PDF with a ZIP appended", file: () => new File([join(PDF, ascii("PK\u0003\u0004x"), ascii("PK\u0005\u0006"), new Uint8Array(18))], "zip.pdf"), key: "fileMixedFormat" },
  { name: "a PDF with JavaScript", file: () => new File([PDF_WITH_SCRIPT], "script.pdf", { type: "application/pdf" }), key: "fileActiveContent" },
  { name: 'the name "../../etc/passwd"', file: () => new File([PDF], "../../etc/passwd"), key: "fileNamePath" },
  { name: 'the name "a\\b.pdf"', file: () => new File([PDF], "a\\b.pdf"), key: "fileNamePath" },
  { name: 'the name "C:\\x.pdf"', file: () => new File([PDF], "C:\\x.pdf"), key: "fileNamePath" },
  { name: "a NUL in the name", file: () => new File([PDF], "a\u0000.pdf"), key: "fileNameControl" },
  { name: "a line break in the name", file: () => new File([PDF], "a\r\nb.pdf"), key: "fileNameControl" },
  { name: "a right-to-left override in the name", file: () => new File([PDF], "invoice\u202Efdp.exe"), key: "fileNameControl" },
];

const storedCounts = async () => ({ attachments: await testPrisma().attachment.count(), files: await testPrisma().storedFile.count() });
const storedBytes = async () => {
  const [row] = await testPrisma().$queryRaw<{ used: string }[]>`SELECT COALESCE(SUM(octet_length("content")), 0)::text AS "used" FROM "StoredFile"`;
  return Number(row!.used);
};

function postForm(fields: Record<string, string | File>) {
  request.ip = uniqueIp();
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return postUpload(new NextRequest("http://localhost/api/v1/uploads", { method: "POST", body: form }), { params: Promise.resolve({}) });
}

async function startDraft() {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft: ${started.code}`);
  const saved = await saveApplicationStep(started.token, "lead", leadAnswers());
  if (!saved.ok) throw new Error("could not save the lead step");
  return started.token;
}

/** Posts the attachment form as the browser does; answers the state it shows, or where it went on success. */
async function submitForm(token: string, file: File, kind = "TECHNICAL_DESCRIPTION"): Promise<FormState | { redirect: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ locale: "en", token, kind })) form.append(name, value);
  form.append("file", file);
  try {
    return await uploadAttachmentAction(initialFormState, form);
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2]! };
    throw error;
  }
}

afterEach(() => {
  env.UPLOAD_STORE_LIMIT_BYTES = undefined;
});

describe("a refused upload", () => {
  it.each(REFUSALS)("the API refuses $name with 400, the file field and its own message, storing nothing", async ({ file, key }) => {
    const before = await storedCounts();
    const response = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: file() });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "invalid_parameters", message: expect.any(String), issues: [{ path: ["file"], message: errorsText[key] }] },
    });
    expect(await storedCounts()).toEqual(before);
  });

  it.each(REFUSALS)("the form refuses $name at the file field with its own message, storing nothing", async ({ file, key }) => {
    const token = await startDraft();
    const before = await storedCounts();
    expect(await submitForm(token, file())).toMatchObject({ ok: false, fieldErrors: { file: key } });
    expect(await storedCounts()).toEqual(before);
  });

  it("every refusal has its own message, in every language", async () => {
    const keys = [...new Set(REFUSALS.map((r) => r.key))];
    expect(new Set(keys.map((k) => errorsText[k])).size).toBe(keys.length);
    for (const locale of ["zh", "ar", "fr", "ru", "es"]) {
      const errors = (await import(`@/i18n/messages/${locale}.json`)).default.Errors as Record<string, string>;
      for (const key of [...keys, "uploadStoreFull"]) expect(errors[key], `${locale} ${key}`).toMatch(/\S/);
    }
  });
});

describe("a files form posted with no file chosen", () => {
  // A browser posts an empty part for an empty file input: named "" in a plain form post, "undefined" once the server
  // action's multipart parser has read it.
  const emptyParts = [new File([], ""), new File([], "undefined")];

  it.each(emptyParts.map((file) => ({ file, name: JSON.stringify(file.name) })))(
    "with the part named $name: Upload asks for a file, Save and continue moves on, and nothing is stored",
    async ({ file }) => {
      const token = await startDraft();
      const before = await storedCounts();
      expect(await submitForm(token, file)).toMatchObject({ ok: false, fieldErrors: { file: "fileMissing" } });
      const form = new FormData();
      for (const [name, value] of Object.entries({ locale: "en", token, kind: "TECHNICAL_DESCRIPTION", intent: "continue", step: "attachments" })) form.append(name, value);
      form.append("file", file);
      const went = await uploadAttachmentAction(initialFormState, form).catch((error: { digest?: string }) => error.digest ?? "");
      expect(went).toMatch(new RegExp(`^NEXT_REDIRECT;[a-z]+;/en/applications/${token}/`));
      expect(went).not.toMatch(/\/attachments;/);
      expect(await storedCounts()).toEqual(before);
    },
  );
});

describe("an accepted upload", () => {
  it("is stored under a key and id the server made, whatever the client sends", async () => {
    const response = await postForm({
      kind: "LETTER_OF_SUPPORT",
      file: new File([PDF], "Support <ESA>.pdf", { type: "application/pdf" }),
      storageKey: "../../evil",
      uploadId: "chosen-by-client",
      fileName: "evil.html",
    });
    expect(response.status).toBe(201);
    const { data } = await response.json();
    expect(data.fileName).toBe("Support ESA.pdf");
    expect(data.uploadId).not.toBe("chosen-by-client");
    const row = await testPrisma().attachment.findUniqueOrThrow({ where: { id: data.uploadId } });
    expect(row.storageKey).toMatch(/^[0-9a-f]{32}$/);
    expect(await testPrisma().storedFile.count({ where: { key: row.storageKey } })).toBe(1);
    expect(await testPrisma().storedFile.count({ where: { key: { contains: "evil" } } })).toBe(0);
  });

  it("through the form, is stored under a server-made key and named for display only", async () => {
    const token = await startDraft();
    expect(await submitForm(token, new File([PDF], "Technical <description>.pdf", { type: "application/pdf" }))).toEqual({
      redirect: `/en/applications/${token}/attachments`,
    });
    const view = await getApplicantView(token);
    const row = await testPrisma().attachment.findUniqueOrThrow({ where: { id: view!.attachments[0]!.id } });
    expect(row).toMatchObject({ fileName: "Technical description.pdf", storageKey: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });
});

describe("a full upload store", () => {
  it("the API answers 507 upload_store_full, documented, and stores nothing", async () => {
    env.UPLOAD_STORE_LIMIT_BYTES = (await storedBytes()) + PDF.length - 1;
    const before = await storedCounts();
    const response = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([PDF], "tech.pdf", { type: "application/pdf" }) });
    expect(response.status).toBe(507);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: { code: "upload_store_full", message: expect.stringMatching(/full/) } });
    expect(await storedCounts()).toEqual(before);

    const document = createOpenApiDocument();
    expect(document.paths?.["/api/v1/uploads"]?.post?.responses?.["507"]).toEqual({ $ref: "#/components/responses/UploadStoreFull" });
    expect(JSON.stringify(document.components?.responses?.UploadStoreFull)).toContain("upload_store_full");
  });

  it("a file that just fits is stored; the next is refused", async () => {
    env.UPLOAD_STORE_LIMIT_BYTES = (await storedBytes()) + PDF.length;
    expect((await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([PDF], "a.pdf") })).status).toBe(201);
    expect((await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([PDF], "b.pdf") })).status).toBe(507);
  });

  it("of uploads arriving together, only as many as fit are stored", async () => {
    env.UPLOAD_STORE_LIMIT_BYTES = (await storedBytes()) + 2 * PDF.length;
    const before = await storedCounts();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createApiUpload({ kind: "LETTER_OF_SUPPORT", file: new File([PDF], `letter-${i}.pdf`) })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.code === "store_full")).toHaveLength(4);
    expect(await storedCounts()).toEqual({ attachments: before.attachments + 2, files: before.files + 2 });
    expect(await storedBytes()).toBeLessThanOrEqual(env.UPLOAD_STORE_LIMIT_BYTES);
  });

  it("the form says so, keeps the draft as it was and the earlier technical description in place", async () => {
    const token = await startDraft();
    expect(await submitForm(token, new File([PDF], "first.pdf"))).toHaveProperty("redirect");
    const draftBefore = await testPrisma().application.findUniqueOrThrow({ where: { accessTokenHash: hashToken(token) }, include: { attachments: true } });
    const before = await storedCounts();

    // Less than the store holds, so even the replacement, counted after the old file goes, does not fit.
    env.UPLOAD_STORE_LIMIT_BYTES = (await storedBytes()) - 1;
    const state = await submitForm(token, new File([PDF], "replacement.pdf"));
    expect(state).toMatchObject({ ok: false, message: "uploadStoreFull" });
    expect(errorsText.uploadStoreFull).toMatch(/upload store is full.*answers are saved.*try again later/i);

    expect(await storedCounts()).toEqual(before);
    const draftAfter = await testPrisma().application.findUniqueOrThrow({ where: { id: draftBefore.id }, include: { attachments: true } });
    expect(draftAfter).toEqual(draftBefore);
    expect((await getApplicantView(token))!.attachments.map((a) => a.fileName)).toEqual(["first.pdf"]);
  });

  it.each([
    ["disk_full", "53100"],
    ["out_of_memory", "53200"],
    ["program_limit_exceeded", "54000"],
  ])("the database's own %s on the attachment insert gives the same refusal, leaving nothing", async (condition, state) => {
    const db = testPrisma();
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '${condition}'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_attachment BEFORE INSERT ON "Attachment" FOR EACH ROW EXECUTE FUNCTION refuse_attachment()`);
    try {
      const before = await storedCounts();
      const response = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([PDF], "tech.pdf") });
      expect(response.status, `SQLSTATE ${state}`).toBe(507);
      expect(await response.json()).toMatchObject({ error: { code: "upload_store_full" } });

      const token = await startDraft();
      const draftBefore = await getApplicantView(token);
      expect(await addAttachment(token, { kind: "TECHNICAL_DESCRIPTION", fileName: "tech.pdf", bytes: PDF })).toEqual({ ok: false, code: "store_full" });
      expect(await getApplicantView(token)).toEqual(draftBefore);
      expect(await storedCounts()).toEqual(before);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_attachment ON "Attachment"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_attachment()`);
    }
  });

  it("another database error on the insert is not mistaken for a full store", async () => {
    const db = testPrisma();
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'row 53100 is broken' USING ERRCODE = 'check_violation'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_attachment BEFORE INSERT ON "Attachment" FOR EACH ROW EXECUTE FUNCTION refuse_attachment()`);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([PDF], "tech.pdf") });
      expect(response.status).toBe(500);
    } finally {
      log.mockRestore();
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_attachment ON "Attachment"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_attachment()`);
    }
  });
});
