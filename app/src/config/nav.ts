/**
 * The dApp's routes, in navigation order, each in one group of the menu: every route of the product
 * has its page. `title` is the message namespace whose `title` the page shows as its heading; the
 * menu's label (`nav.<key>`) says the same (nav.test.ts checks it in every language).
 */
export const GROUPS = ["trade", "earn", "govern", "nfts", "intelligence", "learn", "institutions"] as const;

export type GroupKey = (typeof GROUPS)[number];

export const ROUTES = [
  { href: "/global", key: "global", group: "trade", title: "global" },
  { href: "/web3-hub", key: "web3Hub", group: "trade", title: "hub" },
  { href: "/bridge", key: "bridge", group: "trade", title: "bridge" },
  { href: "/portfolio", key: "portfolio", group: "trade", title: "portfolio" },
  { href: "/metaverse", key: "metaverse", group: "trade", title: "metaverse" },
  { href: "/quantum", key: "quantum", group: "earn", title: "quantum" },
  { href: "/dao", key: "dao", group: "govern", title: "dao" },
  { href: "/nft", key: "nft", group: "nfts", title: "nft" },
  { href: "/marketplace", key: "marketplace", group: "nfts", title: "market" },
  { href: "/ai-center", key: "aiCenter", group: "intelligence", title: "ai" },
  { href: "/analytics", key: "analytics", group: "intelligence", title: "analytics" },
  { href: "/education", key: "education", group: "learn", title: "education" },
  { href: "/institutional", key: "institutional", group: "institutions", title: "institutional" },
  { href: "/compliance", key: "compliance", group: "institutions", title: "compliance" },
  { href: "/partnerships", key: "partnerships", group: "institutions", title: "partnerships" },
] as const satisfies readonly { href: `/${string}`; key: string; group: GroupKey; title: string }[];

export type NavRoute = (typeof ROUTES)[number];
export type RouteKey = NavRoute["key"];

/** The menu: each group with its routes, in order (groups without a route are left out). */
export const NAV_GROUPS: { key: GroupKey; routes: NavRoute[] }[] = GROUPS.map((key) => ({
  key,
  routes: ROUTES.filter((r) => r.group === key),
})).filter((g) => g.routes.length > 0);

/** Whether `pathname` is the route or one of its sub-pages (/dao/12 is in /dao, /daox is not). */
export const isActive = (pathname: string, href: string): boolean =>
  pathname === href || pathname.startsWith(`${href}/`);

/** The group of the page at `pathname`, if it is in the menu. */
export const activeGroup = (pathname: string): GroupKey | undefined =>
  ROUTES.find((r) => isActive(pathname, r.href))?.group;
