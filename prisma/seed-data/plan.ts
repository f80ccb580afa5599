// The 60 demo needs: which state each is seeded in, its category and its enterprise (index into
// ENTERPRISES). `win` makes a demo org (0 = org@, 1 = org2@) a bidder and the winner; `bid` makes it a
// bidder only. `bundle` marks the two members of the PUBLISHED bundle project (same template).
import type { CategoryCode } from "./districts";

export type SeedState =
  | "DRAFT"
  | "SUBMITTED"
  | "PUBLISHED"
  | "EVALUATING"
  | "AWARDED"
  | "UNSUCCESSFUL"
  | "CANCELLED"
  | "REJECTED"
  | "IN_DELIVERY"
  | "DELIVERED"
  | "DISPUTED"
  | "ACCEPTED"
  | "EVALUATED"
  | "CLOSED";

export interface PlanEntry {
  state: SeedState;
  cat: CategoryCode;
  ent: number;
  win?: number; // org index that bids and wins
  bid?: number; // org index that bids
  bundle?: boolean;
  /** Template index inside the category (default: next unused). */
  t?: number;
  /** Open need with no bids yet: the broker invited these orgs (indexes) to bid. */
  invite?: number[];
  /** ACCEPTED after a resolved dispute. */
  resolvedDispute?: boolean;
}

const SK: CategoryCode = "skills_training";
const LA: CategoryCode = "legal_aid";
const PS: CategoryCode = "psych_counselling";
const EM: CategoryCode = "employment";
const CA: CategoryCode = "cadre_training";

export const PLAN: PlanEntry[] = [
  // DRAFT
  { state: "DRAFT", cat: PS, ent: 0, t: 2 },
  { state: "DRAFT", cat: SK, ent: 5, t: 6 },
  { state: "DRAFT", cat: EM, ent: 12 },
  { state: "DRAFT", cat: CA, ent: 17 },
  // SUBMITTED
  { state: "SUBMITTED", cat: LA, ent: 0, t: 4 },
  { state: "SUBMITTED", cat: SK, ent: 1, t: 7 },
  { state: "SUBMITTED", cat: PS, ent: 8 },
  { state: "SUBMITTED", cat: EM, ent: 14 },
  { state: "SUBMITTED", cat: CA, ent: 19 },
  // REJECTED
  { state: "REJECTED", cat: EM, ent: 0, t: 8 },
  { state: "REJECTED", cat: SK, ent: 9, t: 5 },
  { state: "REJECTED", cat: LA, ent: 15 },
  // PUBLISHED (bidding open; the last two are the members of the bundle project)
  { state: "PUBLISHED", cat: PS, ent: 0, bid: 0, t: 1 },
  { state: "PUBLISHED", cat: LA, ent: 2, bid: 1 },
  { state: "PUBLISHED", cat: SK, ent: 3, t: 8 },
  { state: "PUBLISHED", cat: EM, ent: 6 },
  { state: "PUBLISHED", cat: CA, ent: 10 },
  { state: "PUBLISHED", cat: PS, ent: 11, invite: [0, 7, 15] },
  { state: "PUBLISHED", cat: SK, ent: 1, bundle: true, t: 0 },
  { state: "PUBLISHED", cat: SK, ent: 20, bundle: true, t: 0 },
  // EVALUATING (deadline passed, several sealed bids now open)
  { state: "EVALUATING", cat: PS, ent: 0, bid: 0, t: 4 },
  { state: "EVALUATING", cat: LA, ent: 7, bid: 1 },
  { state: "EVALUATING", cat: SK, ent: 13, t: 3 },
  { state: "EVALUATING", cat: EM, ent: 16 },
  { state: "EVALUATING", cat: CA, ent: 18 },
  // AWARDED
  { state: "AWARDED", cat: PS, ent: 0, win: 0, t: 0 },
  { state: "AWARDED", cat: LA, ent: 3, win: 1 },
  { state: "AWARDED", cat: SK, ent: 11 },
  { state: "AWARDED", cat: CA, ent: 8 },
  // UNSUCCESSFUL
  { state: "UNSUCCESSFUL", cat: SK, ent: 9 },
  { state: "UNSUCCESSFUL", cat: EM, ent: 19 },
  { state: "UNSUCCESSFUL", cat: PS, ent: 6 },
  // CANCELLED
  { state: "CANCELLED", cat: LA, ent: 4 },
  { state: "CANCELLED", cat: SK, ent: 14 },
  { state: "CANCELLED", cat: CA, ent: 2 },
  // IN_DELIVERY
  { state: "IN_DELIVERY", cat: PS, ent: 0, win: 0, t: 8 },
  { state: "IN_DELIVERY", cat: LA, ent: 5, win: 1 },
  { state: "IN_DELIVERY", cat: SK, ent: 12, t: 9 },
  { state: "IN_DELIVERY", cat: EM, ent: 15 },
  { state: "IN_DELIVERY", cat: CA, ent: 1 },
  // DELIVERED (report filed, waiting for the enterprise)
  { state: "DELIVERED", cat: PS, ent: 0, win: 0, t: 5 },
  { state: "DELIVERED", cat: SK, ent: 7 },
  { state: "DELIVERED", cat: LA, ent: 10, win: 1, t: 2 },
  { state: "DELIVERED", cat: EM, ent: 13 },
  // DISPUTED
  { state: "DISPUTED", cat: SK, ent: 0, t: 4 },
  { state: "DISPUTED", cat: PS, ent: 16, win: 0 },
  // ACCEPTED
  { state: "ACCEPTED", cat: LA, ent: 17, win: 1 },
  { state: "ACCEPTED", cat: PS, ent: 18, win: 0 },
  { state: "ACCEPTED", cat: CA, ent: 3 },
  { state: "ACCEPTED", cat: EM, ent: 11, resolvedDispute: true },
  // EVALUATED
  { state: "EVALUATED", cat: PS, ent: 4, win: 0 },
  { state: "EVALUATED", cat: SK, ent: 6 },
  { state: "EVALUATED", cat: LA, ent: 8, win: 1 },
  { state: "EVALUATED", cat: EM, ent: 0, t: 0 },
  // CLOSED
  { state: "CLOSED", cat: PS, ent: 0, win: 0, t: 10 },
  { state: "CLOSED", cat: SK, ent: 1 },
  { state: "CLOSED", cat: LA, ent: 9, win: 1 },
  { state: "CLOSED", cat: CA, ent: 12 },
  { state: "CLOSED", cat: EM, ent: 14 },
  { state: "CLOSED", cat: PS, ent: 19 },
];
