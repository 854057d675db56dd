import { BaseError } from "./base.ts";

/** A contract is not deployed on the chain asked for (or the chain is unknown to Peper). */
export class ContractNotDeployedError extends BaseError {
  override name = "ContractNotDeployedError";
  readonly contract: string;
  readonly chainId: number;

  constructor(contract: string, chainId: number, knownChainIds: readonly number[]) {
    super(`${contract} is not deployed on chain ${chainId}.`, {
      details:
        knownChainIds.length === 0
          ? "No deployment is recorded yet. Run `npm start` for the local chains, or `npm run deploy -- --network <name>`."
          : `Peper ${contract} is deployed on chain ids: ${knownChainIds.join(", ")}. Switch to one of them, or deploy with \`npm run deploy -- --network <name>\`.`,
    });
    this.contract = contract;
    this.chainId = chainId;
  }
}
