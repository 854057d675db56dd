import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { Alert, Field, PendingButton } from "./FormParts.tsx";

describe("account form parts", () => {
  it("Field labels its input, marks it invalid and shows its error only with one", () => {
    const { rerender } = render(<Field label="E-mail" type="email" value="" onChange={vi.fn()} />);
    const input = screen.getByLabelText("E-mail");
    expect(input.getAttribute("type")).toBe("email");
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    rerender(<Field label="E-mail" type="email" value="" onChange={vi.fn()} error="Enter an e-mail." />);
    expect(screen.getByLabelText("E-mail").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Enter an e-mail.").className).toBe("field-error");
  });

  it("Field can be marked invalid with its message shown elsewhere", () => {
    render(<Field label="Region" invalid value="x" onChange={vi.fn()} />);
    expect(screen.getByLabelText("Region").getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector(".field-error")).toBeNull();
  });

  it("Alert shows a message as an alert, and nothing without one", () => {
    const { rerender, container } = render(<Alert message={false} />);
    expect(container.innerHTML).toBe("");
    rerender(<Alert message="It failed." />);
    expect(screen.getByRole("alert").className).toBe("form-error");
    rerender(<Alert message="Code needed." className="form-warning" />);
    expect(screen.getByRole("alert").className).toBe("form-warning");
  });

  it("PendingButton is off and says so while pending", async () => {
    const onClick = vi.fn();
    const { rerender } = render(
      <PendingButton pending={false} pendingLabel="Saving…" onClick={onClick}>
        Save
      </PendingButton>,
    );
    await userEvent.setup().click(screen.getByRole("button", { name: "Save" }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button").getAttribute("type")).toBe("button");
    rerender(
      <PendingButton pending pendingLabel="Saving…" onClick={onClick}>
        Save
      </PendingButton>,
    );
    expect((screen.getByRole("button", { name: "Saving…" }) as HTMLButtonElement).disabled).toBe(true);
    rerender(
      <PendingButton type="submit" pending={false} pendingLabel="Saving…" disabled>
        Save
      </PendingButton>,
    );
    const off = screen.getByRole("button", { name: "Save" }) as HTMLButtonElement;
    expect(off.disabled).toBe(true);
    expect(off.type).toBe("submit");
  });
});
