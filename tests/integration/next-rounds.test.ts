import { describe, expect, it } from "vitest";
import { getNextRounds } from "@/server/queries/next-rounds";
import { createOpportunity, uniqueName } from "../factories";
import { testPrisma } from "../support/database";

describe("what comes next after a call", () => {
  it("tells Chang'e-5 readers that a second round was announced, with its sourced facts and no draft details", async () => {
    const next = await getNextRounds("chang-e-5-sample-loans");
    expect(next!.rounds).toHaveLength(1);
    const [round] = next!.rounds;
    expect(round).toMatchObject({ slug: "chang-e-5-sample-loans-round-2", published: false });
    expect(round!.facts[0]!.en).toMatch(/76th International Astronautical Congress.*second batch of Chang'e-5 lunar samples/);
    expect(round!.sources.map((s) => s.url)).toEqual([expect.stringMatching(/^https:\/\/www\.bastillepost\.com\//)]);
    expect(Object.keys(round!)).not.toContain("stages");
  });

  it("says none is announced for Chang'e-8, and as of when", async () => {
    const next = await getNextRounds("chang-e-8-cooperation-projects");
    expect(next!.rounds).toEqual([]);
    expect(next!.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("links a published later round, hides an unsourced draft, and knows nothing of unknown or unpublished calls", async () => {
    const first = await createOpportunity({ kind: "SAMPLE_LOAN" });
    const published = await createOpportunity({ kind: "SAMPLE_LOAN", missionId: first.missionId, titleEn: uniqueName("Later open round") });
    await createOpportunity({ kind: "SAMPLE_LOAN", missionId: first.missionId, published: false, facts: { create: [{ position: 0, textEn: "Internal draft note" }] } });
    await createOpportunity({ kind: "PAYLOAD_OFFER", missionId: first.missionId });
    const next = await getNextRounds(first.slug);
    expect(next!.rounds.map((r) => [r.slug, r.published])).toEqual([[published.slug, true]]);
    expect(JSON.stringify(next)).not.toContain("Internal draft note");

    expect(await getNextRounds("no-such-call")).toBeNull();
    const draft = await createOpportunity({ published: false });
    expect(await getNextRounds(draft.slug)).toBeNull();
    await testPrisma().opportunity.update({ where: { id: published.id }, data: { demonstration: true } });
    expect((await getNextRounds(first.slug))!.rounds).toEqual([]);
  });
});
