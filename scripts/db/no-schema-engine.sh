#!/bin/sh
echo "native Prisma schema engine is not available offline; use scripts/db/migrate.ts (wasm)" >&2
exit 1
