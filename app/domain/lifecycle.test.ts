import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isMessageKey } from "~/i18n";
import {
  BIDS_OPEN_STATES,
  PROJECT_STATES,
  TERMINAL_STATES,
  TRANSITIONS,
  bidsAreOpen,
  canFire,
  getTransition,
  isTransitionName,
  reachableStates,
  rollUpBundleState,
  toMermaid,
  transitionsFor,
  transitionsFrom,
} from "./lifecycle";

describe("lifecycle table", () => {
  it("has unique transition names, each with i18n label keys", () => {
    const names = TRANSITIONS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of TRANSITIONS) {
      expect(t.labelKey).toBe(`transition.${t.name}.label`);
      expect(t.descriptionKey).toBe(`transition.${t.name}.description`);
      expect(t.roles.length).toBeGreaterThan(0);
      expect(t.from.length).toBeGreaterThan(0);
      expect(t.from).not.toContain(t.to);
      expect(isTransitionName(t.name)).toBe(true);
    }
    expect(isTransitionName("nope")).toBe(false);
  });

  it("follows the design: the main path, returns, disputes", () => {
    const edge = (name: string) => {
      const t = getTransition(name as never);
      return `${t.from.join("|")}->${t.to}:${t.roles.join("|")}`;
    };
    expect(edge("submit")).toBe("DRAFT->SUBMITTED:ENTERPRISE");
    expect(edge("publish")).toBe("SUBMITTED->PUBLISHED:BROKER");
    expect(edge("return")).toBe("SUBMITTED->DRAFT:BROKER");
    expect(edge("reject")).toBe("SUBMITTED->REJECTED:BROKER");
    expect(edge("close_bidding")).toBe("PUBLISHED->EVALUATING:SYSTEM|BROKER");
    expect(edge("award")).toBe("EVALUATING->AWARDED:BROKER");
    expect(edge("declare_unsuccessful")).toBe("EVALUATING->UNSUCCESSFUL:BROKER");
    expect(edge("cancel")).toBe("DRAFT|SUBMITTED|PUBLISHED|EVALUATING->CANCELLED:ENTERPRISE|BROKER");
    expect(edge("start_delivery")).toBe("AWARDED->IN_DELIVERY:ORG");
    expect(edge("file_delivery")).toBe("IN_DELIVERY->DELIVERED:ORG");
    expect(edge("accept")).toBe("DELIVERED->ACCEPTED:ENTERPRISE");
    expect(edge("dispute")).toBe("DELIVERED->DISPUTED:ENTERPRISE");
    expect(edge("resolve_dispute_redeliver")).toBe("DISPUTED->IN_DELIVERY:BROKER");
    expect(edge("resolve_dispute_accept")).toBe("DISPUTED->ACCEPTED:BROKER");
    expect(edge("evaluate")).toBe("ACCEPTED->EVALUATED:BROKER");
    expect(edge("close")).toBe("EVALUATED->CLOSED:BROKER");
  });

  it("reaches every state from DRAFT; terminal states have no way out; others do", () => {
    expect([...reachableStates()].sort()).toEqual([...PROJECT_STATES].sort());
    for (const s of PROJECT_STATES) {
      if (TERMINAL_STATES.includes(s)) expect(transitionsFrom(s)).toEqual([]);
      else expect(transitionsFrom(s).length).toBeGreaterThan(0);
    }
  });

  it("answers canFire / transitionsFor by role and state", () => {
    expect(canFire("publish", "BROKER", "SUBMITTED")).toBe(true);
    expect(canFire("publish", "ENTERPRISE", "SUBMITTED")).toBe(false);
    expect(canFire("publish", "BROKER", "DRAFT")).toBe(false);
    expect(canFire("close_bidding", "SYSTEM", "PUBLISHED")).toBe(true);
    expect(canFire("nope" as never, "BROKER", "DRAFT")).toBe(false);
    expect(transitionsFor("ENTERPRISE", "DELIVERED").map((t) => t.name).sort()).toEqual(["accept", "dispute"]);
    expect(transitionsFor("ADMIN", "SUBMITTED")).toEqual([]);
    expect(transitionsFor("BROKER", "SUBMITTED").map((t) => t.name).sort()).toEqual(["cancel", "publish", "reject", "return"]);
  });

  it("opens bids only after bidding closed; a cancelled tender stays sealed", () => {
    expect(bidsAreOpen("PUBLISHED")).toBe(false);
    expect(bidsAreOpen("CANCELLED")).toBe(false);
    expect(bidsAreOpen("EVALUATING")).toBe(true);
    expect(BIDS_OPEN_STATES).not.toContain("DRAFT");
  });

  it("rolls a bundle up to its least advanced member", () => {
    expect(rollUpBundleState(["ACCEPTED", "DELIVERED"])).toBe("DELIVERED");
    expect(rollUpBundleState(["ACCEPTED", "DISPUTED"])).toBe("DELIVERED");
    expect(rollUpBundleState(["ACCEPTED", "ACCEPTED"])).toBe("ACCEPTED");
    expect(rollUpBundleState(["CLOSED", "EVALUATED"])).toBe("EVALUATED");
    expect(rollUpBundleState(["IN_DELIVERY", "CLOSED"])).toBe("IN_DELIVERY");
    expect(rollUpBundleState(["PUBLISHED"])).toBeNull();
    expect(rollUpBundleState([])).toBeNull();
  });

  it("draws a Mermaid stateDiagram-v2 with every edge", () => {
    const m = toMermaid();
    expect(m.split("\n")[0]).toBe("stateDiagram-v2");
    expect(m).toContain("[*] --> DRAFT");
    expect(m).toContain("SUBMITTED --> PUBLISHED : publish (BROKER)");
    expect(m).toContain("EVALUATING --> CANCELLED : cancel (ENTERPRISE / BROKER)");
    const edges = m.split("\n").filter((l) => /^\s+[A-Z_]+ --> [A-Z_]+ :/.test(l));
    expect(edges.length).toBe(TRANSITIONS.reduce((n, t) => n + t.from.length, 0));
    const labelled = toMermaid({ stateLabel: (s) => `状态:${s}`, transitionLabel: (t) => `«${t.name}»`, withRoles: false });
    expect(labelled).toContain("DRAFT : 状态 DRAFT");
    expect(labelled).toContain("DRAFT --> SUBMITTED : «submit»");
  });
});

