import { expect } from "chai";

import { DEADLINE, deployAmm, E18, ethers, networkHelpers } from "./ammFixture.ts";
import { PERMIT_TYPES } from "../../../offchain/src/protocol/typedData.ts";

const { loadFixture } = networkHelpers;
const SUPPLY = 10n ** 30n;

async function withHostile() {
  const amm = await deployAmm();
  const { owner, router } = amm;
  const deploy = async (name: string) => {
    const t = await ethers.deployContract(name, [owner.address, SUPPLY]);
    await t.getFunction("approve")(router, ethers.MaxUint256);
    return t;
  };
  return {
    ...amm,
    fee: await deploy("FeeOnTransferToken"),
    rebasing: await deploy("RebasingToken"),
    reentrant: await deploy("ReentrantToken"),
    noReturn: await deploy("NoReturnToken"),
    returnsFalse: await deploy("ReturnsFalseToken"),
  };
}

describe("AMM with hostile tokens", () => {
  it("fee-on-transfer: the SupportingFeeOnTransferTokens functions work, the exact-amount ones revert", async () => {
    const h = await loadFixture(withHostile);
    const { router, fee, tokenA, weth, owner } = h;
    await router.addLiquidity(fee, tokenA, 1000n * E18, 1000n * E18, 0, 0, owner.address, DEADLINE);
    await router.addLiquidityETH(fee, 1000n * E18, 0, 0, owner.address, DEADLINE, { value: 10n * E18 });
    const [f, a, w] = [await fee.getAddress(), await tokenA.getAddress(), await weth.getAddress()];
    // the pair receives 1 % less than the router computed with: k would fall
    const pairFA = await ethers.getContractAt("PeperPair", await h.factory.getPair(f, a));
    await expect(
      router.swapExactTokensForTokens(10n * E18, 0, [f, a], owner.address, DEADLINE),
    ).to.be.revertedWithCustomError(pairFA, "PairK");
    await expect(
      router.swapExactTokensForTokensSupportingFeeOnTransferTokens(10n * E18, 1n, [f, a], owner.address, DEADLINE),
    ).to.emit(tokenA, "Transfer");
    // output side: what the recipient actually receives is checked against the minimum
    const [, quoted] = await router.getAmountsOut(10n * E18, [a, f]);
    await expect(
      router.swapExactTokensForTokensSupportingFeeOnTransferTokens(10n * E18, quoted!, [a, f], owner.address, DEADLINE),
    ).to.be.revertedWithCustomError(router, "RouterInsufficientOutputAmount");
    await router.swapExactETHForTokensSupportingFeeOnTransferTokens(0, [w, f], owner.address, DEADLINE, {
      value: E18 / 10n,
    });
    await router.swapExactTokensForETHSupportingFeeOnTransferTokens(E18, 0, [f, w], owner.address, DEADLINE);
    const pairFW = await ethers.getContractAt("PeperPair", await h.factory.getPair(f, w));
    await pairFW.approve(router, ethers.MaxUint256);
    const [r0, r1] = await pairFW.getReserves();
    const reserveW = (await pairFW.token0()) === w ? r0 : r1;
    const ethOut = (E18 * reserveW) / (await pairFW.totalSupply());
    await expect(
      router.removeLiquidityETHSupportingFeeOnTransferTokens(f, E18, 0, 0, owner.address, DEADLINE),
    ).to.changeEtherBalance(ethers, owner, ethOut, { includeFee: false });
    // the permit variant, with a signature instead of an approval
    await pairFW.approve(router, 0);
    const { chainId } = await ethers.provider.getNetwork();
    const sig = ethers.Signature.from(
      await owner.signTypedData(
        { name: "Peper LP", version: "1", chainId, verifyingContract: await pairFW.getAddress() },
        { Permit: [...PERMIT_TYPES.Permit] },
        { owner: owner.address, spender: await router.getAddress(), value: E18, nonce: 0n, deadline: DEADLINE },
      ),
    );
    await expect(
      router.removeLiquidityETHWithPermitSupportingFeeOnTransferTokens(
        f,
        E18,
        0,
        0,
        owner.address,
        DEADLINE,
        false,
        sig.v,
        sig.r,
        sig.s,
      ),
    ).to.emit(pairFW, "Burn");
  });

  it("rebasing: an upward rebase is skimmable; a downward one blocks mint until sync", async () => {
    const h = await loadFixture(withHostile);
    const { router, rebasing, tokenA, owner, bob, factory } = h;
    await router.addLiquidity(rebasing, tokenA, 1000n * E18, 1000n * E18, 0, 0, owner.address, DEADLINE);
    const pair = await ethers.getContractAt("PeperPair", await factory.getPair(rebasing, tokenA));
    await rebasing.getFunction("rebase")(11_000); // +10 %
    await pair.skim(bob.address);
    expect(await rebasing.getFunction("balanceOf")(bob.address)).to.be.closeTo(100n * E18, 10n);
    await rebasing.getFunction("rebase")(9_000); // below the reserves now
    await tokenA.transfer(pair, E18);
    await expect(pair.mint(owner.address)).to.be.revertedWithCustomError(pair, "PairBalanceBelowReserve");
    await pair.sync(); // adopts the lower balance (and absorbs the 1 A sent as a donation)
    await tokenA.transfer(pair, E18);
    await rebasing.getFunction("transfer")(pair, E18);
    await expect(pair.mint(owner.address)).to.emit(pair, "Mint");
    // swaps stay consistent after the sync
    await router.swapExactTokensForTokens(
      E18,
      0,
      [await tokenA.getAddress(), await rebasing.getAddress()],
      owner.address,
      DEADLINE,
    );
  });

  it("reentrant token: reentering the pair during its transfer reverts and changes nothing", async () => {
    const h = await loadFixture(withHostile);
    const { router, reentrant, tokenA, owner, factory } = h;
    await router.addLiquidity(reentrant, tokenA, 1000n * E18, 1000n * E18, 0, 0, owner.address, DEADLINE);
    const pair = await ethers.getContractAt("PeperPair", await factory.getPair(reentrant, tokenA));
    const reservesBefore = await pair.getReserves();
    for (const data of [
      pair.interface.encodeFunctionData("sync"),
      pair.interface.encodeFunctionData("skim", [owner.address]),
      pair.interface.encodeFunctionData("mint", [owner.address]),
      pair.interface.encodeFunctionData("burn", [owner.address]),
      pair.interface.encodeFunctionData("swap", [1n, 0n, owner.address, "0x"]),
    ]) {
      await reentrant.getFunction("arm")(pair, data);
      await expect(
        router.swapExactTokensForTokens(
          E18,
          0,
          [await tokenA.getAddress(), await reentrant.getAddress()],
          owner.address,
          DEADLINE,
        ),
      ).to.be.revertedWithCustomError(pair, "ReentrancyGuardReentrantCall");
      await reentrant.getFunction("arm")(ethers.ZeroAddress, "0x");
    }
    expect(await pair.getReserves()).to.deep.equal(reservesBefore);
  });

  it("no-return token (USDT style) works through SafeERC20", async () => {
    const h = await loadFixture(withHostile);
    const { router, noReturn, tokenA, owner } = h;
    await router.addLiquidity(noReturn, tokenA, 1000n * E18, 1000n * E18, 0, 0, owner.address, DEADLINE);
    await expect(
      router.swapExactTokensForTokens(
        E18,
        0,
        [await noReturn.getAddress(), await tokenA.getAddress()],
        owner.address,
        DEADLINE,
      ),
    ).to.emit(tokenA, "Transfer");
    await router.swapExactTokensForTokens(
      E18,
      0,
      [await tokenA.getAddress(), await noReturn.getAddress()],
      owner.address,
      DEADLINE,
    );
  });

  it("a token that returns false instead of reverting is treated as a failed transfer", async () => {
    const h = await loadFixture(withHostile);
    const { router, returnsFalse, tokenA, owner } = h;
    await router.addLiquidity(returnsFalse, tokenA, 1000n * E18, 1000n * E18, 0, 0, owner.address, DEADLINE);
    await returnsFalse.getFunction("setFailing")(true);
    await expect(
      router.swapExactTokensForTokens(
        E18,
        0,
        [await returnsFalse.getAddress(), await tokenA.getAddress()],
        owner.address,
        DEADLINE,
      ),
    ).to.be.revertedWithCustomError(router, "SafeERC20FailedOperation");
    // the pair also refuses to pay out in it
    await expect(
      router.swapExactTokensForTokens(
        E18,
        0,
        [await tokenA.getAddress(), await returnsFalse.getAddress()],
        owner.address,
        DEADLINE,
      ),
    ).to.be.revertedWithCustomError(router, "SafeERC20FailedOperation");
  });
});
