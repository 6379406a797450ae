import { describe, expect, it } from "vitest";
import { addressGroup } from "@/server/platform/client-address";

// Sign-in throttling counts per client: a whole IPv4 address, or the /64 network an IPv6 client may roam in.

describe("addressGroup", () => {
  it("keeps an IPv4 address whole, also when it arrives IPv6-mapped", () => {
    expect(addressGroup("203.0.113.7")).toBe("203.0.113.7");
    expect(addressGroup("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressGroup(" 203.0.113.7 ")).toBe("203.0.113.7");
  });

  it("gives every address of one IPv6 /64 the same group, however it is written", () => {
    const group = "2001:db8:a:b::/64";
    for (const ip of ["2001:db8:a:b::1", "2001:DB8:A:B:ffff:ffff:ffff:ffff", "2001:0db8:000a:000b:1:2:3:4", "2001:db8:a:b::1%eth0", "2001:db8:a:b:0:0:1.2.3.4"]) {
      expect(addressGroup(ip), ip).toBe(group);
    }
    expect(addressGroup("2001:db8:a:c::1")).not.toBe(group);
    expect(addressGroup("::1")).toBe("0:0:0:0::/64");
    expect(addressGroup("2001:db8::")).toBe("2001:db8:0:0::/64");
  });

  it("passes anything that is not an address through unchanged", () => {
    expect(addressGroup("unknown")).toBe("unknown");
  });
});
