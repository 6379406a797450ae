import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sharedMetricsCollectors } from "../../runtime/bridge.mjs";
import { collectShared } from "../../runtime/metrics.mjs";
import { shareAppMetrics } from "@/server/metrics";
import { createDatabaseFileStorage } from "@/server/storage/file-storage";
import { pdfBytes, uniqueEmail } from "../factories/application-answers";
import { testPrisma } from "../support/database";

// The readings /metrics takes from the database at each scrape, as the production server reads them through the bridge.

async function scrape(): Promise<Map<string, number>> {
  const text = await (await collectShared(10_000)).metrics();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

const mail = (data: Record<string, unknown> = {}) =>
  testPrisma().outboxEmail.create({ data: { kind: "other", to: uniqueEmail(), subject: "Subject", text: "Text", ...data } });

describe("the app's readings in /metrics", () => {
  it("are shared with the server once the app starts", () => {
    shareAppMetrics();
    expect([...sharedMetricsCollectors().keys()]).toContain("app");
  });

  it("count the mail still to send, and how long the oldest has waited", async () => {
    shareAppMetrics();
    await testPrisma().outboxEmail.deleteMany({});
    expect((await scrape()).get("portal_mail_queue_length")).toBe(0);
    expect((await scrape()).get("portal_mail_oldest_unsent_age_seconds")).toBe(0);

    const hourAgo = new Date(Date.now() - 3_600_000);
    await mail({ createdAt: hourAgo });
    await mail({ heldForReview: true, releasedAt: new Date() });
    // Neither sent, given up on, nor held for review is waiting.
    await mail({ sentAt: new Date(), createdAt: new Date(Date.now() - 7_200_000) });
    await mail({ gaveUpAt: new Date(), createdAt: new Date(Date.now() - 7_200_000) });
    await mail({ heldForReview: true, createdAt: new Date(Date.now() - 7_200_000) });

    const values = await scrape();
    expect(values.get("portal_mail_queue_length")).toBe(2);
    expect(values.get("portal_mail_oldest_unsent_age_seconds")).toBeGreaterThanOrEqual(3600);
    expect(values.get("portal_mail_oldest_unsent_age_seconds")).toBeLessThan(7200);
  });

  it("count the mail the runner gave up on, until it is sent", async () => {
    shareAppMetrics();
    await testPrisma().outboxEmail.deleteMany({});
    expect((await scrape()).get("portal_mail_given_up")).toBe(0);

    const given = await mail({ attempts: 12, error: "550 no such mailbox", gaveUpAt: new Date() });
    await mail({ heldForReview: true, releasedAt: new Date(), attempts: 12, gaveUpAt: new Date() });
    // Still being tried, or sent: not given up.
    await mail({ attempts: 3, error: "421 try later" });
    await mail({ sentAt: new Date() });
    expect((await scrape()).get("portal_mail_given_up")).toBe(2);

    await testPrisma().outboxEmail.update({ where: { id: given.id }, data: { sentAt: new Date(), gaveUpAt: null } });
    expect((await scrape()).get("portal_mail_given_up")).toBe(1);
  });

  it("measure the upload store as it measures itself", async () => {
    shareAppMetrics();
    const before = (await scrape()).get("portal_upload_store_bytes")!;
    await createDatabaseFileStorage(testPrisma()).put(`metrics/${randomBytes(8).toString("hex")}`, pdfBytes(4096));
    expect((await scrape()).get("portal_upload_store_bytes")).toBe(before + 4096);
  });
});
