import { describe, expect, it } from "vitest";
import { BusyError, createConcurrencyLimiter } from "@/server/platform/concurrency";
import { createLruCache } from "@/server/platform/lru";
import { createTokenBuckets } from "@/server/platform/token-bucket";

// The process-wide limits every feature may use: how many tasks run at once, each client's budget, a bounded cache.

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("concurrency limiter", () => {
  const limit = { name: "test", concurrency: 1, maxQueue: 2, maxWaitMs: 60_000, retryAfterSeconds: 7 };

  it("queues up to maxQueue, refuses the next at once, and hands a freed slot to the longest waiter", async () => {
    const limiter = createConcurrencyLimiter(limit);
    const order: string[] = [];
    const [first, second] = [gate(), gate()];
    const tasks = [
      limiter.run(async () => void order.push("a", await first.opened.then(() => "a done"))),
      limiter.run(async () => void order.push("b", await second.opened.then(() => "b done"))),
      limiter.run(async () => void order.push("c")),
    ];
    expect(limiter.load()).toEqual({ running: 1, waiting: 2 });
    await expect(limiter.run(async () => void order.push("refused"))).rejects.toEqual(new BusyError("test", 7));

    first.open();
    await tasks[0];
    // The slot went straight to b, so a newcomer queues behind c instead of running beside b.
    tasks.push(limiter.run(async () => void order.push("d")));
    expect(limiter.load()).toEqual({ running: 1, waiting: 2 });
    second.open();
    await Promise.all(tasks);
    expect(order).toEqual(["a", "a done", "b", "b done", "c", "d"]);
    expect(limiter.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot of a task that failed, and refuses a waiter whose wait ran out", async () => {
    const limiter = createConcurrencyLimiter({ ...limit, maxWaitMs: 20 });
    await expect(limiter.run(async () => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    const held = gate();
    const holding = limiter.run(() => held.opened);
    await expect(limiter.run(async () => "late")).rejects.toBeInstanceOf(BusyError);
    expect(limiter.load()).toEqual({ running: 1, waiting: 0 });
    held.open();
    await holding;
    await expect(limiter.run(async () => "next")).resolves.toBe("next");
  });
});

describe("token buckets", () => {
  it("allows a burst of capacity, then one request per refill, each client apart", () => {
    let now = 0;
    const buckets = createTokenBuckets({ capacity: 2, refillPerSecond: 0.5, maxClients: 100 }, () => now);
    expect([buckets.take("a"), buckets.take("a")]).toEqual([{ allowed: true }, { allowed: true }]);
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(buckets.take("b")).toEqual({ allowed: true });
    now += 1000;
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(buckets.take("a")).toEqual({ allowed: true });
    // A long quiet spell refills up to capacity, no further.
    now += 3_600_000;
    expect([buckets.take("a"), buckets.take("a"), buckets.take("a")].map((t) => t.allowed)).toEqual([true, true, false]);
  });

  it("remembers at most maxClients, forgetting the least recently seen", () => {
    const buckets = createTokenBuckets({ capacity: 1, refillPerSecond: 0.001, maxClients: 2 }, () => 0);
    buckets.take("a");
    buckets.take("b");
    expect(buckets.take("a").allowed).toBe(false);
    buckets.take("c");
    expect(buckets.take("a").allowed).toBe(false);
    expect(buckets.take("b")).toEqual({ allowed: true });
  });
});

describe("LRU cache", () => {
  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = createLruCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([1, undefined, 3, 2]);
  });
});
