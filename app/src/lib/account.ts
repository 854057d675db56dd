/**
 * The signed-in account as GET /auth/me answers it (offchain/src/api/routes/auth.ts). Its role is the
 * one stored now; the API checks the role in the session's access token, which follows only after
 * signing in again (see roleOfAccessToken in compliance.ts).
 */
import type { KycState, Role } from "./compliance.ts";

/** GET /auth/me: the profile (role, e-mail) and compliance status of the signed-in user. */
export interface Me {
  user_profile: { id: string; email: string; role: Role; region: string; created_at: string };
  compliance_status: { kyc: KycState; login_region: string; trading_allowed: boolean; restrictions: string[] };
}

/** Whether an API session belongs to the wallet connected now (addresses compared case-insensitively). */
export const sessionIsFor = (session: { address?: string } | undefined, account: string | undefined): boolean =>
  !!session?.address && !!account && session.address.toLowerCase() === account.toLowerCase();

/**
 * Whether a session counts as signed in with the wallet connected now: an e-mail session always (the
 * account is the same whichever wallet is connected); a wallet session while no wallet or that wallet
 * is connected (another wallet connected asks to sign in with it).
 */
export const sessionActive = (
  session: { method: string; address?: string } | undefined,
  connected: string | undefined,
): boolean => {
  if (!session) return false;
  if (session.method !== "siwe" || !session.address || !connected) return true;
  return session.address.toLowerCase() === connected.toLowerCase();
};

/** A wallet linked to the account (GET /account, /auth/siwe/wallets). */
export interface LinkedWallet {
  id: string;
  /** EIP-55 checksummed. */
  address: string;
  chain_id: number;
  verified_at: string | null;
  created_at: string;
}

/** GET /account: every way the account signs in. */
export interface AccountMethods {
  id: string;
  email: string;
  password: boolean;
  totp: boolean;
  passkeys: number;
  wallets: LinkedWallet[];
}

/** Whether the account has linked this wallet (addresses compared case-insensitively). */
export const hasWallet = (account: Pick<AccountMethods, "wallets"> | undefined, address: string | undefined): boolean =>
  !!account && !!address && account.wallets.some((w) => w.address.toLowerCase() === address.toLowerCase());

/** Whether unlinking this wallet would leave the account without a way in (the API refuses it too). */
export const isLastWayIn = (account: Pick<AccountMethods, "password" | "passkeys" | "wallets">): boolean =>
  !account.password && account.passkeys === 0 && account.wallets.length <= 1;
