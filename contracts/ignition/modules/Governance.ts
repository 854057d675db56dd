import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The DAO: PEPER, the Timelock (treasury and owner of every parameter) and the Governor.
 *
 * Order: the Timelock is deployed first with the deployer as a temporary admin (the Governor's
 * address is not known yet), then PEPER (owned by the Timelock) and the Governor; the Governor is
 * granted the proposer and canceller roles, and finally the deployer renounces the admin role, so no
 * deployer key keeps a privilege. Executor = address(0): anyone may execute a ready operation.
 *
 * Parameters (see contracts/ignition/parameters/*.json): all times are in seconds because PEPER's
 * clock is in timestamp mode.
 */
export default buildModule("Governance", (m) => {
  const deployer = m.getAccount(0);

  const minDelay = m.getParameter<bigint>("timelockMinDelay", 2n * 24n * 3600n);
  const cap = m.getParameter<bigint>("tokenCap", 1_000_000_000n * 10n ** 18n);
  const recipients = m.getParameter<string[]>("tokenRecipients");
  const amounts = m.getParameter<bigint[]>("tokenAmounts");
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
  const token = m.contract("PeperToken", [timelock, cap, recipients, amounts]);
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
