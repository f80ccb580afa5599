// The project lifecycle as DATA: one table of states and transitions, read by the domain code
// (projects.server.ts fireTransition), drawn on the help page (toMermaid / the table itself) and
// tested transition by transition. Pure: no database, no framework; safe in the browser.
import type { ProjectState } from "~/generated/sqlite/enums";

export type { ProjectState };

/** Every project state, in lifecycle order. */
export const PROJECT_STATES = [
  "DRAFT",
  "SUBMITTED",
  "PUBLISHED",
  "EVALUATING",
  "AWARDED",
  "IN_DELIVERY",
  "DELIVERED",
  "DISPUTED",
  "ACCEPTED",
  "EVALUATED",
  "CLOSED",
  "UNSUCCESSFUL",
  "REJECTED",
  "CANCELLED",
] as const satisfies readonly ProjectState[];

// Compile-time check that the list above names every state of the Prisma enum.
type _AllStatesListed = Exclude<ProjectState, (typeof PROJECT_STATES)[number]> extends never ? true : never;
const _allStatesListed: _AllStatesListed = true;
void _allStatesListed;

/** States no transition leaves. */
export const TERMINAL_STATES: readonly ProjectState[] = ["CLOSED", "UNSUCCESSFUL", "REJECTED", "CANCELLED"];

/**
 * Who may fire a transition. The party is checked against the project, not just the role:
 * - ENTERPRISE: a user of the enterprise that owns the need (for a bundle member: that member's owner)
 * - ORG: a user of the organization the project (or its bundle) was awarded to
 * - BROKER: any union broker
 * - SYSTEM: the deadline timer (no user)
 */
export type LifecycleRole = "ENTERPRISE" | "ORG" | "BROKER" | "SYSTEM";

/** Who is told about a transition (resolved to users by projects.server.ts). */
export type NotifyTarget =
  | "enterprise" // the owner enterprise(s): for a bundle, every member's enterprise
  | "brokers" // every broker
  | "awardedOrg" // the organization holding the award
  | "bidders" // every organization with a live (SUBMITTED) bid
  | "losers"; // bidders that did not win (award only)

/** Guard names; their implementations live in projects.server.ts (they need the database). */
export type GuardName =
  | "needReady" // every field the review needs is present; a proposed bid deadline is still in the future
  | "bidWindowValid" // the bid deadline (input or proposed) is in the future and before the service start
  | "deadlinePassed" // the bid deadline has passed
  | "bidAwardable" // the bid is live, belongs to the project, its org is still APPROVED
  | "disputeOpen" // there is an unresolved dispute
  | "evaluationClosed"; // the performance evaluation of the project is closed

/** What a transition's input must carry (schemas in projects.schema.ts). */
export type InputKind = "none" | "publish" | "reason" | "award" | "deliveryReport" | "resolution";

export type TransitionName =
  | "submit"
  | "publish"
  | "return"
  | "reject"
  | "close_bidding"
  | "award"
  | "declare_unsuccessful"
  | "cancel"
  | "start_delivery"
  | "file_delivery"
  | "accept"
  | "dispute"
  | "resolve_dispute_redeliver"
  | "resolve_dispute_accept"
  | "evaluate"
  | "close";

/**
 * How a transition treats bundles (集中采购: one bundle project, several member needs).
 * - "bundle": fired on the bundle; members follow it into the same state (bidding, award, start)
 * - "member": fired on a member need (each enterprise accepts / disputes its own part); the bundle's
 *   state is rolled up from its members (the least advanced one)
 * - "single": only for a need that is not in a bundle (review of a need before it is bundled)
 */
export type BundleMode = "bundle" | "member" | "single";

export interface TransitionDef {
  name: TransitionName;
  from: readonly ProjectState[];
  to: ProjectState;
  roles: readonly LifecycleRole[];
  guard: GuardName | null;
  input: InputKind;
  bundle: BundleMode;
  effects: {
    /** Notification kind sent to `notify` (i18n keys `notification.<kind>.title|body`). */
    notificationKind: string;
    notify: readonly NotifyTarget[];
    /** Enqueue a search-outbox upsert of the project (and of its members / bundle). */
    reindex: boolean;
  };
  /** i18n keys: `transition.<name>.label` (button), `transition.<name>.description` (help page). */
  labelKey: string;
  descriptionKey: string;
}

function def(d: Omit<TransitionDef, "labelKey" | "descriptionKey">): TransitionDef {
  return { ...d, labelKey: `transition.${d.name}.label`, descriptionKey: `transition.${d.name}.description` };
}

/** States from which a project can still be cancelled (before an award binds anyone). */
export const CANCELLABLE_STATES: readonly ProjectState[] = ["DRAFT", "SUBMITTED", "PUBLISHED", "EVALUATING"];

