import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";

import de from "../../messages/de.json";
import en from "../../messages/en.json";
import es from "../../messages/es.json";
import ru from "../../messages/ru.json";
import zh from "../../messages/zh.json";
import { LOCALES, pickLocale } from "./locales.ts";

const catalogues = { en, ru, es, zh, de };

const keys = (o: object, prefix = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe("languages", () => {
  it("picks the cookie, else the browser's best supported language, else English", () => {
    expect(pickLocale("de", "ru")).toBe("de");
    expect(pickLocale("xx", "fr-FR,ru;q=0.8,en;q=0.5")).toBe("ru");
    expect(pickLocale(undefined, "en;q=0.3, zh-CN;q=0.9")).toBe("zh");
    expect(pickLocale(undefined, "es-419")).toBe("es");
    expect(pickLocale(undefined, "fr, it;q=0")).toBe("en");
    expect(pickLocale(undefined, null)).toBe("en");
  });

  it("has one catalogue per language, each with exactly the English keys", () => {
    expect(Object.keys(catalogues).sort()).toEqual([...LOCALES].sort());
    const english = keys(en).sort();
    for (const [locale, messages] of Object.entries(catalogues)) {
      expect(keys(messages).sort(), locale).toEqual(english);
    }
  });

  it("formats every message of every catalogue (valid ICU, same placeholders)", () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      const t = createTranslator({
        locale,
        messages: messages as typeof en,
        onError: (e) => {
          throw e;
        },
      });
      for (const key of keys(en)) {
        const source = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], en) as string;
        // `{name}` is text; `{count, plural, …}` (and other typed arguments) needs a number.
        const values: Record<string, string | number> = {};
        for (const m of source.matchAll(/\{(\w+)(\}|,)/g)) values[m[1]!] = m[2] === "," ? 2 : "X";
        expect(
          () => (t as unknown as (k: string, v: Record<string, string | number>) => string)(key, values),
          `${locale} ${key}`,
        ).not.toThrow();
      }
    }
  });
});
