/**
 * The JSON-RPC methods the browser may send through the app's /rpc/<chainId> proxy: reads and the
 * broadcasting of signed transactions. Node-control methods (hardhat_*, evm_*, debug_*) stay private.
 */
const ALLOWED = /^(eth_[A-Za-z]+|net_version|web3_clientVersion)$/;
const REFUSED = new Set([
  "eth_sendTransaction",
  "eth_sign",
  "eth_signTransaction",
  "eth_signTypedData_v4",
  "eth_accounts",
]);

export function isAllowedRpcMethod(method: unknown): boolean {
  return typeof method === "string" && ALLOWED.test(method) && !REFUSED.has(method);
}

/** True when every request of a JSON-RPC body (single or batch) is allowed. */
export function isAllowedRpcBody(body: unknown): boolean {
  const requests = Array.isArray(body) ? body : [body];
  return (
    requests.length > 0 &&
    requests.length <= 100 &&
    requests.every((r) => r !== null && typeof r === "object" && isAllowedRpcMethod((r as { method?: unknown }).method))
  );
}
