import { describe, expect, it } from "vitest";
import { cacheMessage, parseCacheMessage } from "@/server/cache-bus";

// What travels on the PostgreSQL channel between instances: the publishing instance and the tags it changed.
describe("a cache bus message", () => {
  it("carries the instance and each tag once, and reads back as sent", () => {
    const payload = cacheMessage("instance-a", ["content", "missions", "missions"]);
    expect(parseCacheMessage(payload)).toEqual({ origin: "instance-a", tags: ["content", "missions"] });
  });

  it("is refused before publishing when it would not fit in one notification", () => {
    expect(() => cacheMessage("instance-a", Array.from({ length: 2000 }, (_, n) => `tag-${n}`))).toThrow(/too long/);
  });

  it("ignores anything else said on the channel", () => {
    for (const payload of [undefined, "", "missions", "{}", '{"origin":1,"tags":[]}', '{"origin":"a","tags":"missions"}', '{"origin":"a","tags":[1]}']) {
      expect(parseCacheMessage(payload)).toBeNull();
    }
  });
});
