// The search contract against Meilisearch, when MEILI_URL is set (MEILI_KEY optional). Each run uses
// its own index prefix and deletes its indexes afterwards.
import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { searchContract } from "./contract";
import { MeiliSearchEngine } from "./meili.server";
import { INDEX_NAMES } from "./port";

const url = process.env.MEILI_URL;

if (url) {
  searchContract({
    name: `meilisearch (${url})`,
    async create() {
      return new MeiliSearchEngine({ host: url, apiKey: process.env.MEILI_KEY || undefined, indexPrefix: `lbtest_${randomBytes(4).toString("hex")}_` });
    },
    async destroy(engine) {
      const m = engine as MeiliSearchEngine;
      for (const index of INDEX_NAMES) await m.client.deleteIndexIfExists(m.uid(index));
    },
  });
} else {
  console.warn("MEILI_URL not set: skipped the Meilisearch contract run");
  describe.skip("search contract: meilisearch (MEILI_URL not set: skipped the Meilisearch contract run)", () => {
    it("needs MEILI_URL", () => {});
  });
}
