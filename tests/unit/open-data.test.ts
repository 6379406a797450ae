import { execFileSync, spawn } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// The key file must be somewhere private to this test before anything reads the environment.
const keyDir = vi.hoisted(() => {
  const { mkdtempSync } = require("node:fs") as typeof import("node:fs");
  const { tmpdir } = require("node:os") as typeof import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/open-data-unit-`);
  process.env.OPEN_DATA_DEV_KEY_FILE = `${dir}/keys/signing-key.pem`;
  delete process.env.OPEN_DATA_SIGNING_KEY;
  return dir;
});

import { dataFileName, DATASETS, parseDataFileName, verificationCommands } from "@/lib/validation/open-data";
import { digestLine, serialiseDataset, sha256Hex, signBytes } from "@/server/open-data/serialise";
import { getSigningKey, loadOrCreateKeyFile, loadSigningKey, unescapePem } from "@/server/open-data/signing-key";

afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const scratch = () => mkdtempSync(path.join(keyDir, "case-"));

type Row = { slug: string; name: string; count: number | null };
const columns = [
  { header: "slug", value: (r: Row) => r.slug },
  { header: "name", value: (r: Row) => r.name },
  { header: "count", value: (r: Row) => r.count },
];
const rows: Row[] = [
  { slug: "university-of-cologne", name: "University of Cologne / 科隆大学", count: 1 },
  { slug: "formula", name: "=HYPERLINK(\"http://evil.example\")", count: null },
  { slug: "quoted", name: 'Line, with "quotes"\nand a break', count: 0 },
];

describe("file names", () => {
  it("reads every dataset's data, digest and signature file names, and nothing else", () => {
    for (const dataset of DATASETS) {
      for (const format of ["csv", "json"] as const) {
        for (const kind of ["data", "sha256", "sig"] as const) {
          const name = dataFileName({ dataset, format, kind });
          expect(parseDataFileName(name)).toEqual({ dataset, format, kind });
        }
      }
    }
    expect(dataFileName({ dataset: "missions", format: "csv", kind: "sig" })).toBe("missions.csv.sig");
    for (const name of ["missions.xml", "missions.csv.sha512", "../missions.csv", "missions", "staff.csv", "missions.csv.sig.sig", "Missions.csv"]) {
      expect(parseDataFileName(name)).toBeNull();
    }
  });
});

describe("serialisation", () => {
  it("gives the same bytes for the same rows, every time", () => {
    for (const format of ["csv", "json"] as const) {
      const once = serialiseDataset(format, rows, columns);
      const again = serialiseDataset(format, structuredClone(rows), columns);
      expect(again.equals(once)).toBe(true);
      expect(sha256Hex(again)).toBe(sha256Hex(once));
    }
  });

  it("writes CSV as UTF-8 with a byte-order mark, quoting what needs it and defusing formulas", () => {
    const csv = serialiseDataset("csv", rows, columns);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString("utf8");
    expect(text).toBe(
      "\uFEFFslug,name,count\n" +
        "university-of-cologne,University of Cologne / 科隆大学,1\n" +
        "formula,\"'=HYPERLINK(\"\"http://evil.example\"\")\",\n" +
        'quoted,"Line, with ""quotes""\nand a break",0\n',
    );
  });

  it("writes JSON as { data }, pretty-printed, with a final newline and the rows in the order given", () => {
    const json = serialiseDataset("json", rows, columns).toString("utf8");
    expect(json.endsWith("}\n")).toBe(true);
    expect(JSON.parse(json)).toEqual({ data: rows });
    expect(json).toContain('\n  "data": [\n');
  });

  it("writes the digest line that sha256sum writes and checks", () => {
    const dir = scratch();
    const bytes = serialiseDataset("csv", rows, columns);
    writeFileSync(path.join(dir, "missions.csv"), bytes);
    const line = digestLine(bytes, "missions.csv");
    expect(line).toMatch(/^[0-9a-f]{64} {2}missions\.csv\n$/);
    expect(line).toBe(execFileSync("sha256sum", ["missions.csv"], { cwd: dir, encoding: "utf8" }));
    writeFileSync(path.join(dir, "missions.csv.sha256"), line);
    expect(execFileSync("sha256sum", ["-c", "missions.csv.sha256"], { cwd: dir, encoding: "utf8" })).toBe("missions.csv: OK\n");
  });
});

describe("signatures", () => {
  it("are 64-byte Ed25519 signatures that node:crypto verifies with the published public key, and only over the same bytes", () => {
    const bytes = serialiseDataset("json", rows, columns);
    const signature = signBytes(bytes);
    expect(signature).toHaveLength(64);
    const publicKey = createPublicKey(getSigningKey().publicKeyPem);
    expect(publicKey.asymmetricKeyType).toBe("ed25519");
    expect(verify(null, bytes, publicKey, signature)).toBe(true);
    const tampered = Buffer.from(bytes);
    const at = tampered.length - 2;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 1, at);
    expect(verify(null, tampered, publicKey, signature)).toBe(false);
    // Ed25519 is deterministic: the same bytes always get the same signature, so it can be cached with them.
    expect(signBytes(Buffer.from(bytes)).equals(signature)).toBe(true);
  });

  it("uses a development key generated into OPEN_DATA_DEV_KEY_FILE when no key is configured", () => {
    const key = getSigningKey();
    expect(key.source).toBe("file");
    expect(existsSync(process.env.OPEN_DATA_DEV_KEY_FILE!)).toBe(true);
    expect(getSigningKey()).toBe(key);
  });
});

describe("loading the key from OPEN_DATA_SIGNING_KEY", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const fingerprint = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");

  it.each([
    ["as written", pem],
    ["with \\n escapes on one line", pem.trim().replace(/\n/g, "\\n")],
    ["with \\r\\n escapes", pem.trim().replace(/\n/g, "\\r\\n")],
  ])("reads a PKCS#8 PEM %s", (_how, value) => {
    const warn = vi.fn();
    const key = loadSigningKey({ pem: value, file: path.join(scratch(), "unused.pem"), production: true, warn });
    expect(key).toMatchObject({ source: "environment", fingerprint, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }) });
    expect(warn).not.toHaveBeenCalled();
    expect(unescapePem(value)).toBe(pem);
  });

  it("refuses a key that is not Ed25519, and text that is not a key, naming the variable", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => loadSigningKey({ pem: ec, file: "unused", production: false })).toThrow(/must be an Ed25519 key, not ec/);
    expect(() => loadSigningKey({ pem: "not a key", file: "unused", production: false })).toThrow(/OPEN_DATA_SIGNING_KEY is not a PKCS#8 PEM private key/);
  });
});

describe("the development key file", () => {
  it("is created once with mode 0600 in a new directory, then reused", () => {
    const file = path.join(scratch(), "nested", "dir", "key.pem");
    const first = loadSigningKey({ file, production: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSigningKey({ file, production: false });
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(readdirSync(path.dirname(file))).toEqual(["key.pem"]);
    expect(loadOrCreateKeyFile(file).export({ type: "pkcs8", format: "pem" })).toBe(readFileSync(file, "utf8"));
  });

  it("logs a clear warning in production", () => {
    const warn = vi.fn();
    loadSigningKey({ file: path.join(scratch(), "key.pem"), production: true, warn });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("OPEN_DATA_SIGNING_KEY is not set"));
  });

  it("ends up the same in several processes that start at once on an empty directory", async () => {
    const file = path.join(scratch(), "shared", "key.pem");
    // Each process waits for the same moment once loaded, so that they really do race for the file.
    const script = `
      import { loadSigningKey } from "./src/server/open-data/signing-key.ts";
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(process.env.START_AT) - Date.now())));
      process.stdout.write(loadSigningKey({ file: process.env.KEY_FILE, production: false }).fingerprint);
    `;
    const startAt = String(Date.now() + 5000);
    const run = () =>
      new Promise<string>((resolve, reject) => {
        // react-server: the server-only package is empty there, as in the app's server bundle.
        const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script], {
          cwd: process.cwd(),
          env: { ...process.env, KEY_FILE: file, START_AT: startAt },
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        child.stderr.on("data", (chunk) => (err += chunk));
        child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const fingerprints = await Promise.all(Array.from({ length: 6 }, run));
    expect(new Set(fingerprints).size).toBe(1);
    expect(fingerprints[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(path.dirname(file))).toEqual(["key.pem"]);
    expect(loadSigningKey({ file, production: false }).fingerprint).toBe(fingerprints[0]);
  }, 60_000);
});

describe("the verification commands", () => {
  it("download the file and its signature, fetch the key, and verify with openssl", () => {
    expect(verificationCommands("https://portal.example.org")).toEqual({
      verify: [
        "curl -O https://portal.example.org/data/missions.csv -O https://portal.example.org/data/missions.csv.sig",
        "curl -o key.pem https://portal.example.org/.well-known/cooperation-portal-signing-key",
        "openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in missions.csv -sigfile missions.csv.sig",
      ],
      fingerprint: "openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sha256",
      digest: ["curl -O https://portal.example.org/data/missions.csv.sha256", "sha256sum -c missions.csv.sha256"],
    });
  });
});
