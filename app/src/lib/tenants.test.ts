import { describe, expect, it } from "vitest";

import { ApiError } from "./apiClient.ts";
import {
  checkCreateTenant,
  checkUpdateTenant,
  emptyTenantForm,
  formError,
  isColour,
  isHttpsUrl,
  isTenantDomain,
  previewColours,
  tenantToForm,
  type TenantFormValues,
} from "./tenants.ts";

const form = (over: Partial<TenantFormValues> = {}): TenantFormValues => ({
  ...emptyTenantForm(),
  slug: "acme-bank",
  name: "Acme Bank",
  domain: "invest.acme.example",
  ...over,
});

describe("the tenant form (the API's zod rules)", () => {
  it("builds the API's body: lower-case colours, https assets, the font, the mode", () => {
    const check = checkCreateTenant(
      form({
        name: "  Acme Bank ",
        domain: " Invest.ACME.example ",
        colors: { ...emptyTenantForm().colors, primary: "#1A2B3C", accent: "#ABC" },
        logoUrl: "https://cdn.acme.example/logo.svg",
        fontFamily: "Inter",
        fontUrl: "https://cdn.acme.example/inter.css",
        mode: "light",
      }),
    );
    expect(check).toEqual({
      ok: true,
      body: {
        slug: "acme-bank",
        name: "Acme Bank",
        domain: "invest.acme.example",
        theme: {
          colors: { primary: "#1a2b3c", accent: "#abc" },
          logo_url: "https://cdn.acme.example/logo.svg",
          font: { family: "Inter", url: "https://cdn.acme.example/inter.css" },
          mode: "light",
        },
      },
    });
  });

  it("sends no domain as null, and leaves out empty optional fields", () => {
    const check = checkCreateTenant(form({ domain: "" }));
    expect(check).toEqual({
      ok: true,
      body: { slug: "acme-bank", name: "Acme Bank", domain: null, theme: { colors: { primary: "#e8590c" } } },
    });
  });

  it("refuses slugs that are not lower-case words joined by hyphens, 2 to 48 long", () => {
    for (const [slug, key] of [
      ["a", "slugLength"],
      ["x".repeat(49), "slugLength"],
      ["Acme", "slugFormat"],
      ["acme--bank", "slugFormat"],
      ["-acme", "slugFormat"],
      ["acme_bank", "slugFormat"],
    ] as const) {
      const check = checkCreateTenant(form({ slug }));
      expect(check.ok, slug).toBe(false);
      if (!check.ok) expect(check.errors.slug, slug).toBe(key);
    }
    expect(checkCreateTenant(form({ slug: "ab" })).ok).toBe(true);
    expect(checkCreateTenant(form({ slug: "acme-bank-2" })).ok).toBe(true);
  });

  it("names every bad field at once: empty name, bad colours, http URLs, bad font, bad domain", () => {
    const check = checkCreateTenant(
      form({
        name: "  ",
        domain: "https://acme.example/",
        colors: { ...emptyTenantForm().colors, primary: "", text: "red", surface: "#12345" },
        logoUrl: "http://acme.example/logo.png",
        faviconUrl: "javascript:alert(1)",
        fontFamily: "Inter; color: red",
      }),
    );
    expect(check).toEqual({
      ok: false,
      errors: {
        name: "nameEmpty",
        domain: "domainFormat",
        "colors.primary": "colourRequired",
        "colors.text": "colourFormat",
        "colors.surface": "colourFormat",
        logoUrl: "urlHttps",
        faviconUrl: "urlHttps",
        fontFamily: "fontFamilyFormat",
      },
    });
  });

  it("asks for the font family when only its URL is given", () => {
    const check = checkCreateTenant(form({ fontUrl: "https://cdn.acme.example/f.css" }));
    expect(check).toEqual({ ok: false, errors: { fontFamily: "fontFamilyMissing" } });
  });

  it("bounds the name at 100 characters and URLs at 2048", () => {
    const long = checkCreateTenant(form({ name: "x".repeat(101) }));
    expect(long.ok ? undefined : long.errors.name).toBe("nameTooLong");
    expect(isHttpsUrl(`https://a.example/${"x".repeat(2048 - 18)}`)).toBe(true);
    expect(isHttpsUrl(`https://a.example/${"x".repeat(2048 - 17)}`)).toBe(false);
    expect(isHttpsUrl("not a url")).toBe(false);
  });

  it("updates name, theme and domain (null takes it off), or keeps the domain when asked", () => {
    expect(checkUpdateTenant(form({ domain: "" }))).toEqual({
      ok: true,
      body: { name: "Acme Bank", theme: { colors: { primary: "#e8590c" } }, domain: null },
    });
    expect(checkUpdateTenant(form({ domain: "not a domain" }), { withDomain: false })).toEqual({
      ok: true,
      body: { name: "Acme Bank", theme: { colors: { primary: "#e8590c" } } },
    });
  });

  it("round-trips a stored tenant through the form", () => {
    const stored = {
      slug: "acme-bank",
      name: "Acme Bank",
      domain: "invest.acme.example",
      theme: { colors: { primary: "#1a2b3c", surface: "#ffffff" }, favicon_url: "https://a.example/f.ico" },
    };
    const check = checkCreateTenant(tenantToForm(stored));
    expect(check).toEqual({ ok: true, body: stored });
  });
});

describe("domains", () => {
  it("are host names with a dot and a letter-led top label, as the API requires", () => {
    expect(isTenantDomain("invest.acme.example")).toBe(true);
    expect(isTenantDomain("Peper.Finance")).toBe(true);
    expect(isTenantDomain("localhost")).toBe(false);
    expect(isTenantDomain("127.0.0.1")).toBe(false);
    expect(isTenantDomain("acme.example:3000")).toBe(false);
    expect(isTenantDomain("-acme.example")).toBe(false);
  });
});

describe("the preview", () => {
  it("paints valid colours and falls back to the mode's defaults for the rest", () => {
    const colors = { ...emptyTenantForm().colors, primary: "#ABCDEF", background: "url(x)" };
    expect(previewColours({ colors, mode: "" })).toMatchObject({ primary: "#abcdef", background: "#15171c" });
    expect(previewColours({ colors, mode: "light" })).toMatchObject({ primary: "#abcdef", background: "#ffffff" });
    expect(previewColours({ colors: { ...colors, primary: "nope" }, mode: "" }).primary).toBe("#e8590c");
  });
});

describe("colours and errors from the API", () => {
  it("admits only hex colours into a style", () => {
    expect(isColour("#0b7285")).toBe(true);
    expect(isColour("#abc")).toBe(true);
    expect(isColour("red")).toBe(false);
    expect(isColour("#000; background-image: url(https://tracker.example/x)")).toBe(false);
    expect(isColour("url(https://tracker.example/x)")).toBe(false);
  });

  it("shows the API's refusal on the field it names, and any other error as its message", () => {
    expect(formError(new ApiError(400, "validation", "must be a hex colour", "theme.colors.primary"))).toEqual({
      message: "must be a hex colour",
      field: "theme.colors.primary",
    });
    expect(formError(new ApiError(409, "conflict", "The slug acme is taken."))).toEqual({
      message: "The slug acme is taken.",
      field: undefined,
    });
    expect(formError(new TypeError("Failed to fetch"))).toEqual({ message: "Failed to fetch" });
    expect(formError(null)).toBeUndefined();
  });
});
