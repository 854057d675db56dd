import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { DomainLookupForm } from "./DomainLookupForm.tsx";
import { TenantForm } from "./TenantForm.tsx";

const create = () => {
  const onSubmit = vi.fn();
  renderWithIntl(<TenantForm mode="create" busy={false} onSubmit={onSubmit} />);
  return { onSubmit, user: userEvent.setup() };
};
const submit = (user: ReturnType<typeof userEvent.setup>) =>
  user.click(screen.getByRole("button", { name: "Create tenant" }));
const fieldError = (label: string) => {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id.endsWith("-error"));
  return ids.map((id) => document.getElementById(id)?.textContent).join(" ");
};

describe("TenantForm", () => {
  it("creates a tenant with the API's body", async () => {
    const { onSubmit, user } = create();
    await user.type(screen.getByLabelText("Slug"), "acme-bank");
    await user.type(screen.getByLabelText("Name"), "Acme Bank");
    await user.type(screen.getByLabelText("Domain (optional)"), "Invest.Acme.example");
    await user.clear(screen.getByLabelText("Primary"));
    await user.type(screen.getByLabelText("Primary"), "#1A2B3C");
    await user.type(screen.getByLabelText("Logo URL (optional)"), "https://cdn.acme.example/logo.svg");
    await user.selectOptions(screen.getByLabelText("Mode"), "light");
    await submit(user);
    expect(onSubmit).toHaveBeenCalledWith({
      slug: "acme-bank",
      name: "Acme Bank",
      domain: "invest.acme.example",
      theme: { colors: { primary: "#1a2b3c" }, logo_url: "https://cdn.acme.example/logo.svg", mode: "light" },
    });
  });

  it("refuses an empty name, a bad slug, a bad colour and an http URL, each on its field, and sends nothing", async () => {
    const { onSubmit, user } = create();
    await user.type(screen.getByLabelText("Slug"), "Acme Bank");
    await user.type(screen.getByLabelText("Accent"), "orange");
    await user.type(screen.getByLabelText("Logo URL (optional)"), "http://cdn.acme.example/logo.svg");
    await submit(user);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(fieldError("Slug")).toBe("The slug must be lower-case words joined by hyphens, like acme-bank.");
    expect(fieldError("Name")).toBe("Enter the tenant's name.");
    expect(fieldError("Accent")).toBe("Enter a hex colour like #1a2b3c.");
    expect(fieldError("Logo URL (optional)")).toBe("Enter an https:// URL.");
    expect(screen.getByText("Correct the marked fields: nothing was sent.")).toBeTruthy();
    expect(screen.getByLabelText("Accent").getAttribute("aria-invalid")).toBe("true");
  });

  it("requires the primary colour and a host name as the domain", async () => {
    const { onSubmit, user } = create();
    await user.type(screen.getByLabelText("Slug"), "acme");
    await user.type(screen.getByLabelText("Name"), "Acme");
    await user.clear(screen.getByLabelText("Primary"));
    await user.type(screen.getByLabelText("Domain (optional)"), "https://acme.example/");
    await submit(user);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(fieldError("Primary")).toBe("The primary colour is required.");
    expect(fieldError("Domain (optional)")).toBe(
      "Enter a host name like invest.acme.example (no scheme, port or path).",
    );
  });

  it("refuses a font name that could carry CSS, and a font URL without its family", async () => {
    const { onSubmit, user } = create();
    await user.type(screen.getByLabelText("Slug"), "acme");
    await user.type(screen.getByLabelText("Name"), "Acme");
    await user.type(screen.getByLabelText("Font URL (optional)"), "https://cdn.acme.example/font.css");
    await submit(user);
    expect(fieldError("Font family (optional)")).toBe("Enter the font family this font URL provides.");
    await user.type(screen.getByLabelText("Font family (optional)"), "Inter; color: red");
    await submit(user);
    expect(fieldError("Font family (optional)")).toBe(
      "A font name has only letters, digits, spaces and hyphens (at most 64).",
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("previews the name and the valid colours as they are typed", async () => {
    const { user } = create();
    await user.type(screen.getByLabelText("Name"), "Acme Bank");
    expect(screen.getByTestId("tenant-preview-name").textContent).toBe("Acme Bank");
    await user.clear(screen.getByLabelText("Primary"));
    await user.type(screen.getByLabelText("Primary"), "#00ff00");
    expect(screen.getByTestId("tenant-preview-name").style.color).toBe("rgb(0, 255, 0)");
    await user.type(screen.getByLabelText("Background"), "#123");
    expect(screen.getByTestId("tenant-preview").style.background).toBe("rgb(17, 34, 51)");
    // an invalid colour never reaches the style: the default stays
    await user.clear(screen.getByLabelText("Background"));
    await user.type(screen.getByLabelText("Background"), "red;x");
    expect(screen.getByTestId("tenant-preview").style.background).toBe("rgb(21, 23, 28)");
  });

  it("edits without changing the slug, and leaves the domain alone when asked", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(
      <TenantForm
        mode="edit"
        withDomain={false}
        initial={{
          slug: "acme-bank",
          name: "Acme Bank",
          domain: "invest.acme.example",
          colors: { primary: "#1a2b3c", secondary: "", accent: "", background: "", surface: "", text: "" },
          logoUrl: "",
          faviconUrl: "",
          fontFamily: "",
          fontUrl: "",
          mode: "",
        }}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    const user = userEvent.setup();
    expect((screen.getByLabelText("Slug") as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByLabelText("Domain (optional)")).toBeNull();
    await user.clear(screen.getByLabelText("Name"));
    await user.click(screen.getByRole("button", { name: "Save tenant" }));
    expect(fieldError("Name")).toBe("Enter the tenant's name.");
    await user.type(screen.getByLabelText("Name"), "Acme Invest");
    await user.click(screen.getByRole("button", { name: "Save tenant" }));
    expect(onSubmit).toHaveBeenCalledWith({ name: "Acme Invest", theme: { colors: { primary: "#1a2b3c" } } });
  });

  it("shows the API's refusal on the field it names", () => {
    renderWithIntl(
      <TenantForm
        mode="create"
        busy={false}
        onSubmit={vi.fn()}
        error={{ message: "A tenant with this slug exists; choose another.", field: "slug" }}
      />,
    );
    expect(fieldError("Slug")).toBe("A tenant with this slug exists; choose another.");
  });
});

describe("DomainLookupForm", () => {
  it("looks up a host name, lower-cased", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<DomainLookupForm onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Domain"), "Invest.Acme.example");
    await user.click(screen.getByRole("button", { name: "Look up" }));
    expect(onSubmit).toHaveBeenCalledWith("invest.acme.example");
  });

  it("refuses what is not a host name and asks nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<DomainLookupForm onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Domain"), "localhost:3000");
    await user.click(screen.getByRole("button", { name: "Look up" }));
    expect(screen.getByRole("alert").textContent).toBe(
      "Enter a host name like invest.acme.example (no scheme, port or path).",
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
