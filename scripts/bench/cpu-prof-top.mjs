// Summarises a V8 .cpuprofile: the top functions by self time and by total (inclusive) time.
//   node scripts/bench/cpu-prof-top.mjs FILE.cpuprofile [N=30] [--window FROM-TO] [--timeline]
// --timeline prints the busy (non-idle) share per 5 s, in seconds since the profile started, to find the
// load windows; --window 60-70 keeps only the samples of those seconds.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const windowArg = flag("--window");
const timeline = args.includes("--timeline");
if (timeline) args.splice(args.indexOf("--timeline"), 1);
const [file, nArg] = args;
if (!file) {
  console.error("usage: node scripts/bench/cpu-prof-top.mjs FILE.cpuprofile [N=30] [--window FROM-TO] [--timeline]");
  process.exit(2);
}
const N = Number(nArg ?? 30);
const prof = JSON.parse(readFileSync(file, "utf8"));
{
  // Sample times (µs since start) from timeDeltas; optional window filter; optional busy timeline.
  const t = [];
  let acc = 0;
  for (let i = 0; i < prof.samples.length; i++) t.push((acc += prof.timeDeltas?.[i] ?? 0));
  const idleIds = new Set(prof.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  if (timeline) {
    const buckets = new Map();
    for (let i = 0; i < t.length; i++) {
      const b = Math.floor(t[i] / 5e6) * 5;
      const e = buckets.get(b) ?? [0, 0];
      e[0]++;
      if (!idleIds.has(prof.samples[i])) e[1]++;
      buckets.set(b, e);
    }
    console.log("busy share per 5 s (seconds since start):");
    for (const [b, [all, busy]] of [...buckets].sort((x, y) => x[0] - y[0])) console.log(`  ${String(b).padStart(4)}–${b + 5} s  ${((100 * busy) / all).toFixed(0).padStart(3)} %`);
  }
  if (windowArg) {
    const [from, to] = windowArg.split("-").map((x) => Number(x) * 1e6);
    const keep = prof.samples.map((_, i) => t[i] >= from && t[i] < to);
    prof.samples = prof.samples.filter((_, i) => keep[i]);
    prof.startTime = 0;
    prof.endTime = to - from;
  }
}
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map();
for (const id of prof.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const total = prof.samples.length;
const label = (n) => {
  const f = n.callFrame;
  const url = (f.url || "").replace(/^file:\/\//, "").replace(/^.*node_modules\//, "~/").replace(/^.*\/build\//, "build/");
  return `${f.functionName || "(anonymous)"} ${url}${url ? `:${f.lineNumber + 1}` : ""}`;
};
const self = new Map();
const incl = new Map();
for (const [id, c] of counts) {
  const n = byId.get(id);
  self.set(label(n), (self.get(label(n)) ?? 0) + c);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + c);
  }
}
const ms = (prof.endTime - prof.startTime) / 1000;
console.log(`${file}: ${total} samples over ${(ms / 1000).toFixed(1)} s`);
const show = (title, m) => {
  console.log(`\n${title}`);
  for (const [l, c] of [...m].sort((a, b) => b[1] - a[1]).slice(0, N)) console.log(`${((100 * c) / total).toFixed(1).padStart(5)} %  ${l}`);
};
show("self time", self);
show("total time", incl);
