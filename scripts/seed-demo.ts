// npm run db:demo: one demo staff account per role, for trying the staff panel locally, and a practice call.
// Refuses to run in production mode; the accounts and their passwords are listed in the README.
import { seedPracticeCall } from "../prisma/practice-call";
import { STAFF_ROLES } from "../src/lib/permissions";
import { closeDatabase, prisma } from "../src/server/db";
import { createStaffUser } from "../src/server/staff/service";

export const DEMO_PASSWORD = "demo-password-2026";

if (process.env.NODE_ENV === "production") {
  console.error("Demo accounts are never created in production mode (NODE_ENV=production).");
  process.exit(1);
}
try {
  for (const role of STAFF_ROLES) {
    const email = `${role.toLowerCase()}@demo.portal.example`;
    if (await prisma.staffUser.findUnique({ where: { email }, select: { id: true } })) continue;
    const name = `Demo ${role.charAt(0)}${role.slice(1).toLowerCase()}`;
    await createStaffUser({ email, name, role, password: DEMO_PASSWORD }, { id: null, email: "db:demo" });
    console.log(`Demo ${role.toLowerCase()}: ${email} / ${DEMO_PASSWORD}`);
  }
  await seedPracticeCall(prisma);
} finally {
  await closeDatabase();
}
