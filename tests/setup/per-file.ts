// vitest setupFiles: each test file gets its own fresh, migrated database (a copy of the run's
// template) before anything imports the Prisma client.
import { afterAll, inject } from "vitest";
import { cloneTemplate, dropDatabase } from "./testdb";

const url = await cloneTemplate(inject("templateDbUrl"));
process.env.DATABASE_URL = url;

afterAll(async () => {
  const { disconnectDb } = await import("../../app/db.server");
  await disconnectDb();
  if (!process.env.LB_KEEP_TEST_DB) await dropDatabase(url);
});
