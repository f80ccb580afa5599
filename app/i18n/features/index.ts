// Feature dictionaries, merged into zh-CN.ts / en.ts. One file per feature area
// (app/i18n/features/<area>.ts) exporting `zh` (as const) and `en` (same keys, type-enforced):
//   export const zh = { "eval.title": "绩效评估" } as const;
//   export const en: { [K in keyof typeof zh]: string } = { "eval.title": "Performance evaluation" };
// Register it below with ONE import line and ONE spread in each object (edit surgically: others add lines too).
import * as broker from "./broker";
import * as core from "./core";
import * as evaluation from "./evaluation";
import * as marketplace from "./marketplace";
import * as registry from "./registry";
import * as search from "./search";

export const featureZh = {
  ...core.zh,
  ...broker.zh,
  ...evaluation.zh,
  ...marketplace.zh,
  ...registry.zh,
  ...search.zh,
} as const;

export const featureEn: { [K in keyof typeof featureZh]: string } = {
  ...core.en,
  ...broker.en,
  ...evaluation.en,
  ...marketplace.en,
  ...registry.en,
  ...search.en,
};
