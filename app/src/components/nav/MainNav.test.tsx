import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { MainNav } from "./MainNav.tsx";

vi.mock("next/navigation", () => ({ usePathname: () => "/dao/3" }));

describe("MainNav", () => {
  it("shows the seven groups closed, the current page's group marked", () => {
    renderWithIntl(<MainNav variant="bar" />);
    const buttons = within(screen.getByRole("navigation", { name: "Main" })).getAllByRole("button");
    expect(buttons.map((b) => b.textContent?.replace("▾", "").trim())).toEqual([
      "Trade",
      "Earn",
      "Govern",
      "NFTs",
      "Intelligence",
      "Learn",
      "Institutions",
    ]);
    expect(buttons.every((b) => b.getAttribute("aria-expanded") === "false")).toBe(true);
    expect(buttons[2]!.closest("li")!.hasAttribute("data-active")).toBe(true);
    expect(buttons[0]!.closest("li")!.hasAttribute("data-active")).toBe(false);
  });

  it("opens one group at a time, marks the current page, and closes on Escape with the focus back", async () => {
    const user = userEvent.setup();
    renderWithIntl(<MainNav variant="bar" />);
    const trade = screen.getByRole("button", { name: /^Trade/ });
    const govern = screen.getByRole("button", { name: /^Govern/ });
    await user.click(trade);
    expect(trade.getAttribute("aria-expanded")).toBe("true");
    const menu = document.getElementById(trade.getAttribute("aria-controls")!)!;
    expect(menu.hasAttribute("data-open")).toBe(true);
    expect(
      within(menu)
        .getAllByRole("link")
        .map((a) => a.textContent),
    ).toEqual(["Markets", "Web3 hub", "Bridge", "Portfolio", "Trading floor"]);
    await user.click(govern);
    expect(trade.getAttribute("aria-expanded")).toBe("false");
    expect(govern.getAttribute("aria-expanded")).toBe("true");
    const dao = screen.getByRole("link", { name: "DAO" });
    expect(dao.getAttribute("aria-current")).toBe("page");
    dao.focus();
    await user.keyboard("{Escape}");
    expect(govern.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(govern);
  });

  it("lists every group open in the drawer", () => {
    renderWithIntl(<MainNav variant="drawer" />);
    expect(screen.getAllByRole("heading", { level: 2 })).toHaveLength(7);
    expect(screen.getByRole("link", { name: "Compliance and privacy" }).getAttribute("href")).toBe("/compliance");
    expect(screen.queryByRole("button")).toBeNull();
  });
});
