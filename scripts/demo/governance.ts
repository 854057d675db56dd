// Demo state for the DAO: the demo holders delegate, the treasury is funded, and on chain A one live
// proposal waits for votes.
import type { DemoContext } from "./context.ts";

export async function demoGovernance({
  ethers,
  networkHelpers,
  chainId,
  accounts,
  address,
}: DemoContext): Promise<void> {
  const [alice, bob, carol, dave, , grants] = accounts;
  if (!alice || !bob || !carol || !dave || !grants) throw new Error("the local chain needs at least 6 accounts");
  const token = await ethers.getContractAt("PeperToken", address("PeperToken"));
  const governor = await ethers.getContractAt("PeperGovernor", address("PeperGovernor"));
  const timelock = address("PeperTimelock");

  // Holders delegate: three to themselves, Dave to Bob (so a delegate holds others' votes).
  for (const holder of [alice, bob, carol]) await (await token.connect(holder).delegate(holder.address)).wait();
  await (await token.connect(dave).delegate(bob.address)).wait();

  // Fund the treasury (the Timelock) with PEPER and ETH.
  await (await token.connect(alice).transfer(timelock, ethers.parseEther("5000000"))).wait();
  await (await alice.sendTransaction({ to: timelock, value: ethers.parseEther("100") })).wait();

  if (chainId !== 31337) return;
  const amount = ethers.parseEther("250000");
  const description =
    "# PIP-1: Fund the community grants programme\n\n" +
    "Transfer **250,000 PEPER** from the treasury to the grants multisig " +
    `(\`${grants.address}\`) to fund the first round of community grants.\n\n` +
    "- Round length: 3 months\n- Reporting: monthly, on the forum";
  const target = await token.getAddress();
  const calldata = token.interface.encodeFunctionData("transfer", [grants.address, amount]);
  await (await governor.connect(alice).propose([target], [0n], [calldata], description)).wait();
  // Let the voting delay pass so that the proposal is live (Active) when the dApp opens.
  await networkHelpers.time.increase(Number(await governor.votingDelay()) + 1);
  const id = await governor.hashProposal([target], [0n], [calldata], ethers.id(description));
  await (await governor.connect(carol).castVoteWithReason(id, 1, "Grants grow the ecosystem.")).wait();
}
