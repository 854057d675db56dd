/**
 * The dApp's routes, in navigation order. `ready: false` routes are listed as coming in a later
 * release and are not links; they get a page when their issue is done.
 */
export const ROUTES = [
  { href: "/global", key: "global", ready: true },
  { href: "/web3-hub", key: "web3Hub", ready: true },
  { href: "/dao", key: "dao", ready: true },
  { href: "/nft", key: "nft", ready: true },
  { href: "/marketplace", key: "marketplace", ready: true },
  { href: "/ai-center", key: "aiCenter", ready: true },
  { href: "/quantum", key: "quantum", ready: true },
  { href: "/education", key: "education", ready: false },
  { href: "/institutional", key: "institutional", ready: false },
  { href: "/compliance", key: "compliance", ready: false },
  { href: "/analytics", key: "analytics", ready: true },
  { href: "/partnerships", key: "partnerships", ready: false },
  { href: "/metaverse", key: "metaverse", ready: true },
] as const;

export type RouteKey = (typeof ROUTES)[number]["key"];
