// One DAO for every chain (issue 17, docs/decisions/0013-one-dao.md): nobody but chain B's Timelock —
// fed only by B's GovernanceReceiver, which only the home chain's DAO can feed — may act on B's
// protocol. The test deploys both local chains exactly as `npm start` does (the real Ignition modules
// and both bridge steps, through scripts/lib/deploy.ts, on two fresh Hardhat nodes, under its own
// deployment ids so a developer's deployment stays), then walks EVERY contract of B's Ignition
// deployment — enumerated from its deployed_addresses.json and cross-checked against every contract
// creation on the chain — with the ABI Ignition recorded for it:
//   - owner() and feeToSetter() must be B's Timelock (Hyperlane's validator ISM has no owner);
//   - every role of every AccessControl contract (DEFAULT_ADMIN_ROLE and each *_ROLE constant), with
//     its holders read from RoleGranted/RoleRevoked logs and checked with hasRole;
//   - every other address a contract exposes through a zero-argument getter (guardian, operators,
//     issuer-type settings, …);
// and every party found must be B's Timelock, a contract of the deployment (wiring, walked in turn),
// address zero, or on the allow-list below with the one limited power it grants. The deployer holds
// nothing anywhere: a contract left owned by the deployer fails the test.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { freePort } from "../../offchain/src/testing/chain.ts";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import {
  createPublicClient,
  createWalletClient,
  getAddress,
  http,
  parseAbi,
  parseAbiItem,
  zeroAddress,
  type Abi,
  type AbiFunction,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { chainByNetwork } from "../../offchain/src/protocol/chains.ts";
import { connectBridge, deploy, deploymentDir } from "./deploy.ts";
import { hardhat, ROOT, rpc, waitFor } from "./runtime.ts";

const PREFIX = "one-dao-test-";
const A = chainByNetwork("localA")!;
const B = chainByNetwork("localB")!;
const DEPLOYER = getAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

const params = JSON.parse(readFileSync(join(ROOT, "contracts/ignition/parameters/local.json"), "utf8")) as {
  $global: { guardian: Address };
  PeperLocal: { oracleOperators: Address[]; certificateIssuer: Address };
  Bridge: { operators: Address[]; validators: Address[] };
};

/** One party besides B's Timelock that may appear on B, and exactly where. */
interface Allowance {
  party: string;
  who: readonly Address[];
  /** Zero-argument getters (on any contract) that may name them. */
  getters: readonly string[];
  /** "Contract:ROLE" pairs they may hold. */
  roles: readonly string[];
  /** Why that much is safe. */
  why: string;
}

/** The allow-list: anything else these parties hold fails the test. */
const allowances = (homeSender: Address): readonly Allowance[] => [
  {
    party: "guardian",
    who: [params.$global.guardian],
    getters: ["guardian"],
    roles: ["PeperTimelock:CANCELLER_ROLE"],
    why:
      "pauses (GuardianPausable: pause only, the Timelock unpauses) the staking pool, farm, vault, " +
      "marketplace and bridge manager, and may cancel a scheduled operation on B's Timelock during its " +
      "delay (a brake if both bridge verifiers were ever compromised); it can neither schedule nor execute",
  },
  {
    party: "oracle and bridge operators",
    who: [...params.PeperLocal.oracleOperators, ...params.Bridge.operators],
    getters: ["operators"],
    roles: [],
    why:
      "sign oracle reports (OracleHub) and bridge attestations (OperatorVerifier, one of two required " +
      "verifiers); neither changes a parameter",
  },
  {
    party: "Hyperlane validators",
    who: params.Bridge.validators,
    getters: ["validators"],
    roles: [],
    why: "sign checkpoints for the validator ISM (the other required verifier), fixed at its construction",
  },
  {
    party: "certificate issuer",
    who: [params.PeperLocal.certificateIssuer],
    getters: [],
    roles: ["Certificates:ISSUER_ROLE"],
    why: "mints and revokes soulbound course certificates (no funds, no parameters); the Timelock administers the role",
  },
  {
    party: "the home chain's GovernanceSender",
    who: [homeSender],
    getters: ["homeSender"],
    roles: [],
    why: "the only source B's receiver accepts (a contract on A, owned by A's Timelock, called only by a passed proposal)",
  },
];

const roleEvents = [
  parseAbiItem("event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)"),
  parseAbiItem("event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)"),
];
const accessControlAbi = parseAbi(["function hasRole(bytes32 role, address account) view returns (bool)"]);

/** A contract of B's deployment: its Ignition id, address and the ABI Ignition recorded. */
interface Deployed {
  id: string;
  name: string;
  address: Address;
  abi: Abi;
}

