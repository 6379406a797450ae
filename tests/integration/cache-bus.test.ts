import net from "node:net";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as expireRoute } from "@/app/api/internal/cache/route";
import { CACHE_CHANNEL, type CacheListener, listenForCacheTags } from "@/server/cache-bus";
import { EXPIRE_PATH, EXPIRE_SECRET_HEADER, revalidateContent, startCacheBus } from "@/server/cache";
import { instanceIdentity } from "../../runtime/bridge.mjs";
import { testDatabase } from "../support/database";
import { revalidatedTags } from "../support/next-cache";

// A staff edit on one instance reaches the others through PostgreSQL: revalidateContent publishes its tags, every
// other instance's listener receives them, and a listener whose connection dropped reconnects and treats
// everything as stale. On the embedded database one process serves everything, and nothing listens.

const listeners: CacheListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
  revalidatedTags.length = 0;
});

async function until<T>(what: string, check: () => T | undefined | false, withinMs = 10_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A listener as another instance holds one, recording what it hears. */
function instance(origin: string) {
  const heard: string[][] = [];
  let connections = 0;
  const listener = listenForCacheTags({
    connectionString: process.env.DATABASE_URL!,
    origin,
    onTags: (tags) => heard.push(tags),
    onListening: () => connections++,
    retryMs: 50,
    log: () => {},
  });
  listeners.push(listener);
  return { listener, heard, connections: () => connections };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const request = (secret: string | undefined, body: unknown) =>
  new Request(`http://127.0.0.1${EXPIRE_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === undefined ? {} : { [EXPIRE_SECRET_HEADER]: secret }) },
    body: JSON.stringify(body),
  });

describe("the expire route another instance's change arrives through", () => {
  it("expires the tags for this process only, and answers anyone else as if it did not exist", async () => {
    const stranger = await expireRoute(request("not-the-secret", { tags: ["missions"] }));
    expect(stranger.status).toBe(404);
    expect((await expireRoute(request(undefined, { tags: ["missions"] }))).status).toBe(404);
    expect(revalidatedTags).toEqual([]);

    const unknown = await expireRoute(request(instanceIdentity().secret, { tags: ["missions", "everything-else"] }));
    expect(unknown.status).toBe(400);
    expect(revalidatedTags).toEqual([]);

    const own = await expireRoute(request(instanceIdentity().secret, { tags: ["missions"] }));
    expect(own.status).toBe(204);
    expect(revalidatedTags).toEqual(["content", "missions"]);
  });
});

if (testDatabase().kind === "postgres") {
  describe("the cache bus on PostgreSQL", () => {
    it("carries a change's tags from the instance that made it to every other, and not back to itself", async () => {
      const self = instance(instanceIdentity().id);
      const other = instance("another-instance");
      const third = instance("a-third-instance");
      await until("three listeners", () => self.listener.listening() && other.listener.listening() && third.listener.listening());

      revalidateContent(["missions"]);
      // This process expired its own caches at once.
      expect(revalidatedTags).toEqual(["content", "missions"]);
      await until("the other instances to hear the change", () => other.heard.length > 0 && third.heard.length > 0);
      expect(other.heard).toEqual([["content", "missions"]]);
      expect(third.heard).toEqual([["content", "missions"]]);
      // Its own notification reached its own listener too, and was skipped.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(self.heard).toEqual([]);
    });

    it("reconnects after its connection is cut, treats everything as stale then, and hears changes again", async () => {
      const other = instance("restarted-elsewhere");
      await until("the listener", () => other.listener.listening());
      expect(other.connections()).toBe(1);

      // As a PostgreSQL restart does: the server ends the listening connection.
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const cut = await admin.query(
          `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`,
          [`LISTEN ${CACHE_CHANNEL}`],
        );
        expect(cut.rows.length).toBeGreaterThanOrEqual(1);
      } finally {
        await admin.end();
      }

      await until("the listener to reconnect", () => other.connections() === 2 && other.listener.listening());
      revalidateContent(["opportunities"]);
      await until("the change after reconnecting", () => other.heard.length > 0);
      expect(other.heard).toEqual([["content", "opportunities"]]);
    });

    it("keeps trying while the database cannot be reached, and listens once it can", async () => {
      // A relay on a port of its own stands for the database's address: closed at first, as while it is down.
      const target = new URL(process.env.DATABASE_URL!);
      const port = await freePort();
      const relay = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        const close = () => (client.destroy(), upstream.destroy());
        client.on("error", close).pipe(upstream).on("error", close).pipe(client);
      });
      const through = new URL(target);
      through.hostname = "127.0.0.1";
      through.port = String(port);
      let connections = 0;
      const heard: string[][] = [];
      const listener = listenForCacheTags({
        connectionString: through.toString(),
        origin: "came-up-later",
        onTags: (tags) => heard.push(tags),
        onListening: () => connections++,
        retryMs: 20,
        maxRetryMs: 100,
        log: () => {},
      });
      listeners.push(listener);
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(listener.listening()).toBe(false);
        expect(connections).toBe(0);

        await new Promise<void>((resolve) => relay.listen(port, "127.0.0.1", resolve));
        await until("the listener once the database answers", () => listener.listening());
        expect(connections).toBe(1);
        revalidateContent(["institutions"]);
        await until("the change", () => heard.length > 0);
        expect(heard).toEqual([["content", "institutions"]]);
      } finally {
        await listener.close();
        await new Promise((resolve) => relay.close(resolve));
      }
    });

    it("is started by the app once per process when DATABASE_URL names PostgreSQL", async () => {
      const bus = startCacheBus();
      expect(bus).toBeDefined();
      expect(startCacheBus()).toBe(bus);
      listeners.push(bus!);
      await until("the app's listener", () => bus!.listening());
    });
  });
} else {
  describe("the cache bus on the embedded database", () => {
    it("starts no listener and publishes nothing: one process serves every page and expires its own caches", async () => {
      expect(startCacheBus()).toBeUndefined();
      const statements = vi.spyOn(testDatabase().prisma, "$executeRaw");
      try {
        revalidateContent(["projects"]);
        expect(revalidatedTags).toEqual(["content", "projects"]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        // No pg_notify: nobody else could hear it.
        expect(statements).not.toHaveBeenCalled();
      } finally {
        statements.mockRestore();
      }
    });
  });
}
