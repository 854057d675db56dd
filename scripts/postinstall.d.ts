/** Adds Hardhat's EDR platform package when npm skipped it (see scripts/postinstall.js). */
export function ensureEdr(): void;
