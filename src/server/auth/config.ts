import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/env";
import type { StaffRoleName } from "@/lib/permissions";
import { signInSchema } from "@/lib/validation/staff";
import { clientIp } from "../platform/client-address";
import { type SignInRefusal, verifyStaffCredentials } from "./credentials";
import { endStaffSession, sessionAccount, startStaffSession } from "./sessions";

declare module "next-auth" {
  interface User {
    role?: StaffRoleName;
    sessionVersion?: number;
  }
}

/** Carries the refusal reason (a message key) to the sign-in form. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    readonly reason: SignInRefusal,
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.code = reason;
  }
}

// Auth.js builds its URLs from AUTH_URL (and then trusts no Host header), or else from the request, which behind
// runtime/server.mjs names the bind address (http://0.0.0.0:3000) or whatever Host a client sent.
process.env.AUTH_URL = new URL(env.SITE_URL).origin;

// Only for development and tests; production refuses to sign anything without AUTH_SECRET.
const developmentSecret = "development-only-secret-never-used-in-production";

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env.AUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : developmentSecret),
  session: { strategy: "jwt", maxAge: env.STAFF_SESSION_HOURS * 3600, updateAge: 15 * 60 },
  pages: { signIn: "/en/admin/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {} },
      async authorize(raw) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new SignInRefused("signInFailed");
        const result = await verifyStaffCredentials(parsed.data, await clientIp());
        if (!result.ok) throw new SignInRefused(result.reason, result.retryAfterSeconds);
        const { staff } = result;
        return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, sessionVersion: staff.sessionVersion };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await startStaffSession(user.id);
        token.sv = user.sessionVersion ?? 0;
        token.role = user.role;
        return token;
      }
      // Every request re-reads the session and its account: signing out, "sign out everywhere", a disabled account or
      // a changed role take effect at once, whoever holds a copy of the cookie.
      if (!token.sub || typeof token.sid !== "string") return null;
      const account = await sessionAccount(token.sub, token.sid);
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
  events: {
    async signOut(message) {
      const sessionId = "token" in message ? message.token?.sid : undefined;
      if (typeof sessionId === "string") await endStaffSession(sessionId);
    },
  },
});
