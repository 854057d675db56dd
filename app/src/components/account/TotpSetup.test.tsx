import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type * as ApiClient from "../../lib/apiClient.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { groupSecret, TotpSetup } from "./TotpSetup.tsx";

const api = vi.hoisted(() => vi.fn());
vi.mock("../../lib/apiClient.ts", async (original) => ({
  ...(await original<typeof ApiClient>()),
  api,
}));

describe("TotpSetup", () => {
  it("groups the secret by four for typing", () => {
    expect(groupSecret("JBSWY3DPEHPK3PXPAB")).toBe("JBSW Y3DP EHPK 3PXP AB");
  });

  it("shows the new secret and link, and confirms only a 6-digit code", async () => {
    api.mockImplementation(async (path: string) =>
      path === "/auth/mfa/totp"
        ? { secret: "JBSWY3DPEHPK3PXP", otpauth_uri: "otpauth://totp/Peper:ada?secret=JBSWY3DPEHPK3PXP" }
        : { totp: true },
    );
    const user = userEvent.setup();
    renderWithIntl(
      <QueryClientProvider client={new QueryClient()}>
        <TotpSetup />
      </QueryClientProvider>,
    );
    await user.click(screen.getByRole("button", { name: "Turn on the authenticator app" }));
    expect((await screen.findByTestId("totp-secret")).textContent).toBe("JBSW Y3DP EHPK 3PXP");
    expect(screen.getByRole("link", { name: "Open in the authenticator app" }).getAttribute("href")).toMatch(
      /^otpauth:\/\/totp\//,
    );
    await user.type(screen.getByLabelText("Code from the app"), "12345");
    await user.click(screen.getByRole("button", { name: "Turn on" }));
    expect(screen.getByText("Enter the 6-digit code.")).toBeTruthy();
    expect(api).toHaveBeenCalledTimes(1);
    await user.type(screen.getByLabelText("Code from the app"), "6");
    await user.click(screen.getByRole("button", { name: "Turn on" }));
    expect(api).toHaveBeenLastCalledWith("/auth/mfa/totp/confirm", { body: { code: "123456" }, auth: true });
  });
});
