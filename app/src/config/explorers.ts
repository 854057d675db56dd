/**
 * Block explorers of the public chains Peper supports, for "view transaction" links. Hand-written
 * configuration (third-party URLs, not protocol output). The local chains have none.
 */
export const EXPLORERS: Readonly<Record<number, string>> = {
  1: "https://etherscan.io",
  11155111: "https://sepolia.etherscan.io",
  137: "https://polygonscan.com",
  80002: "https://amoy.polygonscan.com",
  56: "https://bscscan.com",
  97: "https://testnet.bscscan.com",
  43114: "https://snowtrace.io",
  43113: "https://testnet.snowtrace.io",
  42161: "https://arbiscan.io",
  421614: "https://sepolia.arbiscan.io",
  10: "https://optimistic.etherscan.io",
  11155420: "https://sepolia-optimism.etherscan.io",
  8453: "https://basescan.org",
  84532: "https://sepolia.basescan.org",
};

/** The explorer page of a transaction, or undefined when the chain has no explorer. */
export const explorerTxUrl = (chainId: number, hash: string): string | undefined => {
  const base = EXPLORERS[chainId];
  return base ? `${base}/tx/${hash}` : undefined;
};
