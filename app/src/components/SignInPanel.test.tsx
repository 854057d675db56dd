import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NextIntlClientProvider } from "next-intl";
import { beforeEach, describe, expect, it, vi } from "vitest";

import messages from "../../messages/en.json";

import type { useApiAccount } from "../hooks/useApiAccount.ts";
import type { useApiSession } from "../hooks/useApiSession.ts";
import { renderWithIntl } from "../test/render.tsx";
import { SignInPanel } from "./SignInPanel.tsx";

type Account = ReturnType<typeof useApiAccount>;
type Session = ReturnType<typeof useApiSession>;
let account: Account;
let session: Session;

vi.mock("../hooks/useApiAccount.ts", () => ({ useApiAccount: () => account }));
vi.mock("../hooks/useApiSession.ts", () => ({ useApiSession: () => session }));
vi.mock("./account/AccountPanel.tsx", () => ({ AccountPanel: () => <p data-testid="account-panel" /> }));

const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

function signedOut(connected: boolean) {
  account = {
    chain: { chainId: 31337, deployed: true, ...(connected ? { account: address } : { problem: "disconnected" }) },
    session: undefined,
    signedIn: false,
  } as unknown as Account;
}

beforeEach(() => {
  session = {
    signIn: vi.fn(),
    signInWithEmail: vi.fn(),
    busy: false,
    error: undefined,
    clearError: vi.fn(),
  } as unknown as Session;
});

describe("SignInPanel: one sign-in, with a wallet or an e-mail", () => {
  it("offers the wallet first when one is connected, the e-mail otherwise", () => {
    signedOut(true);
    const { unmount } = renderWithIntl(<SignInPanel />);
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Wallet", "E-mail"]);
    expect(screen.getByRole("form", { name: "Sign in with your wallet" })).toBeTruthy();
    unmount();
    signedOut(false);
    renderWithIntl(<SignInPanel />);
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["E-mail", "Wallet"]);
    expect(screen.getByRole("form", { name: "Sign in with e-mail" })).toBeTruthy();
  });

  it("signs in with the e-mail and password, and asks for the code when the API wants it", async () => {
    signedOut(false);
    const user = userEvent.setup();
    const { rerender } = renderWithIntl(<SignInPanel />);
    const form = screen.getByRole("form", { name: "Sign in with e-mail" });
    await user.type(screen.getByLabelText("E-mail"), "ada@example.com");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter your password.")).toBeTruthy();
    expect(session.signInWithEmail).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText("Password"), "a long enough password");
    await user.clear(screen.getByLabelText("Region (ISO country code)"));
    await user.type(screen.getByLabelText("Region (ISO country code)"), "DE");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(session.signInWithEmail).toHaveBeenCalledWith({
      email: "ada@example.com",
      password: "a long enough password",
      region: "DE",
      register: false,
    });
    expect(screen.queryByLabelText("Authenticator code")).toBeNull();

    session = { ...session, error: { code: "mfa-required", message: "Enter the code." } } as Session;
    rerender(
      <NextIntlClientProvider locale="en" messages={messages} timeZone="UTC">
        <SignInPanel />
      </NextIntlClientProvider>,
    );
    expect(form.textContent).toMatch(/uses an authenticator app/);
    await user.type(screen.getByLabelText("Authenticator code"), "12a3456");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(session.signInWithEmail).toHaveBeenLastCalledWith(expect.objectContaining({ totpCode: "123456" }));
  });

  it("creates an account only with a password of 12 characters or more", async () => {
    signedOut(false);
    const user = userEvent.setup();
    renderWithIntl(<SignInPanel />);
    await user.click(screen.getByRole("button", { name: "No account yet? Create one" }));
    await user.type(screen.getByLabelText("E-mail"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "too short");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByText("Use at least 12 characters.")).toBeTruthy();
    expect(session.signInWithEmail).not.toHaveBeenCalled();
  });

  it("names an e-mail session's account and opens its panel", async () => {
    account = {
      chain: { chainId: 31337, deployed: true, problem: "disconnected" },
      session: { accessToken: "a", refreshToken: "r", account: "u1", method: "password", email: "ada@example.com" },
      signedIn: true,
      signOut: vi.fn(),
    } as unknown as Account;
    const user = userEvent.setup();
    renderWithIntl(<SignInPanel />);
    expect(screen.getByTestId("signed-in").textContent).toMatch(/ada@example\.com \(with e-mail\)/);
    expect(screen.queryByTestId("account-panel")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Your account" }));
    expect(screen.getByTestId("account-panel")).toBeTruthy();
  });
});
