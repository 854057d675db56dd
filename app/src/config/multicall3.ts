/**
 * Multicall3's address on every chain the app offers: the public chains have it from its presigned
 * deployment, the local stack's chains from `npm start` (scripts/lib/multicall3.ts). The app's viem
 * chains name it (`contracts.multicall3`), so a multicall is one plain eth_call whatever the number
 * of calls.
 */
export const MULTICALL3_ADDRESS = "0xcA11bde05977b3631167028862bE2a173976CA11";
