// The local stack's fixed keys (Hardhat's well-known development accounts, from the mnemonic
// "test test … junk"): public knowledge, so they hold value only on the local chains. One place for
// them, so that the deployment (contracts/ignition/parameters/local.json), the processes of
// `npm start` and the tests agree; scripts/lib/local-keys.test.ts checks local.json against them.
//
//   #0–#3  Alice, Bob, Carol, Dave (demo holders; Alice deploys)   #4  the guardian
//   #5     the grants multisig of PIP-2                             #6  the certificate issuer
//   #7–#9  the oracle operators (also the bridge's operator set)    #10–#12 the Hyperlane validators
import type { Hex } from "viem";

/** Hardhat's test keys #7–#9: the three oracle operators, who also sign the bridge's attestations. */
export const LOCAL_OPERATOR_KEYS = [
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const satisfies readonly Hex[];

/**
 * Hardhat's test keys #10–#12: the local Hyperlane validators, in the order the ValidatorIsm lists
 * them (MessageIdMultisigIsm reads signatures in that order). Never an operator: the bridge's two
 * verifiers must be two different sets of keys, so one compromised set is not enough.
 * (#10 0xBcd4042DE499D14e55001CcbB24a551F3b954096, #11 0x71bE63f3384f5fb98995898A86B02Fb2426c5788,
 * #12 0xFABB0ac9d68B0B445fB7357272Ff202C5651694a.)
 */
export const LOCAL_VALIDATOR_KEYS = [
  "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897",
  "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82",
  "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
] as const satisfies readonly Hex[];

/** Hardhat's test key #6: the first certificate issuer, held by the API to mint course certificates. */
export const LOCAL_CERTIFICATE_ISSUER_KEY: Hex = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";
