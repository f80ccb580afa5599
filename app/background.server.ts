// Background work of one server process: the bid-deadline timer (PUBLISHED → EVALUATING on time) and
// the search outbox sync worker. Started once per process from entry.server; never under vitest
// (tests drive these functions directly) or when LB_BACKGROUND=0.
import { startDeadlineTimer } from "~/domain/projects.server";
import { startSyncLoop } from "#search/sync.server";

const g = globalThis as typeof globalThis & { __lbBackground?: boolean };

export function startBackgroundJobs(): void {
  if (g.__lbBackground || process.env.VITEST || process.env.LB_BACKGROUND === "0") return;
  g.__lbBackground = true;
  startDeadlineTimer();
  startSyncLoop();
}