describe("i18n", () => {
  it("has a label, a description and notification texts for every transition, and texts for the other marketplace events", () => {
    const missing: string[] = [];
    const need = (k: string) => {
      if (!isMessageKey(k)) missing.push(k);
    };
    for (const t of TRANSITIONS) {
      need(t.labelKey);
      need(t.descriptionKey);
      for (const kind of [t.effects.notificationKind, ...(t.name === "award" ? ["award.won", "award.lost"] : [])]) {
        need(`notification.${kind}.title`);
        need(`notification.${kind}.body`);
      }
      for (const r of t.roles) need(`lifecycle.role.${r}`);
    }
    for (const kind of ["bid.received", "need.bundled", "need.unbundled", "rating.received"]) {
      need(`notification.${kind}.title`);
      need(`notification.${kind}.body`);
    }
    for (const rule of ["vetting", "minGrade", "minYearsRegistered", "mustServeDistrict", "unionRequired"]) {
      need(`admission.${rule}`);
      need(`error.admission.${rule}`);
    }
    for (const s of PROJECT_STATES) need(`projectState.${s}`);
    expect(missing).toEqual([]);
  });

  it("translates every error key the marketplace modules use", () => {
    const files = ["projects.server.ts", "projects.schema.ts", "bids.server.ts", "bids.schema.ts", "delivery.server.ts", "money.ts"];
    const keys = new Set<string>();
    for (const f of files) {
      const src = readFileSync(new URL(`./${f}`, import.meta.url), "utf8");
      for (const m of src.matchAll(/"(error\.[A-Za-z0-9_.]+)"/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(40);
    expect([...keys].filter((k) => !isMessageKey(k))).toEqual([]);
  });
});
