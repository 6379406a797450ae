import "server-only";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

const issuer = "Space Cooperation Portal";

export function createTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// address and its QR code as an SVG string, for enrolling an authenticator app. */
export async function totpEnrolment(email: string, secret: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = generateURI({ issuer, label: email, secret });
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { uri, qrSvg };
}

/** A six-digit code from the authenticator, accepted one 30-second step early or late for clock drift. */
export async function verifyTotp(secret: string, code: string): Promise<boolean> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  try {
    const result = await verify({ secret, token, epochTolerance: 30 });
    return result.valid;
  } catch {
    return false;
  }
}
