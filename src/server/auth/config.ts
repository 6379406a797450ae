import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/env";
import type { StaffRoleName } from "@/lib/permissions";
import { signInSchema } from "@/lib/validation/staff";
import { prisma } from "../db";
import { clientIp } from "../request";
import { type SignInRefusal, verifyStaffCredentials } from "./credentials";

declare module "next-auth" {
  interface User {
    role?: StaffRoleName;
    sessionVersion?: number;
  }
}

/** Carries the refusal reason (a message key) to the sign-in form. */
export class SignInRefused extends CredentialsSignin {
  constructor(readonly reason: SignInRefusal) {
    super(reason);
    this.code = reason;
  }
}

// Only for development and tests; production refuses to sign anything without AUTH_SECRET.
const developmentSecret = "development-only-secret-never-used-in-production";

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env.AUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : developmentSecret),
  trustHost: true,
  session: { strategy: "jwt", maxAge: env.STAFF_SESSION_HOURS * 3600, updateAge: 15 * 60 },
  pages: { signIn: "/en/admin/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {} },
      async authorize(raw) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new SignInRefused("signInFailed");
        const result = await verifyStaffCredentials(parsed.data, await clientIp());
        if (!result.ok) throw new SignInRefused(result.reason);
        const { staff } = result;
        return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, sessionVersion: staff.sessionVersion };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 0;
        token.role = user.role;
        return token;
      }
      // Every request re-reads the account: a disabled account, a changed role or "sign out everywhere" ends the session at once.
      if (!token.sub) return null;
      const account = await prisma.staffUser.findUnique({
        where: { id: token.sub },
        select: { role: true, name: true, email: true, sessionVersion: true, disabledAt: true },
      });
      if (!account || account.disabledAt || account.sessionVersion !== token.sv) return null;
      token.role = account.role;
      token.name = account.name;
      token.email = account.email;
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub ?? "", role: token.role as StaffRoleName | undefined } };
    },
  },
});
