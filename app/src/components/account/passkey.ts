/**
 * WebAuthn in the browser for the API's passkey routes (/auth/passkeys): the JSON options the API
 * sends (base64url binary fields) become what navigator.credentials expects, and the credential
 * goes back as JSON (PublicKeyCredential.toJSON's shape), so no library is needed.
 */

export const fromBase64Url = (text: string): ArrayBuffer => {
  const b64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
};

export const toBase64Url = (data: ArrayBuffer | ArrayBufferView): string => {
  const bytes =
    data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

interface CredentialDescriptorJson {
  id: string;
  type?: string;
  transports?: string[];
}

/** POST /auth/passkeys/login/options. */
export interface AuthenticationOptionsJson {
  challenge: string;
  rpId?: string;
  timeout?: number;
  userVerification?: UserVerificationRequirement;
  allowCredentials?: CredentialDescriptorJson[];
}

/** POST /auth/passkeys/register/options. */
export interface RegistrationOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { type: string; alg: number }[];
  timeout?: number;
  attestation?: AttestationConveyancePreference;
  excludeCredentials?: CredentialDescriptorJson[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
}

const descriptor = (c: CredentialDescriptorJson): PublicKeyCredentialDescriptor => ({
  type: "public-key",
  id: fromBase64Url(c.id),
  ...(c.transports ? { transports: c.transports as AuthenticatorTransport[] } : {}),
});

export function requestOptions(o: AuthenticationOptionsJson): PublicKeyCredentialRequestOptions {
  return {
    challenge: fromBase64Url(o.challenge),
    ...(o.rpId ? { rpId: o.rpId } : {}),
    ...(o.timeout ? { timeout: o.timeout } : {}),
    ...(o.userVerification ? { userVerification: o.userVerification } : {}),
    ...(o.allowCredentials ? { allowCredentials: o.allowCredentials.map(descriptor) } : {}),
  };
}

export function creationOptions(o: RegistrationOptionsJson): PublicKeyCredentialCreationOptions {
  return {
    challenge: fromBase64Url(o.challenge),
    rp: o.rp,
    user: { ...o.user, id: fromBase64Url(o.user.id) },
    pubKeyCredParams: o.pubKeyCredParams.map((p) => ({ type: "public-key", alg: p.alg })),
    ...(o.timeout ? { timeout: o.timeout } : {}),
    ...(o.attestation ? { attestation: o.attestation } : {}),
    ...(o.excludeCredentials ? { excludeCredentials: o.excludeCredentials.map(descriptor) } : {}),
    ...(o.authenticatorSelection ? { authenticatorSelection: o.authenticatorSelection } : {}),
  };
}

const attachment = (c: PublicKeyCredential) =>
  c.authenticatorAttachment === "platform" || c.authenticatorAttachment === "cross-platform"
    ? { authenticatorAttachment: c.authenticatorAttachment }
    : {};

/** The assertion of navigator.credentials.get() as POST /auth/passkeys/login/verify takes it. */
export function assertionJson(c: PublicKeyCredential) {
  const r = c.response as AuthenticatorAssertionResponse;
  return {
    id: c.id,
    rawId: toBase64Url(c.rawId),
    type: "public-key" as const,
    response: {
      clientDataJSON: toBase64Url(r.clientDataJSON),
      authenticatorData: toBase64Url(r.authenticatorData),
      signature: toBase64Url(r.signature),
      ...(r.userHandle && r.userHandle.byteLength > 0 ? { userHandle: toBase64Url(r.userHandle) } : {}),
    },
    ...attachment(c),
    clientExtensionResults: {},
  };
}

/** The attestation of navigator.credentials.create() as POST /auth/passkeys/register/verify takes it. */
export function attestationJson(c: PublicKeyCredential) {
  const r = c.response as AuthenticatorAttestationResponse;
  return {
    id: c.id,
    rawId: toBase64Url(c.rawId),
    type: "public-key" as const,
    response: {
      clientDataJSON: toBase64Url(r.clientDataJSON),
      attestationObject: toBase64Url(r.attestationObject),
      ...(typeof r.getTransports === "function" ? { transports: r.getTransports() } : {}),
    },
    ...attachment(c),
    clientExtensionResults: {},
  };
}

/** Whether a host can be a WebAuthn relying party: a domain name (localhost too), not an IP address. */
export const hostCanUsePasskeys = (hostname: string): boolean =>
  !/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) && !hostname.startsWith("[") && !hostname.includes(":");

/** Whether this browser, on this host, can do passkeys at all. */
export const passkeysAvailable = (): boolean =>
  typeof window !== "undefined" &&
  typeof window.PublicKeyCredential === "function" &&
  !!navigator.credentials &&
  hostCanUsePasskeys(window.location.hostname);
