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
export const sessionIsFor = (session: { address: string } | undefined, account: string | undefined): boolean =>
  !!session && !!account && session.address.toLowerCase() === account.toLowerCase();