function readDeployment(chainId: number): Deployed[] {
  const dir = deploymentDir(chainId, undefined, PREFIX);
  const addresses = JSON.parse(readFileSync(join(dir, "deployed_addresses.json"), "utf8")) as Record<string, Address>;
  return Object.entries(addresses).map(([id, address]) => {
    const artifact = JSON.parse(readFileSync(join(dir, "artifacts", `${id}.json`), "utf8")) as {
      contractName: string;
      abi: Abi;
    };
    return { id, name: artifact.contractName, address: getAddress(address), abi: artifact.abi };
  });
}

const removeTestDeployments = () => {
  const root = join(ROOT, "contracts/ignition/deployments");
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    if (entry.startsWith(PREFIX)) rmSync(join(root, entry), { recursive: true, force: true });
  }
};

describe("one DAO: nobody but B's Timelock, fed by the GovernanceReceiver, acts on chain B", () => {
  const nodes: ChildProcess[] = [];
  let clientA: PublicClient;
  let clientB: PublicClient;
  let urlB = "";
  let deployedA: Deployed[];
  let deployedB: Deployed[];
  const at = (deployed: Deployed[], id: string): Address => deployed.find((d) => d.id === id)!.address;

  before(async () => {
    removeTestDeployments();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const chain of [A, B]) {
      const port = await freePort();
      const [cmd, args] = hardhat(
        "node",
        "--hostname",
        "127.0.0.1",
        "--port",
        String(port),
        "--chain-id",
        String(chain.chainId),
      );
      const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: "ignore" });
      nodes.push(child);
      const url = `http://127.0.0.1:${port}`;
      env[`PEPER_${chain.network.toUpperCase()}_RPC_URL`] = url;
      await waitFor(
        `chain ${chain.chainId}`,
        async () => Number(await rpc<string>(url, "eth_chainId")) === chain.chainId,
        {
          child,
        },
      );
    }
    clientA = createPublicClient({ transport: http(env["PEPER_LOCALA_RPC_URL"]) });
    urlB = env["PEPER_LOCALB_RPC_URL"]!;
    clientB = createPublicClient({ transport: http(urlB) });
    for (const chain of [A, B]) await deploy({ network: chain.network, quiet: true, env, deploymentPrefix: PREFIX });
    await connectBridge({ network: A.network, peerNetwork: B.network, quiet: true, env, deploymentPrefix: PREFIX });
    await connectBridge({ network: B.network, peerNetwork: A.network, quiet: true, env, deploymentPrefix: PREFIX });
    deployedA = readDeployment(A.chainId);
    deployedB = readDeployment(B.chainId);
  });

  after(() => {
    for (const child of nodes) {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    }
    removeTestDeployments();
  });

  it("B's deployment has no Governor; A's has the GovernanceSender, B's the GovernanceReceiver", () => {
    const ids = deployedB.map((d) => d.id);
    assert.ok(!ids.includes("Governance#PeperGovernor"), "B has no Governor");
    assert.ok(!deployedB.some((d) => d.name === "PeperGovernor"), "no PeperGovernor under any id on B");
    assert.ok(ids.includes("Bridge#GovernanceReceiver"));
    assert.ok(ids.includes("Governance#PeperTimelock"));
    assert.ok(deployedA.some((d) => d.id === "Bridge#GovernanceSender"));
  });

  it("the Ignition record is every contract on B: no contract was created outside it", async () => {
    const latest = await clientB.getBlockNumber();
    const created = new Set<Address>();
    for (let n = 0n; n <= latest; n++) {
      const block = await clientB.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.to !== null) continue;
        const receipt = await clientB.getTransactionReceipt({ hash: tx.hash });
        if (receipt.contractAddress) created.add(getAddress(receipt.contractAddress));
      }
    }
    assert.deepEqual([...created].sort(), deployedB.map((d) => d.address).sort());
  });

  it("B's Timelock: proposer = the receiver only, canceller = the guardian only, executor open, admin = itself", async () => {
    const timelock = deployedB.find((d) => d.id === "Governance#PeperTimelock")!;
    const holders = await roleHolders(clientB, timelock);
    const receiver = at(deployedB, "Bridge#GovernanceReceiver");
    assert.deepEqual(holders.get("PROPOSER_ROLE"), [receiver]);
    assert.deepEqual(holders.get("CANCELLER_ROLE"), [getAddress(params.$global.guardian)]);
    assert.deepEqual(holders.get("EXECUTOR_ROLE"), [zeroAddress]);
    assert.deepEqual(holders.get("DEFAULT_ADMIN_ROLE"), [timelock.address]);
    const minDelay = await clientB.readContract({
      address: timelock.address,
      abi: parseAbi(["function getMinDelay() view returns (uint256)"]),
      functionName: "getMinDelay",
    });
    assert.equal(minDelay, 60n, "B's Timelock keeps its own delay (local.json: 60 s)");
  });

  it("B's receiver accepts only A's GovernanceSender, at 2 of 2 verifiers; A's sender points at it and is A's Timelock's", async () => {
    const receiver = at(deployedB, "Bridge#GovernanceReceiver");
    const sender = at(deployedA, "Bridge#GovernanceSender");
    const abi = parseAbi([
      "function homeSender() view returns (address)",
      "function homeChainId() view returns (uint64)",
      "function timelock() view returns (address)",
      "function verifiers() view returns (address[])",
      "function threshold() view returns (uint8)",
      "function owner() view returns (address)",
      "function receivers(uint64) view returns (address)",
      "function governanceSender() view returns (address)",
      "function governanceReceiver() view returns (address)",
    ]);
    const read = (client: PublicClient, address: Address, functionName: string, args: readonly unknown[] = []) =>
      client.readContract({ address, abi, functionName, args } as Parameters<PublicClient["readContract"]>[0]);
    assert.equal(await read(clientB, receiver, "homeSender"), sender);
    assert.equal(await read(clientB, receiver, "homeChainId"), 31337n);
    assert.equal(await read(clientB, receiver, "timelock"), at(deployedB, "Governance#PeperTimelock"));
    assert.deepEqual(await read(clientB, receiver, "verifiers"), [
      at(deployedB, "Bridge#OperatorVerifier"),
      at(deployedB, "Bridge#HyperlaneVerifier"),
    ]);
    assert.equal(await read(clientB, receiver, "threshold"), 2);
    assert.equal(await read(clientA, sender, "owner"), at(deployedA, "Governance#PeperTimelock"));
    assert.equal(await read(clientA, sender, "receivers", [31338n]), receiver);
    for (const verifier of ["Bridge#OperatorVerifier", "Bridge#HyperlaneVerifier"]) {
      assert.equal(await read(clientA, at(deployedA, verifier), "governanceSender"), sender, `A's ${verifier}`);
      assert.equal(await read(clientB, at(deployedB, verifier), "governanceReceiver"), receiver, `B's ${verifier}`);
      assert.equal(await read(clientB, at(deployedB, verifier), "governanceSender"), zeroAddress, `B's ${verifier}`);
    }
  });

  it("every owned or role-bearing contract on B answers to B's Timelock; the rest is allow-listed and limited", async () => {
    const { problems, owned, roleBearing } = await walk(clientB, deployedB, at(deployedA, "Bridge#GovernanceSender"));
    assert.deepEqual(problems, []);
    // the Timelock's own admin aside: the bridged token, the manager, both verifiers, the receiver, the
    // staking pool, farm, vault, oracle hub, marketplace, Hyperlane's mailbox and hooks …
    assert.ok(owned >= 12, `walked ${owned} owned contracts`);
    assert.ok(roleBearing >= 2, `walked ${roleBearing} AccessControl contracts (the Timelock, Certificates)`);
  });

  it("the walk refuses a contract left owned by the deployer", async () => {
    // one more contract on B, owned by the deployer (as the OracleHub is until its deployment hands it over)
    const artifact = JSON.parse(
      readFileSync(join(ROOT, "artifacts/contracts/src/oracle/OracleHub.sol/OracleHub.json"), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const wallet = createWalletClient({ account: DEPLOYER, transport: http(urlB) });
    const hash = await wallet.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: [DEPLOYER, 3600n],
      chain: null,
    });
    const { contractAddress } = await clientB.waitForTransactionReceipt({ hash });
    const leftOver: Deployed = {
      id: "PeperLocal#LeftOverHub",
      name: "OracleHub",
      address: getAddress(contractAddress!),
      abi: artifact.abi,
    };
    const { problems } = await walk(clientB, [...deployedB, leftOver], at(deployedA, "Bridge#GovernanceSender"));
    assert.deepEqual(problems, [`PeperLocal#LeftOverHub.owner() = ${DEPLOYER} (the deployer), not the Timelock`]);
  });
});

