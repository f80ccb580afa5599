// npm run audit:verify — walks the audit log's hash chain and exits non-zero when it is broken.
import { db, disconnectDb } from "../app/db.server";
import { verifyAuditChain } from "../app/domain/audit.server";

const result = await verifyAuditChain(db);
if (result.ok) {
  console.log(`审计日志完整 / audit chain OK: ${result.count} records verified`);
} else {
  console.error(`审计日志被篡改 / audit chain BROKEN at seq ${result.brokenAtSeq}: ${result.problem} (${result.count} records verified before it)`);
}
await disconnectDb();
process.exit(result.ok ? 0 : 1);
