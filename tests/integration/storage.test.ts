import { describe, expect, it } from "vitest";
import { newStorageKey } from "@/lib/files";
import { createDatabaseFileStorage, fileStorage } from "@/server/storage/file-storage";
import { testPrisma } from "../support/database";

// Attachments are kept byte for byte in the database that every app instance shares.

/** Every byte value, several times over, so no encoding step can go unnoticed. */
function sampleBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 256);
}

describe("fileStorage", () => {
  it("gives back exactly the bytes it was given, then nothing once removed", async () => {
    const storage = fileStorage();
    const key = newStorageKey();
    const bytes = sampleBytes(300_000);

    await storage.put(key, bytes);
    const stored = await storage.get(key);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(stored!.length).toBe(bytes.length);
    expect(Buffer.from(stored!).equals(Buffer.from(bytes))).toBe(true);

    await storage.remove(key);
    expect(await storage.get(key)).toBeNull();
  });

  it("keeps an empty file as empty, not as missing", async () => {
    const key = newStorageKey();
    await fileStorage().put(key, new Uint8Array(0));
    expect(await fileStorage().get(key)).toEqual(new Uint8Array(0));
  });

  it("returns null for a key never stored, and removing it is not an error", async () => {
    const key = newStorageKey();
    expect(await fileStorage().get(key)).toBeNull();
    await expect(fileStorage().remove(key)).resolves.toBeUndefined();
  });

  it("replaces the bytes when the same key is stored again", async () => {
    const key = newStorageKey();
    await fileStorage().put(key, sampleBytes(10));
    await fileStorage().put(key, Uint8Array.of(1, 2, 3));
    expect(await fileStorage().get(key)).toEqual(Uint8Array.of(1, 2, 3));
  });

  it("stores a file in the caller's transaction, and a rolled-back transaction stores nothing", async () => {
    const key = newStorageKey();
    await expect(
      testPrisma().$transaction(async (tx) => {
        await createDatabaseFileStorage(tx).put(key, sampleBytes(100));
        expect(await createDatabaseFileStorage(tx).get(key)).toEqual(sampleBytes(100));
        throw new Error("the attachment row failed");
      }),
    ).rejects.toThrow("the attachment row failed");
    expect(await fileStorage().get(key)).toBeNull();
  });
});
