import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../../lib/apiClient.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { KycForm } from "./KycForm.tsx";

const label = "Case reference from your KYC provider";

describe("KycForm", () => {
  it("sends the trimmed case reference", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<KycForm status="not_submitted" busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(label), "  case:2026-00042 ");
    await user.click(screen.getByRole("button", { name: "Submit for review" }));
    expect(onSubmit).toHaveBeenCalledWith("case:2026-00042");
  });

  it("without a reference, says so and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<KycForm status="not_submitted" busy={false} onSubmit={onSubmit} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Submit for review" }));
    expect(screen.getByRole("alert").textContent).toBe("Enter the case reference your KYC provider gave you.");
    expect(screen.getByLabelText(label).getAttribute("aria-invalid")).toBe("true");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a name or a document number with spaces, and an over-long reference", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<KycForm status="rejected" busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(label), "Jane Doe passport 123");
    await user.click(screen.getByRole("button", { name: "Submit for review" }));
    expect(screen.getByRole("alert").textContent).toBe(
      "The case reference can only hold letters, digits and . _ : - (no spaces, names or document numbers).",
    );
    await user.clear(screen.getByLabelText(label));
    await user.type(screen.getByLabelText(label), "x".repeat(129));
    expect(screen.getByRole("alert").textContent).toBe("The case reference can be at most 128 characters.");
    await user.click(screen.getByRole("button", { name: "Submit for review" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("titles a resubmission and shows the API's refusal", () => {
    renderWithIntl(
      <KycForm
        status="pending"
        busy={false}
        onSubmit={vi.fn()}
        error={new ApiError(400, "invalid-input", "reference: must be the KYC provider's case reference")}
      />,
    );
    expect(screen.getByRole("form", { name: "Submit again" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("reference: must be the KYC provider's case reference");
  });

  it("when it cannot send, explains and sends nothing", () => {
    renderWithIntl(
      <KycForm status="not_submitted" busy={false} onSubmit={vi.fn()} disabled="Sign in with your wallet first." />,
    );
    expect(screen.getByText("Sign in with your wallet first.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Submit for review" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
