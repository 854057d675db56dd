import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ComponentProps } from "react";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { BulkListForm } from "./BulkListForm.tsx";

const tokens = [
  { tokenId: 6n, label: "#6 Mine" },
  { tokenId: 7n, label: "#7 Also mine" },
  { tokenId: 8n, label: "#8 Kept" },
];

/** The form over `tokens`, with no approval needed unless `props` say so; its callbacks and a user. */
const renderForm = (props: Partial<ComponentProps<typeof BulkListForm>> = {}) => {
  const onSubmit = vi.fn();
  const onApprove = vi.fn();
  renderWithIntl(
    <BulkListForm
      tokens={tokens}
      needsApproval={false}
      busy={false}
      onSubmit={onSubmit}
      onApprove={onApprove}
      {...props}
    />,
  );
  return { onSubmit, onApprove, user: userEvent.setup() };
};

describe("BulkListForm (list several at once, one signature)", () => {
  it("lists the ticked tokens at one price with a single signature request", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("#6 Mine"));
    await user.click(screen.getByLabelText("#7 Also mine"));
    await user.type(screen.getByLabelText("Price for each (ETH)"), "0.5");
    await user.click(screen.getByRole("button", { name: "Sign once for 2 orders" }));
    expect(onSubmit).toHaveBeenCalledWith([6n, 7n], 500_000_000_000_000_000n, 7);
  });

  it("asks for two tokens at least and a valid price, and sends nothing until then", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("#8 Kept"));
    await user.type(screen.getByLabelText("Price for each (ETH)"), "1");
    await user.click(screen.getByRole("button", { name: "Sign once for 1 order" }));
    expect(screen.getByText("Tick at least two NFTs (for one, use the form above).")).toBeTruthy();
    await user.click(screen.getByLabelText("#6 Mine"));
    await user.clear(screen.getByLabelText("Price for each (ETH)"));
    await user.type(screen.getByLabelText("Price for each (ETH)"), "0");
    await user.click(screen.getByRole("button", { name: "Sign once for 2 orders" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("asks for the marketplace's approval first", async () => {
    const { onApprove, user } = renderForm({ needsApproval: true });
    await user.click(screen.getByLabelText("#6 Mine"));
    await user.click(screen.getByRole("button", { name: "Approve marketplace" }));
    expect(onApprove).toHaveBeenCalled();
  });

  it("waits, and says so, until the approval has been read: no signature, no approval sent", async () => {
    const { onSubmit, onApprove, user } = renderForm({ checkingApproval: true });
    await user.click(screen.getByLabelText("#6 Mine"));
    await user.click(screen.getByLabelText("#7 Also mine"));
    await user.type(screen.getByLabelText("Price for each (ETH)"), "0.5");
    const button = screen.getByRole("button", { name: "Checking approval…" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    // a disabled button submits nothing, but the form itself can still be submitted (a script, an old
    // browser): the form refuses too
    fireEvent.submit(screen.getByRole("form", { name: "List several at once (one signature)" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(onApprove).not.toHaveBeenCalled();
  });

  it("refuses a duration outside 1–365 days and sends nothing", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("#6 Mine"));
    await user.click(screen.getByLabelText("#7 Also mine"));
    await user.type(screen.getByLabelText("Price for each (ETH)"), "0.5");
    await user.clear(screen.getByLabelText("Valid for (days)"));
    await user.type(screen.getByLabelText("Valid for (days)"), "400");
    expect(screen.getByText("Enter a whole number of days from 1 to 365.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Sign once for 2 orders" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
