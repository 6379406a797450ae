import pg from "pg";

// The PostgreSQL server an integration pass creates its databases on (DATABASE_URL), shared by the template's global
// setup (tests/support/template-database.ts) and each file's database (tests/support/database.ts).

/** DATABASE_URL when it names a PostgreSQL server, undefined for embedded PGlite; anything else is refused. */
export function postgresServerUrl(url: string | undefined): string | undefined {
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("DATABASE_URL must be a postgres:// URL of a server the tests may create databases on");
  }
  return url || undefined;
}

/** Runs `use` on a connection to the server's own database, closed afterwards. */
export async function withServerClient<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
