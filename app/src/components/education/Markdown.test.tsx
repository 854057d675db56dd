import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { Markdown } from "./Markdown.tsx";

describe("course Markdown", () => {
  it("loads no image from any host", () => {
    const { container } = renderWithIntl(
      <Markdown>{"Reserves ![pixel](https://tracker.example/pixel.png) and prices.\n\n![](/ipfs/bafy)"}</Markdown>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toMatch(/Reserves\s+and prices\./);
    expect(container.innerHTML).not.toMatch(/tracker\.example/);
  });

  it("renders no raw HTML", () => {
    const { container } = renderWithIntl(<Markdown>{'Text <img src="https://tracker.example/x.png"> end'}</Markdown>);
    expect(container.querySelector("img")).toBeNull();
  });

  it("opens links in a new tab without the opener or the referrer", () => {
    renderWithIntl(<Markdown>{"Read [the docs](https://docs.example/amm)."}</Markdown>);
    const link = screen.getByRole("link", { name: "the docs" });
    expect(link.getAttribute("href")).toBe("https://docs.example/amm");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("does not link a script URL", () => {
    const { container } = renderWithIntl(<Markdown>{"[click](javascript:alert(1))"}</Markdown>);
    expect(container.querySelector("a")).toBeNull();
    expect(container.textContent).toBe("click");
  });
});
