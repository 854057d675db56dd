import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { RoleRequired } from "./RoleRequired.tsx";

describe("RoleRequired", () => {
  it("names the role needed, the account's role, and who to ask for it with the account's e-mail", () => {
    renderWithIntl(<RoleRequired roles={["compliance_officer", "admin"]} role="user" email="ada@example.com" />);
    const text = screen.getByTestId("role-required").textContent ?? "";
    expect(text).toMatch(/needs the role compliance officer or admin; your account is user\./i);
    expect(text).toMatch(/ask one to give the role to ada@example\.com, then sign in again/);
  });

  it("asks a visitor to sign in with an account that has the role", () => {
    renderWithIntl(<RoleRequired roles={["educator"]} role={undefined} testId="author" />);
    const text = screen.getByTestId("author").textContent ?? "";
    expect(text).toMatch(/sign in with an account that has it/);
    expect(text).toMatch(/your account's e-mail/);
  });
});
