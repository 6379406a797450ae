import "server-only";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";
import { log } from "@/server/log";

// The Ed25519 key that signs every open-data file. Partners verify downloads against its public half, so
// a fake call for proposals cannot pass for one of ours.

export interface SigningKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM, as served at /.well-known/cooperation-portal-signing-key. */
  publicKeyPem: string;
  /** SHA-256 of the public key's DER encoding, lowercase hex: what `openssl pkey -pubin -outform DER | openssl dgst -sha256` prints. */
  fingerprint: string;
  source: "environment" | "file";
}

/** A PEM as pasted into an environment variable: literal "\n" escapes become newlines. */
export const unescapePem = (value: string) => value.replace(/\\r\\n|\\n/g, "\n").trim() + "\n";

export function toSigningKey(privateKey: KeyObject, source: SigningKey["source"]): SigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`The open-data signing key must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? "a symmetric key"}`);
  }
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: createHash("sha256").update(der).digest("hex"),
    source,
  };
}

function parsePrivateKey(pem: string, where: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new Error(`${where} is not a PKCS#8 PEM private key: ${(error as Error).message}`);
  }
}

function readKeyFile(file: string): KeyObject | null {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return parsePrivateKey(pem, file);
}

/**
 * The key in `file`, generated there first if there is none. The new key is written to a private temporary
 * file and hard-linked into place, which fails if another process got there first; either way every
 * process ends up reading the one key that won.
 */
export function loadOrCreateKeyFile(file: string): KeyObject {
  const existing = readKeyFile(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync("ed25519");
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temporary, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  try {
    chmodSync(temporary, 0o600);
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  const winner = readKeyFile(file);
  if (!winner) throw new Error(`The open-data signing key file ${file} disappeared while it was being created`);
  return winner;
}

export function loadSigningKey(opts: { pem?: string; file: string; production: boolean; warn?: (message: string) => void }): SigningKey {
  if (opts.pem) return toSigningKey(parsePrivateKey(unescapePem(opts.pem), "OPEN_DATA_SIGNING_KEY"), "environment");
  if (opts.production) {
    (opts.warn ?? ((message) => log.warn(message)))(
      `[open-data] OPEN_DATA_SIGNING_KEY is not set: downloads are signed with a key generated on this machine (${opts.file}). ` +
        "Partners cannot rely on it across servers or redeployments; set OPEN_DATA_SIGNING_KEY to the agency's published key.",
    );
  }
  return toSigningKey(loadOrCreateKeyFile(opts.file), "file");
}

// Kept on globalThis: Next.js may load this module in several bundles, and the warning should be said once.
const slot = Symbol.for("space-cooperation-portal.open-data-signing-key");
const holder = globalThis as unknown as { [slot]?: SigningKey };

/** This process's signing key, read (or generated) once. */
export function getSigningKey(): SigningKey {
  return (holder[slot] ??= loadSigningKey({
    pem: env.OPEN_DATA_SIGNING_KEY,
    file: path.resolve(env.OPEN_DATA_DEV_KEY_FILE),
    production: env.NODE_ENV === "production",
  }));
}
