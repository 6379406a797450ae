// One truth across instances: an editor renames a published mission through instance A's staff panel (signed in
// through the real form, in Chromium), and the public mission list that instance B serves (from its page cache until
// then) must show the new name within CROSS_INSTANCE_LIMIT_MS of A confirming the save. The name is then put back,
// which must reach B within the same limit. Both figures are printed; either one late fails the run.
import { randomBytes } from "node:crypto";
import { type Browser, chromium, type Page } from "playwright";
import { DEMO_PASSWORD, demoEmail } from "../tests/e2e/admin-helpers";

export const CROSS_INSTANCE_LIMIT_MS = 2000;
// How long B is watched before the change counts as never arriving; past the limit it has already failed.
const WATCH_MS = 15_000;
const POLL_MS = 20;
const PUBLIC_LIST = "/en/missions";

export interface CrossInstanceResult {
  status: "passed" | "failed";
  from: number;
  to: number;
  /** Milliseconds from A confirming the rename until B's public page showed it; null when it never did. */
  editMs: number | null;
  /** The same for putting the old name back. */
  restoreMs: number | null;
  /** Whether B answered the page from its page cache before the edit, so that emptying it was part of the test. */
  pageCacheHitBefore: boolean;
  failures: string[];
}

interface Instance {
  port: number;
  url: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function publicPage(url: string): Promise<{ status: number; text: string; cache: string }> {
  const response = await fetch(url, { headers: { accept: "text/html" }, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text(), cache: response.headers.get("x-portal-cache") ?? "" };
}

/** Milliseconds from `since` until B's page passes `shows`, or null when it did not within WATCH_MS. */
async function watch(url: string, shows: (text: string) => boolean, since: number): Promise<number | null> {
  while (Date.now() - since < WATCH_MS) {
    const page = await publicPage(url).catch(() => null);
    if (page?.status === 200 && shows(page.text)) return Date.now() - since;
    await sleep(POLL_MS);
  }
  return null;
}

async function signIn(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/en/admin/sign-in`);
  await page.getByLabel("Email address").fill(demoEmail("EDITOR"));
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The sign-in redirects to SITE_URL (the balancer); the session cookie is the host's, whatever the port.
  await page.waitForURL(/\/en\/admin$/, { timeout: 30_000 });
}

/** Saves a new English name on the mission's edit form on A; returns when A confirms it. */
async function rename(page: Page, editUrl: string, name: string): Promise<number> {
  await page.goto(editUrl);
  await page.getByLabel("Name in English").fill(name);
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Your changes are saved." }).waitFor({ timeout: 30_000 });
  return Date.now();
}

export async function checkCrossInstanceEdit(a: Instance, b: Instance): Promise<CrossInstanceResult> {
  const result: CrossInstanceResult = { status: "failed", from: a.port, to: b.port, editMs: null, restoreMs: null, pageCacheHitBefore: false, failures: [] };
  const listOnB = `${b.url}${PUBLIC_LIST}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"],
    });
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, a.url);

    // A published mission: one whose admin link text B's public list shows.
    const before = await publicPage(listOnB);
    if (before.status !== 200) throw new Error(`${listOnB} answered ${before.status}`);
    await page.goto(`${a.url}/en/admin/missions`);
    const links = await page.locator("tbody").getByRole("link").evaluateAll((elements) =>
      elements.map((element) => ({ text: (element.textContent ?? "").trim(), href: (element as HTMLAnchorElement).href })),
    );
    const mission = links.find((link) => link.text && before.text.includes(link.text));
    if (!mission) throw new Error("no mission of the staff list is on B's public list");
    const editUrl = `${a.url}${new URL(mission.href).pathname}/edit`;
    const original = await page.goto(editUrl).then(() => page.getByLabel("Name in English").inputValue());

    // B serves the list from its page cache before the edit (Next's cache filled first, then the portal's).
    for (let visit = 0; visit < 6 && !result.pageCacheHitBefore; visit++) result.pageCacheHitBefore = (await publicPage(listOnB)).cache === "HIT";
    if (!result.pageCacheHitBefore) result.failures.push(`B (${b.port}) never answered ${PUBLIC_LIST} from its page cache, so the check could not show it is emptied`);

    const marker = `X${randomBytes(3).toString("hex")}`;
    const renamed = `${original} ${marker}`;
    const savedAt = await rename(page, editUrl, renamed);
    result.editMs = await watch(listOnB, (text) => text.includes(marker), savedAt);
    const restoredAt = await rename(page, editUrl, original);
    result.restoreMs = await watch(listOnB, (text) => !text.includes(marker), restoredAt);

    const late = (what: string, ms: number | null) =>
      ms === null
        ? `${what} made through A (${a.port}) never reached B (${b.port}) within ${WATCH_MS / 1000} s`
        : ms > CROSS_INSTANCE_LIMIT_MS
          ? `${what} made through A (${a.port}) reached B (${b.port}) after ${ms} ms, beyond ${CROSS_INSTANCE_LIMIT_MS} ms`
          : null;
    for (const failure of [late("the rename", result.editMs), late("putting the name back", result.restoreMs)]) if (failure) result.failures.push(failure);
  } catch (error) {
    result.failures.push(`could not edit through A: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  } finally {
    await browser?.close().catch(() => {});
  }
  result.status = result.failures.length === 0 ? "passed" : "failed";
  return result;
}

/** The summary line: both figures, and the verdict. */
export function describeCrossInstance(result: CrossInstanceResult): string {
  const ms = (value: number | null) => (value === null ? "never" : `${value} ms`);
  return (
    `cross-instance: a rename through ${result.from} showed on ${result.to} after ${ms(result.editMs)}, putting it back after ${ms(result.restoreMs)} ` +
    `(limit ${CROSS_INSTANCE_LIMIT_MS} ms; B's page cache ${result.pageCacheHitBefore ? "answered" : "did not answer"} before): ${result.status}`
  );
}
