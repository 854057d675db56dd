/** The dApp's routes, in navigation order: every route of the product has its page. */
export const ROUTES = [
  { href: "/global", key: "global" },
  { href: "/web3-hub", key: "web3Hub" },
  { href: "/dao", key: "dao" },
  { href: "/nft", key: "nft" },
  { href: "/marketplace", key: "marketplace" },
  { href: "/ai-center", key: "aiCenter" },
  { href: "/quantum", key: "quantum" },
  { href: "/education", key: "education" },
  { href: "/institutional", key: "institutional" },
  { href: "/compliance", key: "compliance" },
  { href: "/analytics", key: "analytics" },
  { href: "/partnerships", key: "partnerships" },
  { href: "/metaverse", key: "metaverse" },
] as const;

export type RouteKey = (typeof ROUTES)[number]["key"];