/** THE lifecycle table. */
export const TRANSITIONS: readonly TransitionDef[] = [
  def({
    name: "submit",
    from: ["DRAFT"],
    to: "SUBMITTED",
    roles: ["ENTERPRISE"],
    guard: "needReady",
    input: "none",
    bundle: "single",
    effects: { notificationKind: "need.submitted", notify: ["brokers"], reindex: true },
  }),
  def({
    name: "publish",
    from: ["SUBMITTED"],
    to: "PUBLISHED",
    roles: ["BROKER"],
    guard: "bidWindowValid",
    input: "publish",
    bundle: "single",
    effects: { notificationKind: "need.published", notify: ["enterprise"], reindex: true },
  }),
  def({
    name: "return",
    from: ["SUBMITTED"],
    to: "DRAFT",
    roles: ["BROKER"],
    guard: null,
    input: "reason",
    bundle: "single",
    effects: { notificationKind: "need.returned", notify: ["enterprise"], reindex: true },
  }),
  def({
    name: "reject",
    from: ["SUBMITTED"],
    to: "REJECTED",
    roles: ["BROKER"],
    guard: null,
    input: "reason",
    bundle: "single",
    effects: { notificationKind: "need.rejected", notify: ["enterprise"], reindex: true },
  }),
  def({
    name: "close_bidding",
    from: ["PUBLISHED"],
    to: "EVALUATING",
    roles: ["SYSTEM", "BROKER"],
    guard: "deadlinePassed",
    input: "none",
    bundle: "bundle",
    effects: { notificationKind: "bidding.closed", notify: ["enterprise", "brokers", "bidders"], reindex: true },
  }),
  def({
    name: "award",
    from: ["EVALUATING"],
    to: "AWARDED",
    roles: ["BROKER"],
    guard: "bidAwardable",
    input: "award",
    bundle: "bundle",
    effects: { notificationKind: "project.awarded", notify: ["enterprise", "awardedOrg", "losers"], reindex: true },
  }),
  def({
    name: "declare_unsuccessful",
    from: ["EVALUATING"],
    to: "UNSUCCESSFUL",
    roles: ["BROKER"],
    guard: null,
    input: "reason",
    bundle: "bundle",
    effects: { notificationKind: "project.unsuccessful", notify: ["enterprise", "bidders"], reindex: true },
  }),
  def({
    name: "cancel",
    from: CANCELLABLE_STATES,
    to: "CANCELLED",
    roles: ["ENTERPRISE", "BROKER"],
    guard: null,
    input: "reason",
    bundle: "bundle",
    effects: { notificationKind: "project.cancelled", notify: ["enterprise", "brokers", "bidders"], reindex: true },
  }),
  def({
    name: "start_delivery",
    from: ["AWARDED"],
    to: "IN_DELIVERY",
    roles: ["ORG"],
    guard: null,
    input: "none",
    bundle: "bundle",
    effects: { notificationKind: "delivery.started", notify: ["enterprise", "brokers"], reindex: true },
  }),
  def({
    name: "file_delivery",
    from: ["IN_DELIVERY"],
    to: "DELIVERED",
    roles: ["ORG"],
    guard: null,
    input: "deliveryReport",
    bundle: "member",
    effects: { notificationKind: "delivery.filed", notify: ["enterprise", "brokers"], reindex: true },
  }),
  def({
    name: "accept",
    from: ["DELIVERED"],
    to: "ACCEPTED",
    roles: ["ENTERPRISE"],
    guard: null,
    input: "none",
    bundle: "member",
    effects: { notificationKind: "delivery.accepted", notify: ["awardedOrg", "brokers"], reindex: true },
  }),
  def({
    name: "dispute",
    from: ["DELIVERED"],
    to: "DISPUTED",
    roles: ["ENTERPRISE"],
    guard: null,
    input: "reason",
    bundle: "member",
    effects: { notificationKind: "delivery.disputed", notify: ["awardedOrg", "brokers"], reindex: true },
  }),
  def({
    name: "resolve_dispute_redeliver",
    from: ["DISPUTED"],
    to: "IN_DELIVERY",
    roles: ["BROKER"],
    guard: "disputeOpen",
    input: "resolution",
    bundle: "member",
    effects: { notificationKind: "dispute.redeliver", notify: ["enterprise", "awardedOrg"], reindex: true },
  }),
  def({
    name: "resolve_dispute_accept",
    from: ["DISPUTED"],
    to: "ACCEPTED",
    roles: ["BROKER"],
    guard: "disputeOpen",
    input: "resolution",
    bundle: "member",
    effects: { notificationKind: "dispute.accepted", notify: ["enterprise", "awardedOrg"], reindex: true },
  }),
  def({
    name: "evaluate",
    from: ["ACCEPTED"],
    to: "EVALUATED",
    roles: ["BROKER"],
    guard: "evaluationClosed",
    input: "none",
    bundle: "member",
    effects: { notificationKind: "project.evaluated", notify: ["enterprise", "awardedOrg"], reindex: true },
  }),
  def({
    name: "close",
    from: ["EVALUATED"],
    to: "CLOSED",
    roles: ["BROKER"],
    guard: null,
    input: "none",
    bundle: "member",
    effects: { notificationKind: "project.closed", notify: ["enterprise", "awardedOrg"], reindex: true },
  }),
];

