// Gas of the bridge on both sides, with the operator verifier alone at 1-of-1, 3-of-5 and 7-of-13
// signers, and with both verifiers (2 of 2: the operators' 3-of-5 AND Hyperlane's Mailbox with a
// 2-of-3 MessageIdMultisigIsm); and Hyperlane's own token route (HypERC20Collateral → HypERC20 from
// its npm package) over the same Mailbox and security module, in the same run. Each figure is the
// second transfer on its route (the first initialises the route's storage), as anchors' test gas is.
//
//   npx hardhat run scripts/bench/bridge-gas.ts        (npm run gas writes the snapshot)
import type { Contract } from "ethers";

import { hyperlaneArtifact } from "../../offchain/src/protocol/hyperlane.ts";
import {
  type Bridge,
  chainA,
  chainB,
  deployBridge,
  E18,
  HOME,
  hyperlaneDelivery,
  operatorSignatures,
  REMOTE,
  sentMessage,
  type Side,
} from "../../contracts/test/bridge/bridgeFixture.ts";
import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";

const need = <T>(x: T | undefined): T => {
  if (x === undefined) throw new Error("the benchmark chains have too few accounts");
  return x;
};
const alice = need((await chainA.ethers.getSigners())[2]);
const aliceB = need((await chainB.ethers.getSigners())[2]);

const gasOf = async (tx: { wait(): Promise<{ gasUsed: bigint } | null> }) => Number((await tx.wait())!.gasUsed);

async function transfer(src: Side, from: typeof alice, dst: bigint, amount: bigint) {
  const fee = await src.manager.getFunction("quoteTransfer")(dst);
  const tx = await (src.manager.connect(from) as Contract).getFunction("transfer")(amount, dst, from.address, false, {
    value: fee,
  });
  return { hash: tx.hash as string, gas: await gasOf(tx), message: await sentMessage(src, tx.hash) };
}

async function operatorsAttest(dst: Side, message: Awaited<ReturnType<typeof sentMessage>>, k: number) {
  const sigs = await operatorSignatures(dst, message, dst.operatorWallets.slice(0, k));
  return gasOf(await dst.operators.getFunction("attest")(message, ...sigs));
}

async function hyperlaneProcess(src: Side, dst: Side, hash: string) {
  const { message, metadata } = await hyperlaneDelivery(src, hash);
  return gasOf(await dst.mailbox.getFunction("process")(metadata, message));
}

/** The operator verifier alone (manager threshold 1) with k-of-n signers. */
async function operatorsOnly(n: number, k: number) {
  const b: Bridge = await deployBridge({ verifiers: ["operators"], threshold: 1, operators: n, operatorThreshold: k });
  await (b.a.token.connect(alice) as Contract).getFunction("approve")(b.a.manager, 10n ** 30n);
  const row: Record<string, number> = {};
  for (let i = 0; i < 2; i++) {
    const out = await transfer(b.a, alice, REMOTE, 100n * E18);
    const exec = await operatorsAttest(b.b, out.message, k);
    const back = await transfer(b.b, aliceB, HOME, 10n * E18);
    const release = await operatorsAttest(b.a, back.message, k);
    Object.assign(row, {
      "transfer (home, lock)": out.gas,
      "execute (remote, mint)": exec,
      "transfer (remote, burn)": back.gas,
      "execute (home, release)": release,
    });
  }
  return row;
}

