// Gas of the DAO's everyday calls on PeperGovernor + PEPER, next to the same calls on OpenZeppelin's
// Contracts Wizard Governor + ERC20Votes token (contracts/test/reference). Same sequence on both:
// three holders delegate, one proposes a treasury ETH transfer, three vote (plain, with reason, by
// signature relayed by a fourth account), then queue and execute through the Timelock.
//
//   npx hardhat run scripts/bench/governance-gas.ts          (npm run gas writes the snapshot)
import { network } from "hardhat";

import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";
import { BALLOT_TYPES } from "../../offchain/src/protocol/typedData.ts";

const E18 = 10n ** 18n;
const DELAY = 60; // voting delay (seconds or blocks) and timelock delay
const PERIOD = 600; // voting period (seconds or blocks)

type Kind = "PeperGovernor" | "OzWizardGovernor";

const gasOf = async (tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>): Promise<number> => {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return Number(receipt.gasUsed);
};

async function measure(kind: Kind): Promise<Record<string, number>> {
  // A fresh chain for each implementation, so both start from the same state.
  const { ethers, networkHelpers } = await network.create();
  const signers = await ethers.getSigners();
  const signer = (i: number) => {
    const s = signers[i];
    if (!s) throw new Error(`the benchmark needs ${i + 1} accounts`);
    return s;
  };
  const [alice, bob, carol, relayer] = [signer(0), signer(1), signer(2), signer(3)];
  const gas: Record<string, number> = {};
  const timelock = await ethers.deployContract("PeperTimelock", [DELAY, [], [ethers.ZeroAddress], alice.address]);
  const token =
    kind === "PeperGovernor"
      ? await ethers.deployContract("PeperToken", [
          await timelock.getAddress(),
          1_000_000_000n * E18,
          [alice.address, bob.address, carol.address],
          [40_000_000n * E18, 30_000_000n * E18, 20_000_000n * E18],
        ])
      : await ethers.deployContract("OzWizardToken", [alice.address, 90_000_000n * E18]);
  if (kind === "OzWizardGovernor") {
    await (await token.getFunction("transfer")(bob.address, 30_000_000n * E18)).wait();
    await (await token.getFunction("transfer")(carol.address, 20_000_000n * E18)).wait();
  }
  const governor =
    kind === "PeperGovernor"
      ? await ethers.deployContract("PeperGovernor", [token, timelock, DELAY, PERIOD, 0, 4, 60])
      : await ethers.deployContract("OzWizardGovernor", [token, timelock, DELAY, PERIOD]);
  await (await timelock.grantRole(await timelock.PROPOSER_ROLE(), await governor.getAddress())).wait();
  await (await alice.sendTransaction({ to: await timelock.getAddress(), value: ethers.parseEther("1") })).wait();

  const advance = async (units: number) => {
    // Peper's clock is the timestamp; the Wizard token's is the block number.
    if (kind === "PeperGovernor") await networkHelpers.time.increase(units);
    else await networkHelpers.mine(units);
  };

  gas.delegate = await gasOf(token.connect(alice).getFunction("delegate")(alice.address));
  await (await token.connect(bob).getFunction("delegate")(bob.address)).wait();
  await (await token.connect(carol).getFunction("delegate")(carol.address)).wait();
  await networkHelpers.mine(1);

  const recipient = "0x000000000000000000000000000000000000bEEF"; // fixed: calldata gas depends on it
  const targets = [recipient];
  const values = [ethers.parseEther("0.5")];
  const calldatas = ["0x"];
  const description = "Send 0.5 ETH from the treasury to the recipient";
  const descriptionHash = ethers.id(description);
  gas.propose = await gasOf(governor.connect(alice).getFunction("propose")(targets, values, calldatas, description));
  const id: bigint = await governor.getFunction("hashProposal")(targets, values, calldatas, descriptionHash);
  await advance(DELAY + 1);

  gas["castVote (reaches quorum)"] = await gasOf(governor.connect(alice).getFunction("castVote")(id, 1));
  gas.castVoteWithReason = await gasOf(
    governor.connect(bob).getFunction("castVoteWithReason")(id, 0, "Too early for this spend."),
  );
  const { chainId } = await ethers.provider.getNetwork();
  const signature = await carol.signTypedData(
    {
      name: await governor.getFunction("name")(),
      version: "1",
      chainId,
      verifyingContract: await governor.getAddress(),
    },
    { Ballot: [...BALLOT_TYPES.Ballot] },
    { proposalId: id, support: 1, voter: carol.address, nonce: await governor.getFunction("nonces")(carol.address) },
  );
  gas.castVoteBySig = await gasOf(
    governor.connect(relayer).getFunction("castVoteBySig")(id, 1, carol.address, signature),
  );

  // Past the deadline (Peper's may have been extended by late-quorum protection).
  await advance(PERIOD + 120);
  gas.queue = await gasOf(governor.connect(alice).getFunction("queue")(targets, values, calldatas, descriptionHash));
  await networkHelpers.time.increase(DELAY + 1);
  gas.execute = await gasOf(
    governor.connect(relayer).getFunction("execute")(targets, values, calldatas, descriptionHash),
  );
  if ((await ethers.provider.getBalance(recipient)) !== values[0]) throw new Error("execute had no effect");
  return gas;
}

const table: GasTable = {
  PeperGovernor: await measure("PeperGovernor"),
  OzWizardGovernor: await measure("OzWizardGovernor"),
};
printTable("Governance gas (gas used per transaction; difference = Peper − OZ Wizard)", table);
snapshot("governance", table);
