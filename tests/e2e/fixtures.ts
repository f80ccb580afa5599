// The `test` every spec imports. Each test claims its own client address through X-Forwarded-For (the
// e2e server runs with TRUST_PROXY=1), so per-IP rate limits (login, sign-up) of one test never lock out
// another, whatever order or worker the tests run in.
import { test as base } from "@playwright/test";
import { randomTestIp } from "../http/client";

export const test = base.extend<{ clientIp: string }>({
  clientIp: async ({}, use) => {
    await use(randomTestIp());
  },
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientIp }, use) => {
    await use({ ...extraHTTPHeaders, "X-Forwarded-For": clientIp });
  },
});

export { expect } from "@playwright/test";
