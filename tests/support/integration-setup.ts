import { afterAll } from "vitest";

// As next.config.ts's experimental.authInterrupts sets it in the app: forbidden() may be called.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
import { installTestDatabase } from "./database";

// Runs before each integration test file is imported, so the app's modules meet its own seeded database.
const database = await installTestDatabase();

afterAll(() => database.close());
