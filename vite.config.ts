import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isTest = !!process.env.VITEST;

export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#search": fileURLToPath(new URL("./search", import.meta.url)),
    },
  },
  server: { port: 3000 },
  plugins: isTest
    ? []
    : [
        tailwindcss(),
        remix({
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
      ],
  optimizeDeps: { exclude: ["@node-rs/argon2", "@node-rs/jieba", "better-sqlite3"] },
  ssr: {
    external: ["@node-rs/argon2", "@node-rs/jieba", "better-sqlite3", "pdfkit", "@prisma/schema-engine-wasm"],
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "search/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/per-file.ts"],
  },
});
