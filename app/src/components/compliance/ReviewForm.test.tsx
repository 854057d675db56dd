import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { ReviewForm } from "./ReviewForm.tsx";

describe("ReviewForm", () => {
  it("needs a decision", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<ReviewForm label="Decision on case-1" busy={false} onSubmit={onSubmit} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Record decision" }));
    expect(screen.getByRole("alert").textContent).toBe("Choose verified or rejected.");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("rejects only with a reason", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<ReviewForm label="Decision on case-1" busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Rejected"));
    await user.click(screen.getByRole("button", { name: "Record decision" }));
    expect(screen.getByRole("alert").textContent).toBe("Give a reason the user can act on to reject.");
    expect(onSubmit).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText("Reason (required to reject; the user sees it)"), "The photo is blurred.");
    await user.click(screen.getByRole("button", { name: "Record decision" }));
    expect(onSubmit).toHaveBeenCalledWith({ status: "rejected", reason: "The photo is blurred." });
  });

  it("verifies without a reason", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<ReviewForm label="Decision on case-1" busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Verified"));
    await user.click(screen.getByRole("button", { name: "Record decision" }));
    expect(onSubmit).toHaveBeenCalledWith({ status: "verified" });
  });
});
