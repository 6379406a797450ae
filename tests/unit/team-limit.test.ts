import { describe, expect, it } from "vitest";
import { callDefinitionSchema, DEFAULT_TEAM_MAX_MEMBERS, teamMaxMembers } from "@/lib/calls/definition";
import { setTeam, teamFormSchema } from "@/lib/calls/edit";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { inviteMemberSchema } from "@/lib/validation/team";

// A call may limit how many people one application's team has, the lead included; without a limit the portal's applies.

const tianwen3 = callDefinitionSchema.parse(tianwen3Definition);

describe("a call's team limit", () => {
  it("is the portal's default where the call sets none, as for the Tianwen-3 offer, whose sources state no team size", () => {
    expect(tianwen3.team).toBeUndefined();
    expect(teamMaxMembers(tianwen3)).toBe(DEFAULT_TEAM_MAX_MEMBERS);
  });

  it("is saved by the builder as a whole number from 1 to 50, and removed when left blank", () => {
    const five = setTeam(tianwen3, 5);
    expect(five.ok && callDefinitionSchema.safeParse(five.definition).success).toBe(true);
    expect(five.ok && teamMaxMembers(five.definition)).toBe(5);
    const cleared = five.ok ? setTeam(five.definition, undefined) : five;
    expect(cleared.ok && cleared.definition.team).toBeUndefined();
    for (const refused of [0, 51, 2.5]) {
      const edited = setTeam(tianwen3, refused);
      expect(edited.ok && callDefinitionSchema.safeParse(edited.definition).success, String(refused)).toBe(false);
    }
    expect(teamFormSchema.parse({ maxMembers: "" }).maxMembers).toBeUndefined();
    expect(teamFormSchema.parse({ maxMembers: " 7 " }).maxMembers).toBe(7);
    expect(teamFormSchema.safeParse({ maxMembers: "seven" }).success).toBe(false);
  });
});

describe("an invitation", () => {
  it("takes an email and a role of edit or read, and nothing else", () => {
    expect(inviteMemberSchema.parse({ email: " Colleague@Example.org ", role: "read" })).toEqual({ email: "colleague@example.org", role: "read" });
    expect(inviteMemberSchema.safeParse({ email: "colleague@example.org", role: "lead" }).success).toBe(false);
    expect(inviteMemberSchema.safeParse({ email: "not an address", role: "edit" }).success).toBe(false);
  });
});
