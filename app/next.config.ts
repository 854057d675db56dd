import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// The repository root: the app imports the protocol module from ../offchain (TypeScript with `.ts`
// imports), so the bundler's root is the workspace root, not app/.
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// Optional modules imported lazily by @coinbase/cdp-sdk (wagmi's Base Account connector, via RainbowKit)
// for x402 payments, which Peper does not use and does not install.
const UNINSTALLED_OPTIONAL = [
  "@x402/core/client",
  "@x402/evm",
  "@x402/evm/exact/client",
  "@x402/evm/upto/client",
  "@x402/svm/exact/client",
];
const stub = "./src/stubs/unavailable.ts";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root, resolveAlias: Object.fromEntries(UNINSTALLED_OPTIONAL.map((m) => [m, stub])) },
  outputFileTracingRoot: root,
  // `npm run typecheck` (tsc over app/) is the type check; `next build` does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Nothing is fetched from the internet at build or run time: no remote images, no Google fonts.
  images: { unoptimized: true },
};

export default withNextIntl(config);
