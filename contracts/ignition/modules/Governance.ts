import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

/** Where PEPER lives on a chain: its home (PeperToken, the initial distribution) or a remote chain. */
export type PeperRole = "home" | "remote";

/**
 * The DAO's contracts on one chain: PEPER, the Timelock (treasury and owner of every parameter) and,
 * on PEPER's home chain only, the Governor.
 *
 * Home: the Timelock is deployed first with the deployer as a temporary admin (the Governor's
 * address is not known yet), then PEPER and the Governor; the Governor is granted the proposer and
 * canceller roles, and finally the deployer renounces the admin role, so no deployer key keeps a
 * privilege. Executor = address(0): anyone may execute a ready operation.
 *
 * Remote (one DAO for every chain, docs/decisions/0013-one-dao.md): no Governor. The Timelock keeps
 * its own delay, and its only proposer is the chain's GovernanceReceiver, which schedules what the
 * home chain's DAO sent through the bridge's verifiers. The receiver is deployed by the Bridge module
 * (bridge.ts), which also grants it the proposer role, makes the guardian the canceller and renounces
 * the deployer's admin role — so the deployer is this Timelock's admin only until the Bridge module's
 * calls have run, inside the same deployment.
 *
 * PEPER on the home chain is PeperToken (owned by the Timelock, with the initial distribution). On a
 * remote chain it is PeperBridgedToken, whose supply only the chain's BridgeManager mints: no
 * distribution, and its owner is the deployer until the Bridge module (bridge.ts) has set the
 * manager as its bridge and handed it to the Timelock. Its Ignition id is "PeperToken" on every
 * chain, so "Governance#PeperToken" (and the generated address key "PeperToken") is PEPER wherever
 * it is; the bridged token has the same ERC-20, permit, votes and clock ABI.
 *
 * Parameters (see contracts/ignition/parameters/*.json): all times are in seconds because PEPER's
 * clock is in timestamp mode. `tokenCap`, `tokenRecipients`, `tokenAmounts` and the Governor's
 * settings are read on the home chain only; `timelockMinDelay` on every chain.
 */
/** The Timelock, with the deployer as its admin until the roles are wired. */
function deployTimelock(m: IgnitionModuleBuilder) {
  return m.contract("PeperTimelock", [
    m.getParameter<bigint>("timelockMinDelay", 2n * 24n * 3600n),
    [],
    ["0x0000000000000000000000000000000000000000"],
    m.getAccount(0),
  ]);
}

const home = buildModule("Governance", (m) => {
  const deployer = m.getAccount(0);
  const timelock = deployTimelock(m);
  const token = m.contract("PeperToken", [
    timelock,
    m.getParameter<bigint>("tokenCap", 1_000_000_000n * 10n ** 18n),
    m.getParameter<string[]>("tokenRecipients"),
    m.getParameter<bigint[]>("tokenAmounts"),
  ]);
  const governor = m.contract("PeperGovernor", [
    token,
    timelock,
    m.getParameter<bigint>("votingDelay", 24n * 3600n),
    m.getParameter<bigint>("votingPeriod", 7n * 24n * 3600n),
    m.getParameter<bigint>("proposalThreshold", 100_000n * 10n ** 18n),
    m.getParameter<bigint>("quorumPercent", 4n),
    m.getParameter<bigint>("voteExtension", 2n * 24n * 3600n),
  ]);

  const proposerRole = m.staticCall(timelock, "PROPOSER_ROLE", [], 0, { id: "proposerRole" });
  const cancellerRole = m.staticCall(timelock, "CANCELLER_ROLE", [], 0, { id: "cancellerRole" });
  const adminRole = m.staticCall(timelock, "DEFAULT_ADMIN_ROLE", [], 0, { id: "adminRole" });
  const grantProposer = m.call(timelock, "grantRole", [proposerRole, governor], { id: "grantProposer" });
  const grantCanceller = m.call(timelock, "grantRole", [cancellerRole, governor], { id: "grantCanceller" });
  m.call(timelock, "renounceRole", [adminRole, deployer], {
    id: "renounceAdmin",
    after: [grantProposer, grantCanceller],
  });

  return { token, timelock, governor };
});

const remote = buildModule("Governance", (m) => {
  const timelock = deployTimelock(m);
  // Bridged PEPER; the Timelock's roles are wired by the Bridge module with the GovernanceReceiver.
  const token = m.contract("PeperBridgedToken", [m.getAccount(0), "0x0000000000000000000000000000000000000000"], {
    id: "PeperToken",
  });
  return { token, timelock };
});

const modules = { home, remote } as const;

/** The Governance module for a chain's role (one module object per role, as Ignition expects). */
export function governanceModule(role: "home"): typeof modules.home;
export function governanceModule(role: "remote"): typeof modules.remote;
export function governanceModule(role: PeperRole): (typeof modules)[PeperRole];
export function governanceModule(role: PeperRole) {
  return modules[role];
}

/** The home chain's DAO. */
export default modules.home;