export const TRANSITION_NAMES: readonly TransitionName[] = TRANSITIONS.map((t) => t.name);

const BY_NAME = new Map<string, TransitionDef>(TRANSITIONS.map((t) => [t.name, t]));

export function isTransitionName(name: unknown): name is TransitionName {
  return typeof name === "string" && BY_NAME.has(name);
}

export function getTransition(name: TransitionName): TransitionDef {
  const t = BY_NAME.get(name);
  if (!t) throw new Error(`unknown transition ${name}`);
  return t;
}

/** Transitions that may leave `state` (any role). */
export function transitionsFrom(state: ProjectState): TransitionDef[] {
  return TRANSITIONS.filter((t) => t.from.includes(state));
}

/** Transitions `role` may fire from `state` (role and state only; ownership and guards are checked by the server). */
export function transitionsFor(role: LifecycleRole | string, state: ProjectState): TransitionDef[] {
  return TRANSITIONS.filter((t) => t.from.includes(state) && (t.roles as readonly string[]).includes(role));
}

/** Role and from-state allow the transition (ownership and guard are the server's business). */
export function canFire(name: TransitionName, role: LifecycleRole | string, state: ProjectState): boolean {
  const t = BY_NAME.get(name);
  return !!t && t.from.includes(state) && (t.roles as readonly string[]).includes(role);
}

/** States reachable from DRAFT following the table (all of them; used by a test). */
export function reachableStates(start: ProjectState = "DRAFT"): Set<ProjectState> {
  const seen = new Set<ProjectState>([start]);
  const queue: ProjectState[] = [start];
  while (queue.length) {
    const s = queue.shift() as ProjectState;
    for (const t of transitionsFrom(s)) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

/** Bids stay sealed in these states; after close_bidding they can be opened. CANCELLED stays sealed. */
export const BIDS_OPEN_STATES: readonly ProjectState[] = [
  "EVALUATING",
  "AWARDED",
  "UNSUCCESSFUL",
  "IN_DELIVERY",
  "DELIVERED",
  "DISPUTED",
  "ACCEPTED",
  "EVALUATED",
  "CLOSED",
];

export function bidsAreOpen(state: ProjectState): boolean {
  return BIDS_OPEN_STATES.includes(state);
}

/** Post-award states in delivery order; a bundle's state is the least advanced of its members'. */
export const DELIVERY_RANK: Partial<Record<ProjectState, number>> = {
  IN_DELIVERY: 0,
  DELIVERED: 1,
  DISPUTED: 1,
  ACCEPTED: 2,
  EVALUATED: 3,
  CLOSED: 4,
};
const RANK_STATE: ProjectState[] = ["IN_DELIVERY", "DELIVERED", "ACCEPTED", "EVALUATED", "CLOSED"];

/** The state a bundle shows once its members are in delivery: the least advanced member's. */
export function rollUpBundleState(memberStates: readonly ProjectState[]): ProjectState | null {
  let min = Infinity;
  for (const s of memberStates) {
    const r = DELIVERY_RANK[s];
    if (r === undefined) return null;
    min = Math.min(min, r);
  }
  return Number.isFinite(min) ? RANK_STATE[min] : null;
}

export interface MermaidOptions {
  /** Label for a state (default: the state name). E.g. `(s) => t(locale, "projectState." + s)`. */
  stateLabel?: (state: ProjectState) => string;
  /** Label for a transition edge (default: its name). */
  transitionLabel?: (t: TransitionDef) => string;
  /** Add the roles to each edge label, e.g. "publish (BROKER)". Default true. */
  withRoles?: boolean;
}

function mermaidText(s: string): string {
  // Mermaid edge/description text: no colons, quotes or angle brackets.
  return s.replace(/[:"<>;#]/g, " ").replace(/\s+/g, " ").trim();
}

/** A Mermaid `stateDiagram-v2` of the table. */
export function toMermaid(options: MermaidOptions = {}): string {
  const withRoles = options.withRoles ?? true;
  const lines = ["stateDiagram-v2", "  [*] --> DRAFT"];
  if (options.stateLabel) {
    for (const s of PROJECT_STATES) lines.push(`  ${s} : ${mermaidText(options.stateLabel(s))}`);
  }
  for (const t of TRANSITIONS) {
    const base = options.transitionLabel ? options.transitionLabel(t) : t.name;
    const label = mermaidText(withRoles ? `${base} (${t.roles.join(" / ")})` : base);
    for (const from of t.from) lines.push(`  ${from} --> ${t.to} : ${label}`);
  }
  for (const s of TERMINAL_STATES) lines.push(`  ${s} --> [*]`);
  return lines.join("\n");
}
