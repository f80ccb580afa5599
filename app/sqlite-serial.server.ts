// One SQLite connection, one writer at a time — including queries outside a transaction.
//
// @prisma/adapter-better-sqlite3 (7.x) runs every query on ONE better-sqlite3 connection. An
// interactive transaction holds the adapter's mutex from BEGIN to COMMIT/ROLLBACK, across awaits,
// but a query outside a transaction does not wait for that mutex: it runs on the same connection,
// i.e. INSIDE whatever transaction another request has open at that moment. Such a read sees
// uncommitted rows, and such a write (a session refresh, a notification marked read, an
// `updateMany`) is rolled back with the other request's transaction although it was acknowledged.
//
// This wrapper puts every top-level query (queryRaw / executeRaw / executeScript) and every
// transaction behind one FIFO lock: a query waits until no transaction is open, and a transaction
// waits until the queries before it ran. better-sqlite3 is synchronous, so a query holds the lock
// only while it runs. Queries made through a transaction object are not wrapped (they hold it).
// tests: app/sqlite-serial.server.test.ts.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/** A FIFO async lock: `acquire()` resolves to the release function. */
export function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const prev = tail;
      tail = prev.then(() => held);
      return prev.then(() => {
        let done = false;
        return () => {
          if (!done) {
            done = true;
            release();
          }
        };
      });
    },
  };
}

function serialize(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = createLock();
  const a = adapter as SqlDriverAdapter & Record<string, unknown>;
  const guarded = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await lock.acquire();
      try {
        return await fn(...args);
      } finally {
        release();
      }
    };
  a.queryRaw = guarded(adapter.queryRaw.bind(adapter));
  a.executeRaw = guarded(adapter.executeRaw.bind(adapter));
  a.executeScript = guarded(adapter.executeScript.bind(adapter));
  const startTransaction = adapter.startTransaction.bind(adapter);
  a.startTransaction = async (...args: Parameters<SqlDriverAdapter["startTransaction"]>): Promise<Transaction> => {
    const release = await lock.acquire();
    let tx: Transaction;
    try {
      tx = await startTransaction(...args);
    } catch (e) {
      release();
      throw e;
    }
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    const t = tx as Transaction & Record<string, unknown>;
    t.commit = async () => {
      try {
        return await commit();
      } finally {
        release();
      }
    };
    t.rollback = async () => {
      try {
        return await rollback();
      } finally {
        release();
      }
    };
    return tx;
  };
  return adapter;
}

/** Wraps a better-sqlite3 adapter factory so that each connection it makes is serialized as above. */
export function serializedSqlite(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialize(await factory.connect()),
  };
}