/** Both verifiers (2 of 2): operators 3-of-5 and Hyperlane (Mailbox + 2-of-3 MessageIdMultisigIsm). */
async function twoOfTwo() {
  const b = await deployBridge();
  await (b.a.token.connect(alice) as Contract).getFunction("approve")(b.a.manager, 10n ** 30n);
  const row: Record<string, number> = {};
  for (let i = 0; i < 2; i++) {
    const out = await transfer(b.a, alice, REMOTE, 100n * E18);
    const attest = await operatorsAttest(b.b, out.message, 3);
    const process = await hyperlaneProcess(b.a, b.b, out.hash);
    const back = await transfer(b.b, aliceB, HOME, 10n * E18);
    const attestHome = await operatorsAttest(b.a, back.message, 3);
    const processHome = await hyperlaneProcess(b.b, b.a, back.hash);
    Object.assign(row, {
      "transfer (home, lock)": out.gas,
      "execute (remote, mint)": attest + process,
      "  operators' attestation (first)": attest,
      "  Mailbox.process (second, executes)": process,
      "transfer (remote, burn)": back.gas,
      "execute (home, release)": attestHome + processHome,
    });
  }
  return { b, row };
}

/** Hyperlane's own warp route for the same token over the same Mailbox and security module. */
async function hypErc20(b: Bridge) {
  const deploy = async (side: Side, name: "HypERC20" | "HypERC20Collateral", args: unknown[]) => {
    const { abi, bytecode } = await hyperlaneArtifact(name);
    const [owner] = await side.ethers.getSigners();
    const contract = await new side.ethers.ContractFactory(abi as never, bytecode, owner).deploy(...args);
    await contract.waitForDeployment();
    return contract as unknown as Contract;
  };
  const [ownerA] = await chainA.ethers.getSigners();
  const [ownerB] = await chainB.ethers.getSigners();
  const collateral = await deploy(b.a, "HypERC20Collateral", [b.a.token, 1, 1, b.a.mailbox]);
  await collateral.getFunction("initialize")(chainA.ethers.ZeroAddress, b.a.ism, ownerA!.address);
  const synthetic = await deploy(b.b, "HypERC20", [18, 1, 1, b.b.mailbox]);
  await synthetic.getFunction("initialize")(0, "Peper", "PEPER", chainB.ethers.ZeroAddress, b.b.ism, ownerB!.address);
  const toB32 = async (c: Contract) => chainA.ethers.zeroPadValue(await c.getAddress(), 32);
  await collateral.getFunction("enrollRemoteRouter")(Number(REMOTE), await toB32(synthetic));
  await synthetic.getFunction("enrollRemoteRouter")(Number(HOME), await toB32(collateral));
  await (b.a.token.connect(alice) as Contract).getFunction("approve")(collateral, 10n ** 30n);
  const row: Record<string, number> = {};
  for (let i = 0; i < 2; i++) {
    const fee = await collateral.getFunction("quoteGasPayment")(Number(REMOTE));
    const out = await (collateral.connect(alice) as Contract).getFunction("transferRemote")(
      Number(REMOTE),
      chainA.ethers.zeroPadValue(aliceB.address, 32),
      100n * E18,
      { value: fee },
    );
    const outGas = await gasOf(out);
    const process = await hyperlaneProcess(b.a, b.b, out.hash);
    const back = await (synthetic.connect(aliceB) as Contract).getFunction("transferRemote")(
      Number(HOME),
      chainA.ethers.zeroPadValue(alice.address, 32),
      10n * E18,
    );
    const backGas = await gasOf(back);
    const processHome = await hyperlaneProcess(b.b, b.a, back.hash);
    Object.assign(row, {
      "transfer (home, lock)": outGas,
      "execute (remote, mint)": process,
      "transfer (remote, burn)": backGas,
      "execute (home, release)": processHome,
    });
  }
  return row;
}

const table: GasTable = {
  "Peper, operators 1-of-1": await operatorsOnly(1, 1),
  "Peper, operators 3-of-5": await operatorsOnly(5, 3),
  "Peper, operators 7-of-13": await operatorsOnly(13, 7),
};
const both = await twoOfTwo();
table["Peper, 2 of 2 (3-of-5 + Hyperlane)"] = both.row;
table["Hyperlane HypERC20 (same ISM)"] = await hypErc20(both.b);

printTable("Bridge gas (gas used per transaction; execute = every transaction the destination needs)", table);
snapshot("bridge", table);
