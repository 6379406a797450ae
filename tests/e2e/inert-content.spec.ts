import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type APIRequestContext, type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { slugify } from "../../src/lib/slug";
import { contextAs } from "./admin-helpers";
import { CALL_SLUG, uniqueEmail, VALID_PDF } from "./apply-helpers";

// Markup typed into a name by staff or an applicant is shown as the characters typed, on every page that shows it:
// no dialog opens, no injected element exists, nothing the text asked for runs.

const MARKUP = `<script>window.__injected=1;alert(1)</script><img src=x onerror="window.__injected=1;alert(1)">`;
const hostile = (label: string) => `${label} ${randomBytes(3).toString("hex")} ${MARKUP}`;

/** Opens the page, then checks that the text is shown as typed and that nothing it carried came alive. */
async function expectShownInert(page: Page, path: string, texts: string[]) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState("load");
  for (const text of texts) await expect(page.getByText(text, { exact: false }).first(), `${path} shows the text as typed`).toBeVisible();
  const injected = await page.evaluate(() => ({
    flag: (window as { __injected?: unknown }).__injected ?? null,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: Array.from(document.scripts).filter((s) => s.text.startsWith("window.__injected")).length,
  }));
  expect(injected, path).toEqual({ flag: null, images: 0, scripts: 0 });
  expect(dialogs, path).toEqual([]);
}

async function signedIn(browser: Browser, role: "EDITOR" | "ADMIN"): Promise<BrowserContext> {
  // The first sign-in of a run may meet a server still warming up: one more try.
  try {
    return await contextAs(browser, role);
  } catch {
    return contextAs(browser, role);
  }
}

async function submitThroughApi(request: APIRequestContext, names: { institutionName: string; contactName: string; payloadName: string }) {
  const upload = await request.post("/api/v1/uploads", {
    multipart: { kind: "TECHNICAL_DESCRIPTION", file: { name: "technical-description.pdf", mimeType: "application/pdf", buffer: readFileSync(VALID_PDF) } },
  });
  expect(upload.status()).toBe(201);
  const { uploadId, uploadToken } = (await upload.json()).data;
  const response = await request.post(`/api/v1/opportunities/${CALL_SLUG}/applications`, {
    headers: { "Idempotency-Key": randomUUID() },
    data: {
      email: uniqueEmail("inert"),
      locale: "en",
      lead: {
        institutionName: names.institutionName,
        institutionType: "UNIVERSITY",
        country: "CL",
        contactName: names.contactName,
        contactEmail: "ana.rojas@example.org",
        participants: [],
      },
      payload: {
        payloadName: names.payloadName,
        payloadKind: "INSTRUMENT",
        carrier: "ORBITER",
        massKg: 0.1,
        peakPowerW: 6,
        averagePowerW: 3,
        lengthMm: 120,
        widthMm: 100,
        heightMm: 80,
        dataVolumeMbPerDay: 20,
        pointingNeeds: MARKUP,
        thermalNeeds: "Between -20 and +40 °C in operation.",
        trl: 6,
        heritage: MARKUP,
      },
      science: { objectives: ["INTERNAL_STRUCTURE"], expectedResults: MARKUP, dataSharing: "All calibrated data go to the Chinese archive." },
      attachments: [{ uploadId, uploadToken }],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).data as { reference: string; statusUrl: string };
}

test("an institution named with markup is shown as text on its public page and in the staff panel", async ({ browser }) => {
  test.setTimeout(120_000);
  const editor = await signedIn(browser, "EDITOR");
  const page = await editor.newPage();
  const nameEn = hostile("Inert Institute");
  await page.goto("/en/admin/institutions/new");
  await page.getByLabel("Name in English").fill(nameEn);
  await page.getByRole("radio", { name: "University" }).check();
  await page.getByLabel("Country or region code").fill("NZ");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created." })).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published" })).toBeVisible();
  const adminPath = new URL(page.url()).pathname;
  await expectShownInert(page, adminPath, [nameEn]);

  // The public pages, as a visitor without cookies.
  const slug = slugify(nameEn);
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await expectShownInert(publicPage, `/en/institutions/${slug}`, [nameEn]);
  await expectShownInert(publicPage, `/en/countries/nz`, [nameEn]);
  await visitor.close();
  await editor.close();
});

test("an application with markup in its answers is shown as text to the applicant and to staff", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const names = { institutionName: hostile("Universidad"), contactName: hostile("Ana"), payloadName: hostile("Magnetometer") };
  const { reference, statusUrl } = await submitThroughApi(request, names);

  const applicant = await browser.newContext();
  await expectShownInert(await applicant.newPage(), new URL(statusUrl).pathname, [names.payloadName]);
  await applicant.close();

  const admin = await signedIn(browser, "ADMIN");
  const page = await admin.newPage();
  await expectShownInert(page, `/en/admin/applications?q=${encodeURIComponent(reference)}`, [names.payloadName]);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Application ${reference}`);
  await expectShownInert(page, new URL(page.url()).pathname, [names.institutionName, names.contactName, names.payloadName]);
  await admin.close();
});
