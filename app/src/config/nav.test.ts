import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import de from "../../messages/de.json";
import en from "../../messages/en.json";
import es from "../../messages/es.json";
import ru from "../../messages/ru.json";
import zh from "../../messages/zh.json";
import { activeGroup, GROUPS, isActive, NAV_GROUPS, ROUTES } from "./nav.ts";

const catalogues = { en, de, es, ru, zh } as Record<string, Record<string, Record<string, unknown>>>;
const pageExists = (href: string) => existsSync(fileURLToPath(new URL(`../app${href}/page.tsx`, import.meta.url)));

describe("navigation", () => {
  it("puts every route in exactly one group, in the groups' order", () => {
    const hrefs = NAV_GROUPS.flatMap((g) => g.routes.map((r) => r.href));
    expect(hrefs.sort()).toEqual(ROUTES.map((r) => r.href).sort());
    expect(new Set(hrefs).size).toBe(hrefs.length);
    expect(NAV_GROUPS.map((g) => g.key)).toEqual(GROUPS.filter((g) => NAV_GROUPS.some((n) => n.key === g)));
    expect(ROUTES.find((r) => r.href === "/bridge")?.group).toBe("trade");
  });

  it("names each page in the menu as the page titles itself, in every language", () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      for (const group of GROUPS) expect(messages.nav!.groups, locale).toHaveProperty(group);
      for (const r of ROUTES) {
        expect(messages.nav![r.key], `${locale} nav.${r.key}`).toEqual(expect.any(String));
        // a page that exists shows its namespace's title: the menu says the same
        if (pageExists(r.href)) expect(messages.nav![r.key], `${locale} ${r.href}`).toBe(messages[r.title]?.title);
      }
    }
  });

  it("highlights the group of the page and its sub-pages only", () => {
    expect(activeGroup("/dao/12")).toBe("govern");
    expect(activeGroup("/metaverse")).toBe("trade");
    expect(activeGroup("/compliance")).toBe("institutions");
    expect(activeGroup("/")).toBeUndefined();
    expect(isActive("/daox", "/dao")).toBe(false);
    expect(isActive("/dao", "/dao")).toBe(true);
  });
});
