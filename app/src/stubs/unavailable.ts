// Stands in for optional modules that a dependency imports for features Peper never uses (Coinbase's
// x402 payments, reached through RainbowKit → wagmi's Base Account connector → @coinbase/cdp-sdk).
// They are not installed; if such a code path ever ran, it would fail with this message.
const unavailable = (): never => {
  throw new Error("x402 payments are not available in Peper's dApp (the optional @x402 modules are not installed).");
};

export const toClientEvmSigner = unavailable;
export default unavailable;
