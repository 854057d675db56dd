/**
 * FOR TESTS ONLY: a software WebAuthn authenticator, enough to drive the passkey routes end to end
 * without a browser. One P-256 credential (ES256), "none" attestation, a signature counter, and the
 * JSON a browser's `PublicKeyCredential.toJSON()` would send. Every field a test may want to get wrong
 * (origin, RP id, challenge, user verification, counter) can be overridden per call.
 *
 * Formats: WebAuthn Level 3 §6.1 (authenticator data), §6.5 (attestation object), §5.8.1 (client
 * data); COSE keys per RFC 9053; CBOR per RFC 8949 (only the few types needed here are encoded).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

/** A CBOR value this encoder writes: integers, text, byte strings and maps (keys in insertion order). */
export type CborValue = number | string | Uint8Array | ReadonlyMap<number | string, CborValue>;

/** The head of a CBOR data item: major type and argument (RFC 8949 §3). */
function cborHead(major: number, argument: number): Buffer {
  if (!Number.isSafeInteger(argument) || argument < 0) throw new RangeError(`CBOR argument ${argument}`);
  if (argument < 24) return Buffer.from([(major << 5) | argument]);
  if (argument < 0x100) return Buffer.from([(major << 5) | 24, argument]);
  if (argument < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(argument, 1);
    return b;
  }
  if (argument < 0x1_0000_0000) {
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(argument, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = (major << 5) | 27;
  b.writeBigUInt64BE(BigInt(argument), 1);
  return b;
}

/** Encodes a value as CBOR (definite lengths; map keys in the order given, as CTAP2 expects them). */
export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Only integers are supported, not ${value}`);
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === "string") {
    const utf8 = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, utf8.length), utf8]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  const parts: Buffer[] = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(encodeCbor(k), encodeCbor(v));
  return Buffer.concat(parts);
}

/** Authenticator-data flags (WebAuthn §6.1). */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const sha256 = (data: Uint8Array | string): Buffer => createHash("sha256").update(data).digest();
const b64url = (data: Uint8Array): string => Buffer.from(data).toString("base64url");

/** What a test may change in one ceremony. */
export interface CeremonyOptions {
  /** The challenge from the server's options (base64url). */
  readonly challenge: string;
  /** The RP id whose SHA-256 goes into the authenticator data. */
  readonly rpId: string;
  /** The origin the "browser" puts into the client data. */
  readonly origin: string;
  /** Whether the user was verified (UV flag); default true. */
  readonly userVerified?: boolean;
  /** Whether the user was present (UP flag); default true. */
  readonly userPresent?: boolean;
  /** The client-data type; default "webauthn.create" / "webauthn.get". */
  readonly type?: string;
}

/**
 * A software authenticator holding one ES256 credential. FOR TESTS ONLY: the private key lives in
 * memory and nothing is protected.
 */
export class SoftAuthenticator {
  /** The credential id, base64url (16 random bytes). */
  readonly credentialId: string;
  /** The signature counter, incremented before each assertion unless `countSignatures` is false. */
  counter: number;
  /** Whether this authenticator keeps a signature counter (false: always 0, like many passkey providers). */
  readonly countSignatures: boolean;
  /** The user handle the credential was registered for (base64url), set by {@link register}. */
  userHandle: string | undefined;
  readonly #privateKey: KeyObject;
  readonly #cosePublicKey: Buffer;

  constructor(options: { counter?: number; countSignatures?: boolean } = {}) {
    this.credentialId = b64url(randomBytes(16));
    this.counter = options.counter ?? 0;
    this.countSignatures = options.countSignatures ?? true;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.#privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    // COSE_Key (RFC 9053 §7.1.1): kty 2 (EC2), alg -7 (ES256), crv 1 (P-256), x, y.
    this.#cosePublicKey = encodeCbor(
      new Map<number, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
  }

  /** The credential's public key as a COSE_Key (what the server stores). */
  get cosePublicKey(): Buffer {
    return Buffer.from(this.#cosePublicKey);
  }

  /**
   * Answers `navigator.credentials.create()`: a "none" attestation whose authenticator data carries
   * the RP id hash, the flags (UP, UV, AT), the counter and the attested credential data.
   */
  register(options: CeremonyOptions & { userHandle?: string; transports?: string[] }): RegistrationResponseJSON {
    this.userHandle = options.userHandle;
    const rawId = Buffer.from(this.credentialId, "base64url");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const attested = Buffer.concat([Buffer.alloc(16) /* AAGUID: none */, idLength, rawId, this.#cosePublicKey]);
    const authData = this.#authenticatorData(options, FLAG_AT, this.counter, attested);
    const clientDataJSON = this.#clientData(options, "webauthn.create");
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: options.transports ?? ["internal", "hybrid"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /**
   * Answers `navigator.credentials.get()`: authenticator data and an ES256 (DER) signature over
   * `authData || SHA-256(clientDataJSON)`. `counter` forces the counter value (to test regressions).
   */
  assert(options: CeremonyOptions & { counter?: number; credentialId?: string }): AuthenticationResponseJSON {
    if (options.counter !== undefined) this.counter = options.counter;
    else if (this.countSignatures) this.counter += 1;
    const authData = this.#authenticatorData(options, 0, this.countSignatures ? this.counter : 0);
    const clientDataJSON = this.#clientData(options, "webauthn.get");
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.#privateKey);
    const id = options.credentialId ?? this.credentialId;
    return {
      id,
      rawId: id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle !== undefined ? { userHandle: this.userHandle } : {}),
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  #authenticatorData(options: CeremonyOptions, extraFlags: number, counter: number, attested?: Buffer): Buffer {
    let flags = extraFlags;
    if (options.userPresent ?? true) flags |= FLAG_UP;
    if (options.userVerified ?? true) flags |= FLAG_UV;
    const head = Buffer.alloc(37);
    sha256(options.rpId).copy(head, 0);
    head[32] = flags;
    head.writeUInt32BE(counter, 33);
    return attested ? Buffer.concat([head, attested]) : head;
  }

  #clientData(options: CeremonyOptions, type: string): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: options.type ?? type,
        challenge: options.challenge,
        origin: options.origin,
        crossOrigin: false,
      }),
      "utf8",
    );
  }
}
