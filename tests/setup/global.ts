// vitest globalSetup: migrate one template database for the run.
import type { TestProject } from "vitest/node";
import { createTemplate, dropRun, testDbKind } from "./testdb";

declare module "vitest" {
  export interface ProvidedContext {
    templateDbUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const url = await createTemplate(runId);
  project.provide("templateDbUrl", url);
  console.log(`[tests] database: ${testDbKind()} (template ${url})`);
  return async () => {
    if (!process.env.LB_KEEP_TEST_DB) await dropRun(runId, url);
  };
}
