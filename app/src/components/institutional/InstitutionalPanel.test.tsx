import { screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { useApiAccount } from "../../hooks/useApiAccount.ts";
import type { Role } from "../../lib/compliance.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { InstitutionalPanel } from "./InstitutionalPanel.tsx";

type Account = ReturnType<typeof useApiAccount>;
let account: Account;

vi.mock("../../hooks/useApiAccount.ts", () => ({ useApiAccount: () => account }));
vi.mock("../SignInPanel.tsx", () => ({ SignInPanel: () => null }));
vi.mock("../account/SignInGate.tsx", () => ({
  SignInGate: ({ children }: { children: ReactNode }) => <>{children}</>,
}));
vi.mock("./PortfolioDesk.tsx", () => ({ PortfolioDesk: () => <p data-testid="desk" /> }));
vi.mock("./WhiteLabelPanel.tsx", () => ({
  WhiteLabelPanel: ({ admin }: { admin: boolean }) => <p data-testid="white-label" data-admin={String(admin)} />,
}));

const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** Signed in with `token` as the session's role and `stored` as GET /auth/me's. */
function signedIn(token: Role | undefined, stored: Role | undefined) {
  account = {
    session: { accessToken: "a", refreshToken: "r", address },
    signedIn: true,
    role: token,
    me: {
      isPending: stored === undefined,
      data: stored ? { user_profile: { email: "bob@peper.test", role: stored } } : undefined,
    },
  } as unknown as Account;
}

beforeEach(() => {
  account = { session: undefined, signedIn: false, role: undefined, me: { isPending: true } } as unknown as Account;
});

describe("InstitutionalPanel gates on the session's role (what the API checks)", () => {
  it("opens the desk for the institutional role in the token", () => {
    signedIn("institutional", "institutional");
    renderWithIntl(<InstitutionalPanel />);
    expect(screen.getByTestId("desk")).toBeTruthy();
    expect(screen.getByTestId("white-label").getAttribute("data-admin")).toBe("false");
    expect(screen.queryByTestId("role-changed")).toBeNull();
  });

  it("does not open it when only GET /auth/me has the role: signing in again brings it", () => {
    signedIn("user", "institutional");
    renderWithIntl(<InstitutionalPanel />);
    expect(screen.queryByTestId("desk")).toBeNull();
    expect(screen.getByTestId("role-needed").textContent).toMatch(/^Your session was opened before/);
  });

  it("keeps the desk for the token's role and says when the stored role changed", () => {
    signedIn("admin", "user");
    renderWithIntl(<InstitutionalPanel />);
    expect(screen.getByTestId("desk")).toBeTruthy();
    expect(screen.getByTestId("white-label").getAttribute("data-admin")).toBe("true");
    expect(screen.getByTestId("role-changed").textContent).toMatch(
      /Your role is now user, but this session was started as admin/,
    );
  });

  it("names the account to give the role to", () => {
    signedIn("user", "user");
    renderWithIntl(<InstitutionalPanel />);
    expect(screen.getByTestId("role-needed").textContent).toMatch(/give it to bob@peper\.test/);
  });

  it("tells a visitor what the desk is for and how to get the role, and asks to sign in", () => {
    renderWithIntl(<InstitutionalPanel />);
    expect(screen.getByText("Sign in with your e-mail or a wallet to open the institutional desk.")).toBeTruthy();
    expect(screen.getByTestId("about-desk-role").textContent).toMatch(/institutional client role/);
    expect(screen.queryByTestId("desk")).toBeNull();
  });
});
