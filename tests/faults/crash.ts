// Helpers for fault tests: find the process that serves a port, kill it the hard way, and make
// valid sign-up data for write bursts. Linux only (/proc).
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { USCC_ALPHABET, makeUscc } from "~/domain/uscc";

/** Socket inodes of TCP sockets LISTENing on `port` (any address, IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (f.length < 10) continue;
      if (f[1].endsWith(`:${hexPort}`) && f[3] === "0A") inodes.add(f[9]);
    }
  }
  return inodes;
}

/** Process ids that hold a socket listening on `port` (the server process, not its launcher). */
export function pidsListeningOn(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const links = new Set([...inodes].map((i) => `socket:[${i}]`));
  const pids: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (links.has(readlinkSync(`/proc/${p}/fd/${fd}`))) {
          pids.push(Number(p));
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (killed, not yet reaped by its parent) counts as dead.
  try {
    return !/^\S+\s+\(.*\)\s+Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** SIGKILL (kill -9) and wait until the process is gone. */
export async function killHard(pid: number, timeoutMs = 10_000): Promise<void> {
  process.kill(pid, "SIGKILL");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still alive ${timeoutMs} ms after SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A valid enterprise USCC (authority 9 市场监管, type 1 企业, 长沙 430100) with a random subject id. */
export function randomEnterpriseUscc(): string {
  let body = "91430100";
  const bytes = randomBytes(9);
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[bytes[i] % 31];
  return makeUscc(body);
}

export interface SignupAttempt {
  n: number;
  email: string;
  uscc: string;
  name: string;
  /** HTTP status of the answer; undefined when the connection failed (no answer at all). */
  status?: number;
  acknowledged: boolean;
  error?: string;
}

let seq = 0;
/** The fields of POST /signup/enterprise for one fresh enterprise. */
export function enterpriseSignup(tag: string): { attempt: SignupAttempt; fields: Record<string, string> } {
  const n = ++seq;
  const id = `${tag}-${n}-${randomBytes(3).toString("hex")}`;
  const attempt: SignupAttempt = { n, email: `${id}@faults.test`, uscc: randomEnterpriseUscc(), name: `故障测试企业 ${id}`, acknowledged: false };
  return {
    attempt,
    fields: {
      name: attempt.name,
      uscc: attempt.uscc,
      districtCode: "yuhua",
      industry: "制造业",
      employees: "120",
      hasUnion: "on",
      contactName: "测试联系人",
      phone: "13800138000",
      email: attempt.email,
      password: "Kill9#Burst2026",
      confirm: "Kill9#Burst2026",
    },
  };
}
