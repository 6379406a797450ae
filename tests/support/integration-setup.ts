import { afterAll } from "vitest";
import { installTestDatabase } from "./database";

// Runs before each integration test file is imported, so the app's modules meet its own seeded database.
const database = await installTestDatabase();

afterAll(() => database.close());
