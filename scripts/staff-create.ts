// npm run staff:create -- --email ada@agency.example --role admin [--name "Ada Lovelace"] [--password ...]
// Creates a staff account on the database that DATABASE_URL (or the embedded PGLITE_DATA_DIR) names.
// Without --password a strong one is generated and printed once.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createStaffSchema } from "../src/lib/validation/staff";
import { closeDatabase } from "../src/server/db";
import { createStaffUser, StaffEmailTaken } from "../src/server/staff/service";

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
});
const generated = values.password ? undefined : randomBytes(18).toString("base64url");
const parsed = createStaffSchema.safeParse({
  email: values.email,
  role: values.role?.toUpperCase(),
  name: values.name ?? values.email?.split("@")[0],
  password: values.password ?? generated,
});
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
  console.error('Usage: npm run staff:create -- --email you@agency.example --role admin|editor|reviewer|viewer [--name "Full Name"] [--password ...]');
  process.exit(2);
}
try {
  const user = await createStaffUser(parsed.data, { id: null, email: "staff:create" });
  console.log(`Created ${user.role.toLowerCase()} ${user.email}.`);
  if (generated) console.log(`Password (shown once): ${generated}`);
} catch (error) {
  console.error(error instanceof StaffEmailTaken ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
