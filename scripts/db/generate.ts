// Generates both Prisma clients offline (no native schema engine needed for generate).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { assemble, root, type Provider } from "./assemble";

for (const provider of ["sqlite", "postgres"] as Provider[]) {
  const schema = assemble(provider);
  execFileSync(process.execPath, [join(root, "node_modules/prisma/build/index.js"), "generate", "--schema", schema], {
    cwd: root,
    stdio: process.env.DEBUG_PRISMA ? "inherit" : ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: join(root, "scripts/db/no-schema-engine.sh"),
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
}
console.log("prisma clients generated: app/generated/sqlite, app/generated/postgres");
