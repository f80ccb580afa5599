// Preloaded into the server under test by `scripts/bench/http.ts --cpu-prof DIR` (NODE_OPTIONS=--import …;
// Node refuses --cpu-prof in NODE_OPTIONS). In the HTTP server process only (server.mjs / remix-serve),
// it starts the V8 sampling profiler and writes DIR/server-<pid>.cpuprofile when the process exits
// (the server exits on SIGTERM). Open the file in Chrome DevTools or summarise it with
// `node scripts/bench/cpu-prof-top.mjs FILE`.
import { Session } from "node:inspector";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.LB_CPU_PROF_DIR;
if (dir && process.argv.slice(1).some((a) => /(?:server\.mjs|cli\.js)$/.test(a))) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The in-process session answers synchronously, so this works inside signal and exit handlers.
    session.post("Profiler.stop", (err, res) => {
      if (err || !res) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  };
  // Registered before the server's own SIGTERM handler, so the profile is on disk before it exits
  // (the harness SIGKILLs the process group 5 s after SIGTERM).
  process.on("SIGTERM", write);
  process.on("SIGINT", write);
  process.on("exit", write);
}
