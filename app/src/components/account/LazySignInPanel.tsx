"use client";
/**
 * The sign-in panel (e-mail and password with TOTP, the wallet's Sign-In with Ethereum, passkeys,
 * the account's settings) as its own chunk, loaded when it is first shown: for a visitor that is
 * after SignInGate's button, so the pages that show it behind the gate do not carry its forms in
 * their first load.
 */
import dynamic from "next/dynamic";

import { Loading } from "../States.tsx";

export const SignInPanel = dynamic(() => import("../SignInPanel.tsx").then((m) => m.SignInPanel), {
  loading: () => <Loading />,
});
