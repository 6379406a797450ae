import { randomBytes } from "node:crypto";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { generate } from "otplib";
import { contextAs } from "./admin-helpers";

// Staff sign-in and sessions in the browser. Every test signs in with an account of its own, created by the
// demo administrator through the staff pages, so sign-in delays and ended sessions never touch the demo accounts.
// scripts/e2e-server.sh trusts X-Forwarded-For, so that a browser context can sign in from an address of its own.

const PASSWORD = "a long passphrase for browser tests";
const MESSAGES = {
  wrong: "The email address or password is not right",
  delayed: /Too many failed attempts with this email address from here: try again in \d+ (second|seconds|minute|minutes)/,
  codeNeeded: "Enter the code from your authenticator app",
  codeWrong: "The authentication code is not right or has expired",
};

interface Account {
  id: string;
  email: string;
}

const freshEmail = (label: string) => `${label}-${randomBytes(5).toString("hex")}@e2e.agency.test`;

/** An editor account made by the demo administrator on the staff pages. */
async function createAccount(browser: Browser, label: string): Promise<Account> {
  const admin = await contextAs(browser, "ADMIN");
  try {
    const page = await admin.newPage();
    const email = freshEmail(label);
    await page.goto("/en/admin/staff/new");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Full name").fill(`Test ${label}`);
    await page.getByRole("radio", { name: /^Editor:/ }).check();
    await page.getByLabel("Initial password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/en\/admin\/staff\/[^/?]+\?created=1$/);
    const id = new URL(page.url()).pathname.split("/").at(-1)!;
    return { id, email };
  } finally {
    await admin.close();
  }
}

/** Presses a button on the account's staff page as the demo administrator, and waits for the announced outcome. */
async function asAdminOnAccount(browser: Browser, account: Account, button: string, outcome: string): Promise<void> {
  const admin = await contextAs(browser, "ADMIN");
  try {
    const page = await admin.newPage();
    await page.goto(`/en/admin/staff/${account.id}`);
    await page.getByRole("button", { name: button }).click();
    await expect(page.getByRole("status").filter({ hasText: outcome })).toBeVisible();
  } finally {
    await admin.close();
  }
}

/** A browser context whose requests come from this client address. */
const contextFrom = (browser: Browser, address: string) => browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": address } });

/** Fills in and sends the sign-in form, and returns the server's answer. */
async function fillSignIn(page: Page, email: string, password: string, code?: string) {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  if (code !== undefined) await page.getByLabel("Authentication code").fill(code);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/en/admin/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  return answered;
}

/**
 * The form's answer to a refused sign-in. Waits until the form is ready again (its button enabled), so that
 * the next attempt is not typed into a form that React is about to reset.
 */
async function expectRefusal(page: Page, message: string | RegExp) {
  await expect(errorSummary(page)).toContainText(message);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await expect(page).toHaveURL(/\/en\/admin\/sign-in/);
}

async function signInAs(page: Page, account: Account, code?: string) {
  await page.goto("/en/admin/sign-in");
  await fillSignIn(page, account.email, PASSWORD, code);
  await expect(page).toHaveURL(/\/en\/admin$/);
}

const errorSummary = (page: Page) => page.getByRole("alert").filter({ hasText: /There is a problem|存在以下问题/ });

test("a wrong password is refused with a message, and the email stays filled in", async ({ browser, page }) => {
  const account = await createAccount(browser, "wrong");
  await page.goto("/en/admin/sign-in");
  await fillSignIn(page, account.email, "not the right password");
  await expectRefusal(page, MESSAGES.wrong);
  await expect(page.getByLabel("Email address")).toHaveValue(account.email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
});

test("a stranger's wrong passwords slow down only their own address: the owner signs in from another at once", async ({ browser }) => {
  const account = await createAccount(browser, "stranger");
  const contexts = [await contextFrom(browser, "203.0.113.50"), await contextFrom(browser, "198.51.100.20")];
  try {
    const [stranger, owner] = await Promise.all(contexts.map((c) => c.newPage()));
    await stranger!.goto("/en/admin/sign-in");
    // Five guesses are answered; after that each one waits longer than the last, so the stranger is soon told to wait.
    const answers: string[] = [];
    while (!answers.includes("delayed") && answers.length < 15) {
      await fillSignIn(stranger!, account.email, `guess ${answers.length}`);
      await expect(errorSummary(stranger!)).toContainText(/not right|Too many failed attempts/);
      await expect(stranger!.getByRole("button", { name: "Sign in" })).toBeEnabled();
      answers.push(MESSAGES.delayed.test(await errorSummary(stranger!).innerText()) ? "delayed" : "wrong");
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill("wrong"));
    expect(answers.at(-1)).toBe("delayed");
    await expectRefusal(stranger!, MESSAGES.delayed);

    await signInAs(owner!, account);
    await expect(owner!.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }

  // The account's page shows the failed sign-ins, and an administrator can clear them.
  const admin = await contextAs(browser, "ADMIN");
  try {
    const page = await admin.newPage();
    await page.goto(`/en/admin/staff/${account.id}`);
    await expect(page.getByText(/failed sign-ins in the last day from 1 address/)).toBeVisible();
    await page.getByRole("button", { name: "Clear failed sign-ins" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Failed sign-ins are cleared: they can try again at once." })).toBeVisible();
    await page.reload();
    await expect(page.getByText(/failed sign-ins? in the last day/)).toHaveCount(0);
  } finally {
    await admin.close();
  }
});

test("signing out ends the session on the server: a copy of its cookie no longer opens the panel", async ({ browser }) => {
  const account = await createAccount(browser, "copied");
  const first = await browser.newContext();
  const contexts = [first];
  try {
    const page = await first.newPage();
    await signInAs(page, account);
    // Someone copies the session cookie into another browser; while the session lasts, the copy works.
    const second = await browser.newContext({ storageState: await first.storageState() });
    contexts.push(second);
    const copy = await second.newPage();
    await copy.goto("/en/admin");
    await expect(copy).toHaveURL(/\/en\/admin$/);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/en\/admin\/sign-in\?signedOut=1$/);

    await copy.goto("/en/admin");
    await expect(copy).toHaveURL(/\/en\/admin\/sign-in/);
    await expect(copy.getByRole("heading", { level: 1 })).toHaveText("Staff sign-in");
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test("sign-in and sign-out redirects point at SITE_URL, never at the address the server binds to", async ({ browser, baseURL }) => {
  // scripts/e2e-server.sh sets SITE_URL to the address the tests use; the server binds to 0.0.0.0.
  const site = new URL(baseURL!);
  const account = await createAccount(browser, "redirects");
  // Without JavaScript the forms post as plain HTML forms, and the server answers with a Location header.
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/en/admin/sign-in");
    const signedIn = await fillSignIn(page, account.email, PASSWORD);
    expect(signedIn.status()).toBe(303);
    expect(signedIn.headers()["location"]).toBe(`${site.origin}/en/admin`);
    await expect(page).toHaveURL(`${site.origin}/en/admin`);

    const signedOut = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    expect((await signedOut).headers()["location"]).toBe(`${site.origin}/en/admin/sign-in?signedOut=1`);

    // Auth.js's own endpoints. Next.js writes a loopback host as "localhost" in what it hands them, so on this test
    // server SITE_URL's 127.0.0.1 may come back as localhost; the bind address must never come back.
    const onSite = (location: string | undefined) => {
      const url = new URL(location ?? "", site);
      expect(url.hostname === site.hostname || (site.hostname === "127.0.0.1" && url.hostname === "localhost"), location).toBe(true);
      expect(url.port, location).toBe(site.port);
      return url;
    };
    const signin = await context.request.get("/api/auth/signin", { maxRedirects: 0 });
    expect(signin.status()).toBe(302);
    const toForm = onSite(signin.headers()["location"]);
    expect(toForm.pathname).toBe("/en/admin/sign-in");
    onSite(toForm.searchParams.get("callbackUrl")!);

    const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signout = await context.request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
    expect(signout.status()).toBe(302);
    onSite(signout.headers()["location"]);
  } finally {
    await context.close();
  }
});

test("two-step verification: turned on with the shown key, then asked for at sign-in", async ({ browser, page }) => {
  const account = await createAccount(browser, "totp");
  await signInAs(page, account);
  await page.goto("/en/admin/account");
  const secret = (await page.locator("p", { hasText: "Key:" }).locator("code").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel("Authentication code").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  await expect(page.getByText(/^On since/)).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/en\/admin\/sign-in\?signedOut=1$/);

  await fillSignIn(page, account.email, PASSWORD);
  await expectRefusal(page, MESSAGES.codeNeeded);
  const right = await generate({ secret });
  const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
  await fillSignIn(page, account.email, PASSWORD, wrong);
  await expectRefusal(page, MESSAGES.codeWrong);
  await fillSignIn(page, account.email, PASSWORD, await generate({ secret }));
  await expect(page).toHaveURL(/\/en\/admin$/);
});

test("'Sign out everywhere' ends the session in another browser", async ({ browser }) => {
  const account = await createAccount(browser, "everywhere");
  const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
  try {
    const [here, elsewhere] = await Promise.all(contexts.map((c) => c.newPage()));
    await signInAs(here!, account);
    await signInAs(elsewhere!, account);

    await here!.goto("/en/admin/account");
    await here!.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(here!).toHaveURL(/\/en\/admin\/sign-in\?signedOut=1$/);

    await elsewhere!.goto("/en/admin");
    await expect(elsewhere!).toHaveURL(/\/en\/admin\/sign-in/);
    await expect(elsewhere!.getByRole("heading", { level: 1 })).toHaveText("Staff sign-in");
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test("an administrator disabling an account ends its open session and refuses new sign-ins", async ({ browser, page }) => {
  const account = await createAccount(browser, "disabled");
  await signInAs(page, account);
  await page.goto("/en/admin/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");

  await asAdminOnAccount(browser, account, "Disable account", "The account is disabled and its sessions have ended.");
  await page.reload();
  await expect(page).toHaveURL(/\/en\/admin\/sign-in/);
  await fillSignIn(page, account.email, PASSWORD);
  await expectRefusal(page, MESSAGES.wrong);
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ browser, page, context }) => {
  const account = await createAccount(browser, "cookie");
  await signInAs(page, account);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.endsWith("authjs.session-token"));
  expect(session, cookies.map((c) => c.name).join(", ")).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
});

test("signing in issues a new session token, whatever session cookie the browser held before", async ({ browser, page, context }) => {
  const account = await createAccount(browser, "rotate");
  const planted = "planted-by-someone-else";
  await context.addCookies([{ name: "authjs.session-token", value: planted, url: test.info().project.use.baseURL! }]);
  await signInAs(page, account);
  const token = async (ctx: BrowserContext) => (await ctx.cookies()).find((c) => c.name.endsWith("authjs.session-token"))?.value;
  const first = await token(context);
  expect(first).toBeTruthy();
  expect(first).not.toBe(planted);

  const other = await browser.newContext();
  try {
    await signInAs(await other.newPage(), account);
    const second = await token(other);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  } finally {
    await other.close();
  }
});

test("the staff panel sends visitors without a session to the sign-in page", async ({ page }) => {
  await page.goto("/en/admin");
  await expect(page).toHaveURL(/\/en\/admin\/sign-in/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff sign-in");
  await page.goto("/zh/admin/staff");
  await expect(page).toHaveURL(/\/zh\/admin\/sign-in/);
});

test("the Chinese sign-in page signs in with Chinese labels and messages", async ({ browser, page }) => {
  const account = await createAccount(browser, "zh");
  await page.goto("/zh/admin/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员登录");
  await page.getByLabel("电子邮箱").fill(account.email);
  await page.getByLabel("密码", { exact: true }).fill("错误的密码错误的密码");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(errorSummary(page)).toContainText("电子邮箱或密码不正确");
  await expect(page.getByRole("button", { name: "登录" })).toBeEnabled();
  await expect(page.getByLabel("电子邮箱")).toHaveValue(account.email);
  await page.getByLabel("密码", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/zh\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("概览");
});
