import { describe, expect, it } from "vitest";

import { isSubgraphRequest, parseSubgraphUrls, readBodyLimited, subgraphUrlFor } from "./subgraphProxy.ts";

describe("the subgraph proxy", () => {
  const local =
    "31337=http://127.0.0.1:8000/subgraphs/name/peper-local-a,31338=http://127.0.0.1:8001/subgraphs/name/peper-local-b";
  it("reads the stack's PEPER_SUBGRAPH_URLS", () => {
    expect([...parseSubgraphUrls(local).entries()]).toEqual([
      [31337, "http://127.0.0.1:8000/subgraphs/name/peper-local-a"],
      [31338, "http://127.0.0.1:8001/subgraphs/name/peper-local-b"],
    ]);
    expect(parseSubgraphUrls("junk,=http://x,1=ftp://x").size).toBe(0);
    expect(parseSubgraphUrls(undefined).size).toBe(0);
  });
  it("prefers SUBGRAPH_URL_<chainId>, then SUBGRAPH_URL, then the local indexer", () => {
    expect(subgraphUrlFor(31338, { PEPER_SUBGRAPH_URLS: local })).toBe(
      "http://127.0.0.1:8001/subgraphs/name/peper-local-b",
    );
    expect(subgraphUrlFor(1, { PEPER_SUBGRAPH_URLS: local })).toBeUndefined();
    const deployed = "https://gateway.example/api/subgraphs/id/abc";
    expect(subgraphUrlFor(31337, { PEPER_SUBGRAPH_URLS: local, SUBGRAPH_URL: deployed })).toBe(deployed);
    expect(subgraphUrlFor(8453, { SUBGRAPH_URL: deployed, SUBGRAPH_URL_8453: "https://base.example/q" })).toBe(
      "https://base.example/q",
    );
  });
  it("forwards GraphQL queries only", () => {
    expect(isSubgraphRequest({ query: "{ _meta { deployment } }" })).toBe(true);
    expect(isSubgraphRequest({ query: "query Q($a: ID!) { x }", variables: { a: "0x01" }, operationName: "Q" })).toBe(
      true,
    );
    expect(isSubgraphRequest({ query: "mutation { x }" })).toBe(false);
    expect(isSubgraphRequest({ query: "" })).toBe(false);
    expect(isSubgraphRequest({ query: "{ x }", variables: [1] })).toBe(false);
    expect(isSubgraphRequest({ query: "{ x }", extra: 1 })).toBe(false);
    expect(isSubgraphRequest([{ query: "{ x }" }])).toBe(false);
  });
  it("stops reading a body past the limit", async () => {
    const post = (body: string) => new Request("http://app/subgraph/31337", { method: "POST", body });
    expect(await readBodyLimited(post("{}"), 10)).toBe("{}");
    expect(await readBodyLimited(post("x".repeat(11)), 10)).toBeUndefined();
  });
});
