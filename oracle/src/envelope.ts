import { keccak256, stringToHex, verifyMessage, type Address, type Hex, type LocalAccount } from "viem";

/**
 * Every message between operators is signed by the sender's operator key (EIP-191 over the
 * keccak256 of the JSON body) and checked against the hub's operator list before anything else.
 */
export interface Envelope {
  sender: Address;
  body: string;
  signature: Hex;
}

/** A message from someone who is not an operator, or with a bad signature: refused. */
export class PeerAuthError extends Error {
  override name = "PeerAuthError";
}

const jsonWithBigints = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v.toString()}n` : v));

/** Parses JSON written by `seal`, turning "123n" strings back into bigints. */
export const parseBody = <T>(body: string): T =>
  JSON.parse(body, (_k, v: unknown) => (typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as T;

export async function seal(account: LocalAccount, message: unknown): Promise<Envelope> {
  const body = jsonWithBigints(message);
  const signature = await account.signMessage({ message: { raw: keccak256(stringToHex(body)) } });
  return { sender: account.address, body, signature };
}

/** Verifies the envelope and returns its message; throws PeerAuthError otherwise. */
export async function open<T>(envelope: Envelope, operators: readonly Address[]): Promise<T> {
  if (
    typeof envelope?.sender !== "string" ||
    typeof envelope.body !== "string" ||
    typeof envelope.signature !== "string"
  ) {
    throw new PeerAuthError("malformed envelope: sender, body and signature are required");
  }
  if (!operators.some((o) => o.toLowerCase() === envelope.sender.toLowerCase())) {
    throw new PeerAuthError(`${envelope.sender} is not an operator`);
  }
  const ok = await verifyMessage({
    address: envelope.sender,
    message: { raw: keccak256(stringToHex(envelope.body)) },
    signature: envelope.signature,
  }).catch(() => false);
  if (!ok) throw new PeerAuthError(`bad signature from ${envelope.sender}`);
  return parseBody<T>(envelope.body);
}
