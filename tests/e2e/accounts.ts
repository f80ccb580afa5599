// The demo accounts the seed creates (also listed in README.md). Tests sign in with these.
export const DEMO = {
  admin: { email: "admin@laborbridge.cn", password: "Admin#2026", role: "ADMIN" },
  broker: { email: "broker@laborbridge.cn", password: "Broker#2026", role: "BROKER" },
  enterprise: { email: "enterprise@laborbridge.cn", password: "Enterprise#2026", role: "ENTERPRISE" },
  org: { email: "org@laborbridge.cn", password: "Org#2026", role: "ORG" },
  org2: { email: "org2@laborbridge.cn", password: "Org#2026", role: "ORG" },
  pendingOrg: { email: "pending-org@laborbridge.cn", password: "Org#2026", role: "ORG" },
} as const;

export type DemoAccount = (typeof DEMO)[keyof typeof DEMO];

/** A unique e-mail for accounts a test creates (tests never share mutable accounts). */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@e2e.test`;
}
