import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { VoteForm } from "./VoteForm.tsx";

const base = { busy: false, hasVoted: false, votingPower: 10n, onSign: vi.fn(), onSubmitSigned: vi.fn() };

describe("VoteForm", () => {
  it("votes with the choice and the reason", async () => {
    const onVote = vi.fn();
    renderWithIntl(<VoteForm {...base} onVote={onVote} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Against"));
    await user.type(screen.getByLabelText("Reason (optional, public)"), "  Too early.  ");
    await user.click(screen.getByRole("button", { name: "Vote" }));
    expect(onVote).toHaveBeenCalledWith(0, "Too early.");
  });

  it("asks for a choice before voting or signing", async () => {
    const onVote = vi.fn();
    const onSign = vi.fn();
    renderWithIntl(<VoteForm {...base} onVote={onVote} onSign={onSign} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Vote" }));
    expect(screen.getByRole("alert").textContent).toBe("Choose for, against or abstain.");
    await user.click(screen.getByRole("button", { name: "Sign ballot (vote by signature)" }));
    expect(onVote).not.toHaveBeenCalled();
    expect(onSign).not.toHaveBeenCalled();
  });

  it("signs a ballot for the choice", async () => {
    const onSign = vi.fn();
    renderWithIntl(<VoteForm {...base} onVote={vi.fn()} onSign={onSign} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Abstain"));
    await user.click(screen.getByRole("button", { name: "Sign ballot (vote by signature)" }));
    expect(onSign).toHaveBeenCalledWith(2);
  });

  it("shows a signed ballot and submits it", async () => {
    const onSubmitSigned = vi.fn();
    renderWithIntl(
      <VoteForm
        {...base}
        onVote={vi.fn()}
        onSubmitSigned={onSubmitSigned}
        signed={{ support: 1, signature: "0xabcdef" }}
      />,
    );
    expect(screen.getByTestId("ballot-signature").textContent).toBe("0xabcdef");
    await userEvent.setup().click(screen.getByRole("button", { name: "Submit signed ballot" }));
    expect(onSubmitSigned).toHaveBeenCalledOnce();
  });

  it("on the wrong network or after voting, sends nothing", async () => {
    const onVote = vi.fn();
    renderWithIntl(<VoteForm {...base} onVote={onVote} problem="not-deployed" />);
    expect(screen.getByText(/Peper is not deployed on this network/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Vote" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("says when the account has already voted", () => {
    renderWithIntl(<VoteForm {...base} hasVoted onVote={vi.fn()} />);
    expect(screen.getByTestId("has-voted").textContent).toBe("You have voted on this proposal.");
  });
});