/**
 * Walks every contract of `deployed` (B's deployment): owners, AccessControl roles and every address a
 * zero-argument getter exposes; returns what is not B's Timelock, the deployment's own wiring, address
 * zero or allowed by the allow-list.
 */
async function walk(
  client: PublicClient,
  deployed: readonly Deployed[],
  homeSender: Address,
): Promise<{ problems: string[]; owned: number; roleBearing: number }> {
  const timelock = deployed.find((d) => d.id === "Governance#PeperTimelock")!.address;
  const receiver = deployed.find((d) => d.id === "Bridge#GovernanceReceiver")!.address;
  const allowed = allowances(homeSender);
  const own = new Set(deployed.map((d) => d.address));
  const problems: string[] = [];
  let owned = 0;
  let roleBearing = 0;
  /** Checks one party found at `where` ("Farm.guardian()", "Certificates:ISSUER_ROLE"). */
  const check = (party: Address, where: string, kind: "getter" | "role", name: string, contract: Deployed) => {
    if (party === DEPLOYER) return problems.push(`${where} is the deployer`);
    if (party === timelock || party === zeroAddress) return;
    if (own.has(party)) {
      // another contract of the deployment (a token, a manager, a feed's hub): wiring, walked in turn;
      // the receiver's one power is proposing on the Timelock
      if (party === receiver && kind === "role" && where !== "PeperTimelock:PROPOSER_ROLE") {
        problems.push(`${where}: the receiver may only propose on the Timelock`);
      }
      return;
    }
    const allowance = allowed.find((a) => a.who.some((w) => getAddress(w) === party));
    if (!allowance) return problems.push(`${where} = ${party}: not the Timelock and not allow-listed`);
    const ok =
      kind === "getter" ? allowance.getters.includes(name) : allowance.roles.includes(`${contract.name}:${name}`);
    if (!ok) problems.push(`${where} = ${party} (${allowance.party}): beyond what the allow-list grants`);
  };

  for (const contract of deployed) {
    const functions = contract.abi.filter((f): f is AbiFunction => f.type === "function");
    const views = functions.filter((f) => f.inputs.length === 0 && ["view", "pure"].includes(f.stateMutability));
    const call = (fn: AbiFunction) =>
      client.readContract({ address: contract.address, abi: [fn], functionName: fn.name }) as Promise<unknown>;

    const ownerFn = views.find((f) => f.name === "owner");
    if (ownerFn) {
      const owner = getAddress((await call(ownerFn)) as Address);
      if (contract.id === "Bridge#ValidatorIsm") {
        // deployed directly (not through Hyperlane's factory) it has no owner: its validators are fixed
        if (owner !== zeroAddress) problems.push(`${contract.id}.owner() = ${owner}: the validator ISM has an owner`);
      } else if (owner !== timelock) {
        problems.push(
          `${contract.id}.owner() = ${owner}${owner === DEPLOYER ? " (the deployer)" : ""}, not the Timelock`,
        );
      }
      owned++;
    }
    if (functions.some((f) => f.name === "hasRole")) {
      roleBearing++;
      for (const [role, holders] of await roleHolders(client, contract)) {
        for (const holder of holders) check(holder, `${contract.name}:${role}`, "role", role, contract);
      }
      for (const who of [DEPLOYER, ...params.PeperLocal.oracleOperators]) {
        const admin = await client.readContract({
          address: contract.address,
          abi: accessControlAbi,
          functionName: "hasRole",
          args: [`0x${"00".repeat(32)}`, who],
        });
        if (admin) problems.push(`${contract.id}: ${who} holds DEFAULT_ADMIN_ROLE`);
      }
    }
    for (const fn of views) {
      if (fn.name === "owner" || fn.outputs.length !== 1) continue;
      const type = fn.outputs[0]!.type;
      if (type !== "address" && type !== "address[]") continue;
      const value = await call(fn);
      const parties = (Array.isArray(value) ? value : [value]).map((v) => getAddress(v as Address));
      for (const party of parties) check(party, `${contract.id}.${fn.name}()`, "getter", fn.name, contract);
    }
  }
  return { problems, owned, roleBearing };
}

