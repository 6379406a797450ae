import "server-only";
import { isIPv4, isIPv6 } from "node:net";
import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "../../../runtime/bridge.mjs";

/** The client's address as the production server recorded it (runtime/server.mjs overwrites any value a client sends). */
export async function clientIp(): Promise<string> {
  const value = (await headers()).get(CLIENT_IP_HEADER);
  return value?.trim() || "unknown";
}

/**
 * The part of an address one client controls: a whole IPv4 address, or an IPv6 address's /64 network, since a
 * single home or server is handed a /64 and may use any address in it. Anything else is returned as it is.
 */
export function addressGroup(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = "", tail] = address.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  // A dotted IPv4 ending fills two groups.
  const tailGroups = tailParts.length + (tailParts.at(-1)?.includes(".") ? 1 : 0);
  const groups = tail === undefined ? headParts : [...headParts, ...Array<string>(8 - headParts.length - tailGroups).fill("0"), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
