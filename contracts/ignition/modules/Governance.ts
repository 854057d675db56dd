import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Where PEPER lives on a chain: its home (PeperToken, the initial distribution) or a remote chain. */
export type PeperRole = "home" | "remote";

/**
 * The DAO: PEPER, the Timelock (treasury and owner of every parameter) and the Governor.
 *
 * Order: the Timelock is deployed first with the deployer as a temporary admin (the Governor's
 * address is not known yet), then PEPER and the Governor; the Governor is granted the proposer and
 * canceller roles, and finally the deployer renounces the admin role, so no deployer key keeps a
 * privilege. Executor = address(0): anyone may execute a ready operation.
 *
 * PEPER on the home chain is PeperToken (owned by the Timelock, with the initial distribution). On a
 * remote chain it is PeperBridgedToken, whose supply only the chain's BridgeManager mints: no
 * distribution, and its owner is the deployer until the Bridge module (bridge.ts) has set the
 * manager as its bridge and handed it to the Timelock. Its Ignition id is "PeperToken" on every
 * chain, so "Governance#PeperToken" (and the generated address key "PeperToken") is PEPER wherever
 * it is; the bridged token has the same ERC-20, permit, votes and clock ABI.
 *
 * Parameters (see contracts/ignition/parameters/*.json): all times are in seconds because PEPER's
 * clock is in timestamp mode. `tokenCap`, `tokenRecipients` and `tokenAmounts` are read on the home
 * chain only.
 */
function build(role: PeperRole) {
  return buildModule("Governance", (m) => {
    const deployer = m.getAccount(0);

    const minDelay = m.getParameter<bigint>("timelockMinDelay", 2n * 24n * 3600n);
    const votingDelay = m.getParameter<bigint>("votingDelay", 24n * 3600n);
    const votingPeriod = m.getParameter<bigint>("votingPeriod", 7n * 24n * 3600n);
    const proposalThreshold = m.getParameter<bigint>("proposalThreshold", 100_000n * 10n ** 18n);
    const quorumPercent = m.getParameter<bigint>("quorumPercent", 4n);
    const voteExtension = m.getParameter<bigint>("voteExtension", 2n * 24n * 3600n);

    const timelock = m.contract("PeperTimelock", [
      minDelay,
      [],
      ["0x0000000000000000000000000000000000000000"],
      deployer,
    ]);
    const token =
      role === "home"
        ? m.contract("PeperToken", [
            timelock,
            m.getParameter<bigint>("tokenCap", 1_000_000_000n * 10n ** 18n),
            m.getParameter<string[]>("tokenRecipients"),
            m.getParameter<bigint[]>("tokenAmounts"),
          ])
        : m.contract("PeperBridgedToken", [deployer, "0x0000000000000000000000000000000000000000"], {
            id: "PeperToken",
          });
    const governor = m.contract("PeperGovernor", [
      token,
      timelock,
      votingDelay,
      votingPeriod,
      proposalThreshold,
      quorumPercent,
      voteExtension,
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
}

const modules = { home: build("home"), remote: build("remote") } as const;

/** The Governance module for a chain's role (one module object per role, as Ignition expects). */
export const governanceModule = (role: PeperRole) => modules[role];

/** The home chain's DAO. */
export default modules.home;
