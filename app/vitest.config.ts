import { fileURLToPath } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Unit tests of the pure modules and component tests (Testing Library in jsdom). The browser tests
// against the local stack are e2e/ (node --test), not here.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      "@protocol": fileURLToPath(new URL("../offchain/src/protocol", import.meta.url)),
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    setupFiles: ["./src/test/setup.ts"],
  },
});
