"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

import { activeGroup, isActive, NAV_GROUPS, type GroupKey } from "../../config/nav.ts";

/**
 * The main menu: one disclosure button per group (Trade, Earn, …) that opens the group's pages.
 * Keyboard: Enter/Space/ArrowDown open a group and focus its first page, arrows move within it,
 * Escape closes it and returns focus to the button; a click outside or leaving the menu closes it.
 * In the phone drawer (variant "drawer") every group is shown open, under its name.
 */
export function MainNav({ variant, onNavigate }: { variant: "bar" | "drawer"; onNavigate?: () => void }) {
  const t = useTranslations("nav");
  const shell = useTranslations("shell");
  const pathname = usePathname();
  const current = activeGroup(pathname);
  // the open group, with the page it was opened on: another page (a link, back/forward) closes it
  const [openAt, setOpenAt] = useState<{ group: GroupKey; path: string }>();
  const open = openAt?.path === pathname ? openAt.group : undefined;
  const setOpen = (group: GroupKey | undefined) => setOpenAt(group ? { group, path: pathname } : undefined);
  const baseId = useId();
  const navRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (navRef.current && !navRef.current.contains(e.target as Node)) setOpenAt(undefined);
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, [open]);

  // ids from useId need no escaping with getElementById
  const links = (group: GroupKey) =>
    Array.from(document.getElementById(`${baseId}-${group}`)?.querySelectorAll<HTMLAnchorElement>("a") ?? []);
  const button = (group: GroupKey) => document.getElementById(`${baseId}-${group}-button`);

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>, group: GroupKey) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(group);
      requestAnimationFrame(() => links(group)[0]?.focus());
    } else if (e.key === "Escape") {
      setOpen(undefined);
    }
  };
  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>, group: GroupKey) => {
    const items = links(group);
    const at = items.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === "Escape") {
      e.preventDefault();
      setOpen(undefined);
      button(group)?.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = (at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[next]?.focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      items[e.key === "Home" ? 0 : items.length - 1]?.focus();
    }
  };

  if (variant === "drawer")
    return (
      <nav aria-label={shell("mainNav")} className="drawer-nav">
        {NAV_GROUPS.map((g) => (
          <section key={g.key} className="drawer-group" data-active={current === g.key || undefined}>
            <h2 id={`${baseId}-${g.key}`}>{t(`groups.${g.key}`)}</h2>
            <ul aria-labelledby={`${baseId}-${g.key}`}>
              {g.routes.map((r) => (
                <li key={r.href}>
                  <Link
                    href={r.href}
                    aria-current={isActive(pathname, r.href) ? "page" : undefined}
                    onClick={() => onNavigate?.()}
                  >
                    {t(r.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </nav>
    );

  return (
    <nav
      ref={navRef}
      aria-label={shell("mainNav")}
      className="main-nav"
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(undefined);
      }}
    >
      <ul className="nav-groups">
        {NAV_GROUPS.map((g) => {
          const menuId = `${baseId}-${g.key}`;
          const expanded = open === g.key;
          return (
            <li key={g.key} className="nav-group" data-active={current === g.key || undefined}>
              <button
                id={`${menuId}-button`}
                type="button"
                className="nav-group-button"
                aria-expanded={expanded}
                aria-controls={menuId}
                onClick={() => setOpen(expanded ? undefined : g.key)}
                onKeyDown={(e) => onButtonKey(e, g.key)}
              >
                {t(`groups.${g.key}`)}
                <span aria-hidden="true" className="nav-caret">
                  ▾
                </span>
              </button>
              <ul
                id={menuId}
                className="nav-menu"
                data-open={expanded || undefined}
                aria-label={t(`groups.${g.key}`)}
                onKeyDown={(e) => onMenuKey(e, g.key)}
              >
                {g.routes.map((r) => (
                  <li key={r.href}>
                    <Link
                      href={r.href}
                      aria-current={isActive(pathname, r.href) ? "page" : undefined}
                      onClick={() => {
                        setOpen(undefined);
                        onNavigate?.();
                      }}
                    >
                      {t(r.key)}
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