/** Current holders of every role of an AccessControl contract, by role name, from its role logs. */
async function roleHolders(client: PublicClient, contract: Deployed): Promise<Map<string, Address[]>> {
  const names = new Map<Hex, string>([[`0x${"00".repeat(32)}`, "DEFAULT_ADMIN_ROLE"]]);
  for (const fn of contract.abi) {
    if (fn.type !== "function" || fn.inputs.length !== 0 || !fn.name.endsWith("_ROLE")) continue;
    const id = (await client.readContract({ address: contract.address, abi: [fn], functionName: fn.name })) as Hex;
    names.set(id, fn.name);
  }
  const logs = await client.getLogs({ address: contract.address, events: roleEvents, fromBlock: 0n });
  const seen = new Map<string, Set<Address>>();
  for (const log of logs) {
    const role = log.args.role!;
    const name = names.get(role) ?? role;
    const set = seen.get(name) ?? new Set<Address>();
    set.add(getAddress(log.args.account!));
    seen.set(name, set);
  }
  const out = new Map<string, Address[]>();
  for (const [name, candidates] of seen) {
    const role = [...names].find(([, n]) => n === name)?.[0] ?? (name as Hex);
    const holders: Address[] = [];
    for (const who of candidates) {
      if (
        await client.readContract({
          address: contract.address,
          abi: accessControlAbi,
          functionName: "hasRole",
          args: [role, who],
        })
      )
        holders.push(who);
    }
    if (holders.length > 0) out.set(name, holders.sort());
  }
  return out;
}
